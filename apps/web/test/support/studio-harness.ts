// Browser-test harness: builds the studio, starts the real server on a free loopback port
// (SQLite in a temp folder, an admin token), and drives Debian's Chromium with playwright-core.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type ConsoleMessage, type Locator, type Page } from 'playwright-core';

/** The repository root (apps/web/test/support → ../../../..). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../../../../', import.meta.url)));
/** The web app folder. */
export const WEB_DIR = join(REPO_ROOT, 'apps', 'web');
/** Where screenshots go (gitignored test artefacts). */
export const SCREENSHOT_DIR = join(REPO_ROOT, 'artifacts', 'screenshots');
/** The Flow corpus. */
export const CORPUS_DIR = join(REPO_ROOT, '..', 'shared', 'corpus');

let built = false;

/** Builds apps/web/dist once per process (skipped when FLOWLINE_WEB_PREBUILT=1 and a build exists). */
export function buildStudio(): void {
  if (built) return;
  if (process.env['FLOWLINE_WEB_PREBUILT'] === '1' && existsSync(join(WEB_DIR, 'dist', 'index.html'))) {
    built = true;
    return;
  }
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: WEB_DIR, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`vite build failed with exit ${String(result.status)}`);
  built = true;
}

/** A free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** A running Flowline server for a test. */
export interface StudioServer {
  readonly baseUrl: string;
  readonly token: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** A JSON answer of the admin API: its status and its body (`{}` when empty). */
export interface ApiAnswer {
  readonly status: number;
  readonly data: Record<string, unknown>;
}

/** Calls the admin API (`/api/v1…`) of a test server as `token` (default: its admin's). */
export async function callApi(server: StudioServer, method: string, path: string, body?: unknown, token = server.token): Promise<ApiAnswer> {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, data: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

/** Starts `flowline serve` (the real server, one worker) with SQLite in a temp folder and an admin token. */
export async function startStudioServer(extraEnv: Readonly<Record<string, string>> = {}): Promise<StudioServer> {
  buildStudio();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-web-'));
  const token = `flt_test_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  // FLOWLINE_TEST_SERVER=dist runs the built CLI (after `npm run build`); the default runs the sources.
  const fromDist = process.env['FLOWLINE_TEST_SERVER'] === 'dist';
  const args = fromDist ? [join(REPO_ROOT, 'apps', 'cli', 'dist', 'bin.js'), 'serve'] : ['--conditions=source', '--import', 'tsx', join(REPO_ROOT, 'apps', 'cli', 'src', 'bin.ts'), 'serve'];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', FLOWLINE_WORKERS: '1', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_ADMIN_TOKEN: token,
      FLOWLINE_KEY_PASSPHRASE: 'browser-test-passphrase', FLOWLINE_APP_SECRET: 'browser-test-secret',
      // The longest handler deadline allowed: these tests are about the studio, and on a loaded CI machine
      // the 3 s default was seen to pass (the Flow then shows its fallback). Deadlines have their own tests.
      FLOWLINE_HANDLER_TIMEOUT_MS: '9000', ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { output += d.toString(); });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer /healthz within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    token,
    dataDir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Launches Debian's Chromium headless (install with `apt-get install -y chromium`). */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env['FLOWLINE_CHROMIUM'] ?? '/usr/bin/chromium';
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Collects console errors and uncaught page errors of a page (the corpus test asserts there are none). */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Opens the studio and signs in with the token (the admin's unless told; through the sign-in form, as a person would). */
export async function signIn(page: Page, server: StudioServer, path = '/', token = server.token): Promise<void> {
  await page.goto(`${server.baseUrl}${path}`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** Above this many characters `putText` places the text at once instead of through `fill`. */
export const FILL_LIMIT = 200_000;

/**
 * Puts `text` into a text field as one change. Short texts go through Playwright's `fill` (Chromium's
 * editing path, as typing would). Long ones (the corpus holds a 2.7 MB Flow with inline base64 images)
 * are set through the element's own value setter and one bubbling `input` event, which is how a paste
 * lands for React's `onChange`: `fill` inserts the text with CDP `Input.insertText`, whose cost in
 * Chromium grows faster than the text (1 MB ≈ 6 s, 2.7 MB > 2 min on a slow machine), so it would time
 * out although the page is idle.
 */
export async function putText(field: Locator, text: string): Promise<void> {
  if (text.length <= FILL_LIMIT) {
    await field.fill(text);
    return;
  }
  await field.waitFor({ state: 'visible' });
  await field.evaluate((element, value) => {
    if (!(element instanceof HTMLTextAreaElement || element instanceof HTMLInputElement)) throw new Error('putText needs a text field');
    const prototype = element instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    // The prototype's setter, so that React's value tracker sees a change and runs onChange.
    Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(element, value);
    element.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}

/** Writes a full-page screenshot to artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Issues an API token of a role through the admin API (the admin token of the server). */
export async function issueToken(server: StudioServer, role: string, name: string): Promise<string> {
  const response = await fetch(`${server.baseUrl}/api/v1/tokens`, {
    method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name, role }),
  });
  const body = (await response.json()) as { token?: string };
  if (response.status !== 201 || body.token === undefined) throw new Error(`cannot issue a ${role} token (${response.status})`);
  return body.token;
}

const reviewTeams = new WeakMap<StudioServer, Promise<{ designer: string; reviewer: string }>>();

/**
 * Takes a version through review as a team would (docs/governance.md): a designer submits it and a
 * reviewer approves it, each with a token of their own (issued once per server).
 */
export async function approveThroughReview(server: StudioServer, flowId: string, version: number): Promise<void> {
  let team = reviewTeams.get(server);
  if (team === undefined) {
    team = Promise.all([issueToken(server, 'designer', 'team-designer'), issueToken(server, 'reviewer', 'team-reviewer')]).then(([designer, reviewer]) => ({ designer, reviewer }));
    reviewTeams.set(server, team);
  }
  const { designer, reviewer } = await team;
  for (const [token, step] of [[designer, 'submit'], [reviewer, 'approve']] as const) {
    const response = await fetch(`${server.baseUrl}/api/v1/flows/${flowId}/versions/${version}/${step}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`${step} ${flowId} v${version}: ${response.status} ${await response.text()}`);
  }
}

/** Width and height from a JPEG's start-of-frame segment (SOF0–SOF3). */
export function jpegSize(jpeg: Buffer): [number, number] {
  for (let at = 2; at + 9 < jpeg.length;) {
    const marker = jpeg.readUInt16BE(at);
    if (marker >= 0xffc0 && marker <= 0xffc3) return [jpeg.readUInt16BE(at + 7), jpeg.readUInt16BE(at + 5)];
    at += 2 + jpeg.readUInt16BE(at + 2);
  }
  throw new Error('no frame header in the JPEG');
}
