// Studio benchmark (run by `npm run bench`): in Chromium, (1) edit → preview DOM updated on a
// 10-screen Flow in the editor, median/p95 over many edits, against the editor's own echo of the
// keystroke as the baseline; (2) the gzipped JavaScript the browser loads for the app shell
// (sign-in page), against shell + editor (what an eager editor would cost).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { launchBrowser, signIn, startStudioServer, WEB_DIR } from './support/studio-harness.js';
import { tenScreenFlow } from './support/ten-screen-flow.js';

const EDITS = 60;
const SHELL_TARGET_KB = 300;
const PREVIEW_TARGET_MS = 50;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const server = await startStudioServer();
const browser = await launchBrowser();
try {
  // (2) Shell JavaScript as loaded by the browser on the sign-in page.
  const shellPage = await browser.newPage();
  const scripts = new Map<string, Buffer>();
  shellPage.on('response', (response) => {
    if (response.request().resourceType() === 'script') void response.body().then((b) => scripts.set(response.url(), b));
  });
  await shellPage.goto(server.baseUrl);
  await shellPage.getByLabel('API token').waitFor();
  await shellPage.waitForLoadState('networkidle');
  const shellGzip = [...scripts.values()].reduce((sum, b) => sum + gzipSync(b).length, 0);
  const shellRaw = [...scripts.values()].reduce((sum, b) => sum + b.length, 0);
  const assets = readFileSync(join(WEB_DIR, 'dist', 'index.html'), 'utf8');
  const editorChunks = new Map<string, Buffer>();

  // (1) Edit → preview on a 10-screen Flow.
  const create = await fetch(`${server.baseUrl}/api/v1/flows`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'bench-ten', name: 'Bench ten screens', flowJson: JSON.stringify(tenScreenFlow(), null, 2) }),
  });
  if (!create.ok) throw new Error(`creating the bench Flow failed: ${create.status} ${await create.text()}`);
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script' && !scripts.has(response.url())) void response.body().then((b) => editorChunks.set(response.url(), b));
  });
  await signIn(page, server, '/flows/bench-ten/edit');
  await page.locator('.wa-body[data-screen="STEP_A"] [data-component="TextHeading"]').waitFor();
  const timings = await page.evaluate(async (edits: number) => {
    const content = document.querySelector<HTMLElement>('.json-editor .cm-content');
    const heading = document.querySelector<HTMLElement>('.wa-body [data-component="TextHeading"]');
    if (content === null || heading === null) throw new Error('editor or preview missing');
    // Put the cursor right after "Heading 1 inside the first screen's TextHeading text.
    const line = Array.from(content.querySelectorAll('.cm-line')).find((l) => l.textContent?.includes('"Heading 1"'));
    if (line === undefined) throw new Error('heading line not visible');
    const text = line.firstChild === null ? undefined : line;
    const walker = document.createTreeWalker(text ?? line, NodeFilter.SHOW_TEXT);
    let node: Node | null = walker.nextNode();
    while (node !== null && !(node.textContent ?? '').includes('Heading 1')) node = walker.nextNode();
    if (node === null) throw new Error('heading text node not found');
    const offset = (node.textContent ?? '').indexOf('Heading 1') + 'Heading 1'.length;
    content.focus();
    const selection = window.getSelection();
    const range = document.createRange();
    range.setStart(node, offset);
    range.collapse(true);
    selection?.removeAllRanges();
    selection?.addRange(range);
    await new Promise((r) => setTimeout(r, 50));
    const preview: number[] = [];
    const echo: number[] = [];
    for (let i = 0; i < edits; i++) {
      const ch = String.fromCharCode(97 + (i % 26));
      const before = heading.isConnected ? heading.textContent ?? '' : '';
      const target = document.querySelector<HTMLElement>('.wa-body [data-component="TextHeading"]');
      const done = new Promise<number>((resolve) => {
        const observer = new MutationObserver(() => {
          const now = document.querySelector<HTMLElement>('.wa-body [data-component="TextHeading"]')?.textContent ?? '';
          if (now !== before && now.endsWith(ch)) {
            observer.disconnect();
            resolve(performance.now());
          }
        });
        observer.observe(target?.parentElement ?? document.body, { subtree: true, childList: true, characterData: true });
      });
      const t0 = performance.now();
      document.execCommand('insertText', false, ch);
      echo.push(performance.now() - t0);
      preview.push((await done) - t0);
      await new Promise((r) => setTimeout(r, 30));
    }
    return { preview, echo };
  }, EDITS);
  const medianPreview = percentile(timings.preview, 50);
  const p95Preview = percentile(timings.preview, 95);
  const medianEcho = percentile(timings.echo, 50);
  const editorGzip = [...editorChunks.values()].reduce((sum, b) => sum + gzipSync(b).length, 0);
  const kb = (n: number) => (n / 1024).toFixed(1);
  const lines = [
    '## Web studio: preview latency and shell size (Chromium)',
    '',
    '`node --conditions=source --import tsx apps/web/test/studio.bench.ts` (builds the studio, starts the real server, drives /usr/bin/chromium headless).',
    '',
    `Edit → preview: ${EDITS} one-character edits of the first screen's heading in the editor of a 10-screen Flow, timed in the page from the edit (CodeMirror input) to the phone's DOM showing it. Baseline: the same edit's synchronous handling by CodeMirror alone (its own echo).`,
    '',
    '| measure | value | target | met |',
    '|---|---|---|---|',
    `| edit → preview DOM, median | ${medianPreview.toFixed(1)} ms | ≤ ${PREVIEW_TARGET_MS} ms | ${medianPreview <= PREVIEW_TARGET_MS ? 'yes' : 'no'} |`,
    `| edit → preview DOM, p95 | ${p95Preview.toFixed(1)} ms | ≤ ${PREVIEW_TARGET_MS} ms | ${p95Preview <= PREVIEW_TARGET_MS ? 'yes' : 'no'} |`,
    `| CodeMirror echo of the edit (baseline), median | ${medianEcho.toFixed(2)} ms | — | — |`,
    `| preview / baseline (median) | ${(medianPreview / Math.max(medianEcho, 0.01)).toFixed(1)}× | — | — |`,
    `| app shell JavaScript loaded at sign-in, gzipped | ${kb(shellGzip)} KB (${kb(shellRaw)} KB raw, ${scripts.size} files) | ≤ ${SHELL_TARGET_KB} KB | ${shellGzip / 1024 <= SHELL_TARGET_KB ? 'yes' : 'no'} |`,
    `| editor + preview chunks loaded later, gzipped | ${kb(editorGzip)} KB (${editorChunks.size} files) | lazy | — |`,
    `| shell / (shell + lazy chunks) | ${((shellGzip / (shellGzip + editorGzip)) * 100).toFixed(0)} % | — | — |`,
    '',
    `index.html references ${[...assets.matchAll(/src="|href="/g)].length} assets.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await browser.close();
  await server.stop();
}
