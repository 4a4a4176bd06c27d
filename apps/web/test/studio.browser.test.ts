import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { approveThroughReview, collectConsoleErrors, launchBrowser, screenshot, signIn, startStudioServer, type StudioServer } from './support/studio-harness.js';

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

async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  return { page, errors: collectConsoleErrors(page) };
}

/** The 1-based line numbers (in the visible editor) of lines carrying an error lint range. */
async function errorLines(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const lines = Array.from(document.querySelectorAll('.json-editor .cm-content .cm-line'));
    return lines.flatMap((line, i) => (line.querySelector('.cm-lintRange-error') === null ? [] : [i + 1]));
  });
}

test('rejects a wrong token and signs in with a valid one', async () => {
  const { page } = await newPage();
  await page.goto(server.baseUrl);
  await page.getByLabel('API token').fill('not-a-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'not valid' }).waitFor();
  await screenshot(page, 'sign-in');
  await page.getByLabel('API token').fill(server.token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Flows', level: 1 }).waitFor();
  await page.getByText('admin', { exact: true }).first().waitFor();
  await page.close();
});

test('creates a Flow from a template, marks an error at its line, fixes it, completes the Flow in the preview and saves a version', async () => {
  const { page, errors } = await newPage();
  await signIn(page, server);
  await screenshot(page, 'flows');
  await page.getByRole('link', { name: 'New Flow' }).click();
  await page.getByRole('button', { name: /Registration/ }).click();
  await page.getByLabel('Name', { exact: true }).fill('Browser registration');
  assert.equal(await page.getByLabel('Id').inputValue(), 'browser-registration');
  await screenshot(page, 'new-flow');
  await page.getByRole('button', { name: 'Create Flow' }).click();

  // The editor opens on the new Flow with no problems.
  await page.getByRole('heading', { name: 'Editor · browser-registration' }).waitFor();
  await page.locator('.json-editor .cm-content').waitFor();
  await page.getByText('No problems.').waitFor();

  // Introduce an error on line 2: an unknown top-level property.
  await page.locator('.json-editor .cm-content').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('"bogus_property": 1,');
  const problem = page.locator('.problems .problem-error').first();
  await problem.waitFor();
  assert.match((await problem.textContent()) ?? '', /2:\d+/);
  await page.waitForFunction(() => document.querySelector('.json-editor .cm-lintRange-error') !== null);
  assert.deepEqual(await errorLines(page), [2]);
  assert.equal(await page.locator('.json-editor .cm-lint-marker-error').count(), 1);
  await screenshot(page, 'editor-with-error');

  // Fix it: delete the line again.
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.getByText('No problems.').waitFor();
  assert.deepEqual(await errorLines(page), []);

  // The screen graph fits the side panel, and choosing a screen shows that screen's component in Properties.
  const graph = page.locator('.flow-graph');
  const graphFits = await graph.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  assert.ok(graphFits.scroll <= graphFits.client, `graph ${graphFits.scroll} px wide in ${graphFits.client} px`);
  await screenshot(page, 'editor-graph');
  for (const [screen, pointer, type] of [['CONSENT', '/screens/1/layout/children/0', 'DatePicker'], ['SIGN_UP', '/screens/0/layout/children/0', 'TextHeading']] as const) {
    await page.getByRole('tab', { name: 'Screens' }).click();
    await graph.getByRole('button', { name: new RegExp(`^${screen}`) }).click();
    assert.equal(await graph.getByRole('button', { name: new RegExp(`^${screen}`) }).getAttribute('aria-pressed'), 'true');
    await page.getByRole('tab', { name: 'Properties' }).click();
    const heading = page.locator('.property-panel p').first();
    assert.equal(await heading.innerText(), `${type} ${pointer}`);
    if (screen === 'CONSENT') await screenshot(page, 'editor-properties-after-graph');
  }
  await page.getByRole('tab', { name: 'Screens' }).click();

  // Complete the Flow on the phone.
  const phone = page.getByRole('region', { name: 'Phone preview' });
  await phone.getByLabel('First name').fill('Ana');
  await phone.getByLabel('Last name').fill('Silva-Pereira-de-Albuquerque-Vasconcelos-Magalhaes');
  await phone.getByLabel('Email').fill('not-an-email');
  await phone.getByRole('button', { name: 'Continue' }).click();
  await phone.getByRole('alert').first().waitFor();
  await phone.getByLabel('Email').fill('ana@example.com');
  await phone.getByRole('button', { name: 'Continue' }).click();
  await phone.getByLabel(/I accept the terms/).check();
  await screenshot(page, 'editor');
  await phone.getByRole('button', { name: 'Register' }).click();
  await phone.getByText('Flow completed ✓').waitFor();
  const payload = (await page.getByTestId('payload').textContent()) ?? '';
  assert.match(payload, /ana@example\.com/);
  // Long values wrap inside the payload box instead of running past its right edge.
  const payloadFits = await page.getByTestId('payload').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  assert.ok(payloadFits.scroll <= payloadFits.client, `payload ${payloadFits.scroll} px wide in ${payloadFits.client} px`);
  // The event log's numbers (drawn in the list's left padding) fit: "10." is not cut to "0.".
  await page.locator('.preview-log summary').click();
  const log = await page.locator('.preview-log ol').evaluate((ol) => {
    const item = ol.querySelector('li');
    const probe = document.createElement('span');
    probe.textContent = `${ol.children.length}. `;
    probe.style.font = item === null ? '' : getComputedStyle(item).font;
    probe.style.whiteSpace = 'pre';
    document.body.append(probe);
    const marker = probe.getBoundingClientRect().width;
    probe.remove();
    return { items: ol.children.length, marker, room: parseFloat(getComputedStyle(ol).paddingLeft) };
  });
  assert.ok(log.items >= 10, `${log.items} log entries`);
  assert.ok(log.marker <= log.room, `the number "${log.items}." needs ${log.marker} px; the list leaves ${log.room} px`);
  await screenshot(page, 'editor-payload-log');

  // Dark theme draws the same screen.
  await page.getByRole('button', { name: 'Dark theme' }).click();
  assert.equal(await page.locator('.phone').getAttribute('data-theme'), 'dark');
  await screenshot(page, 'preview-dark');

  // A second version: change the heading in the property panel, see it on the phone, save, and compare.
  await page.getByRole('button', { name: 'Start again' }).click();
  await page.locator('.json-editor .cm-line', { hasText: 'Join our programme' }).click();
  await page.getByRole('tab', { name: 'Properties' }).click();
  const textField = page.locator('.property-panel').getByLabel('text', { exact: true });
  await textField.waitFor();
  assert.equal(await textField.inputValue(), 'Join our programme');
  await textField.fill('Join us today');
  await phone.getByRole('heading', { name: 'Join us today' }).waitFor();
  await screenshot(page, 'editor-properties');
  await page.getByRole('button', { name: 'Save version' }).click();
  await page.getByText(/Saved as version 2/).waitFor();
  // Only an approved version is published (docs/governance.md): a designer submits it, a reviewer approves it.
  await approveThroughReview(server, 'browser-registration', 2);
  await page.getByRole('link', { name: 'Versions' }).click();
  await page.getByRole('heading', { name: 'Compare versions' }).waitFor();

  // Publish asks first, saying what will happen; Cancel publishes nothing.
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Publish version 2?' });
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /data endpoint serves it and new sends of this Flow open it/);
  assert.match(await dialog.innerText(), /No version of this Flow is published yet/);
  await screenshot(page, 'publish-dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const unpublished = await fetch(`${server.baseUrl}/api/v1/flows/browser-registration`, { headers: { authorization: `Bearer ${server.token}` } });
  assert.equal(((await unpublished.json()) as { publishedVersion: number | null }).publishedVersion, null);
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await dialog.getByRole('button', { name: 'Publish v2' }).click();
  await page.getByText('Published v2.').waitFor();
  // The versions table shows the published version at once, without a reload.
  await page.locator('table.data tr', { hasText: 'v2' }).locator('.badge-published').waitFor();
  await page.locator('.diff .add', { hasText: 'Join us today' }).waitFor();
  await page.locator('.diff .del', { hasText: 'Join our programme' }).waitFor();
  await screenshot(page, 'flow-versions');
  assert.deepEqual(errors, []);
  await page.close();
});
