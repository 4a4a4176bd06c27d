// The studio works under the server's Content-Security-Policy: every page renders (the editor with
// CodeMirror's styles, the dashboards' charts) without one policy violation in Chromium.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, signIn, startStudioServer, type StudioServer } from './support/studio-harness.js';

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

/** Records every CSP violation of the page (the event fires for blocked scripts, styles, images, frames, eval). */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('__cspViolation', (text: string) => void violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __cspViolation(text: string): void }).__cspViolation(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) violations.push(message.text());
  });
  return violations;
}

test('every studio page renders under the Content-Security-Policy without a violation', async () => {
  const page = await browser.newPage();
  const violations = await watchViolations(page);
  const first = await page.goto(`${server.baseUrl}/`);
  assert.match(first?.headers()['content-security-policy'] ?? '', /script-src 'self'/);
  await signIn(page, server);
  for (const [path, ready] of [
    ['/', 'main'],
    ['/flows/appointment-booking', 'main'],
    ['/flows/appointment-booking/edit', '.cm-editor .cm-content'],
    ['/preview', 'main'],
    ['/sandbox', 'main'],
    ['/inbox', 'main'],
    ['/routing', 'main'],
    ['/deliveries', 'main'],
    ['/dashboards', 'main'],
    ['/flows/appointment-booking/versions/1/review', 'section[aria-label="Review actions"]'],
    ['/audit', 'table.audit'],
  ] as const) {
    await page.goto(`${server.baseUrl}${path}`);
    await page.locator(ready).first().waitFor();
    await page.waitForLoadState('networkidle');
  }
  // CodeMirror's own stylesheet applied (it would fall back to no styling if the policy blocked it).
  await page.goto(`${server.baseUrl}/flows/appointment-booking/edit`);
  const editor = page.locator('.cm-editor').first();
  await editor.waitFor();
  assert.equal(await editor.evaluate((el) => getComputedStyle(el).display), 'flex');
  assert.deepEqual(violations, []);
  await page.close();
});
