import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
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

/** Controls without an accessible name (label, aria-label(ledby), text or title). */
async function unlabelled(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll('input, select, textarea, button, a[href], [role="textbox"]'))) {
      const html = el as HTMLElement;
      if (html.closest('[aria-hidden="true"]') !== null || html.offsetParent === null && html.getAttribute('type') !== 'file') continue;
      const labelled = ('labels' in el && (el as HTMLInputElement).labels !== null && ((el as HTMLInputElement).labels?.length ?? 0) > 0)
        || html.getAttribute('aria-label') !== null || html.getAttribute('aria-labelledby') !== null
        || (html.tagName === 'BUTTON' || html.tagName === 'A') && (html.textContent ?? '').trim() !== '' || html.title !== '';
      if (!labelled) out.push(html.outerHTML.slice(0, 120));
    }
    return out;
  });
}

test('main pages have landmarks, one h1 and labelled controls', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(server.baseUrl);
  assert.deepEqual(await unlabelled(page), [], 'sign-in page');
  await signIn(page, server);
  for (const path of ['/', '/flows/new', '/flows/registration', '/flows/registration/edit', '/preview']) {
    await page.goto(`${server.baseUrl}${path}`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForFunction(() => document.querySelector('[role="status"]')?.textContent !== 'Loading…');
    await page.waitForTimeout(300);
    const snapshot = await page.locator('body').ariaSnapshot();
    assert.match(snapshot, /navigation "Main"/, `${path}: main navigation`);
    assert.match(snapshot, /main/, `${path}: main landmark`);
    assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1, `${path}: one h1`);
    assert.deepEqual(await unlabelled(page), [], `${path}: unlabelled controls`);
  }
  await page.close();
});

test('the keyboard reaches the skip link, the navigation and the page', async () => {
  const page = await browser.newPage();
  await signIn(page, server);
  await page.goto(`${server.baseUrl}/`);
  await page.getByRole('heading', { name: 'Flows', level: 1 }).waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  // From the top, Tab walks the brand, sign-out and navigation links in order.
  await page.goto(`${server.baseUrl}/`);
  await page.getByRole('heading', { name: 'Flows', level: 1 }).waitFor();
  const seen: string[] = [];
  for (let i = 0; i < 8 && seen.at(-1) !== 'Preview'; i++) {
    await page.keyboard.press('Tab');
    seen.push(await page.evaluate(() => (document.activeElement?.textContent ?? '').trim()));
  }
  assert.equal(seen.at(-1), 'Preview', `navigation reachable by Tab: ${seen.join(' / ')}`);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Preview', level: 1 }).waitFor();
  assert.match(page.url(), /\/preview$/);
  await page.close();
});
