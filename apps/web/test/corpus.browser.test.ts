import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { collectConsoleErrors, CORPUS_DIR, launchBrowser, putText, screenshot, signIn, startStudioServer, type StudioServer } from './support/studio-harness.js';

let server: StudioServer;
let browser: Browser;

before(async () => {
  server = await startStudioServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('every Flow of the corpus renders in the preview without a console error', { timeout: 15 * 60_000 }, async () => {
  const dir = join(CORPUS_DIR, 'flows');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  assert.ok(files.length >= 50, `expected the corpus Flows, found ${files.length}`);
  const page = await browser.newPage({ viewport: { width: 1300, height: 950 } });
  const errors = collectConsoleErrors(page);
  await signIn(page, server, '/preview');
  await page.getByRole('heading', { name: 'Preview', level: 1 }).waitFor();
  const failures: string[] = [];
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    const before = errors.length;
    await putText(page.getByLabel('Flow JSON'), text);
    const phone = page.getByRole('region', { name: 'Phone preview' });
    await phone.waitFor();
    const firstScreen = (JSON.parse(text) as { screens?: { id?: string }[] }).screens?.[0]?.id;
    // A screen is drawn (data-screen is set) and it carries at least one component or a Footer.
    await page.waitForFunction(() => document.querySelector('.wa-body[data-screen]') !== null
      && (document.querySelectorAll('.wa-body [data-component]').length > 0 || document.querySelector('.wa-footer-button') !== null), undefined, { timeout: 5000 })
      .catch(() => failures.push(`${file}: no screen drawn (first screen ${firstScreen ?? '?'})`));
    if (errors.length > before) failures.push(`${file}: ${errors.slice(before).join(' | ')}`);
    if (file.includes('survey') || file.includes('ejemplo-completo')) await screenshot(page, `corpus-${file.replace(/\.json$/, '')}`);
  }
  await page.close();
  assert.deepEqual(failures, []);
});
