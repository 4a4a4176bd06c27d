import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { approveThroughReview, collectConsoleErrors, launchBrowser, screenshot, signIn, startStudioServer, type StudioServer } from './support/studio-harness.js';

// Issue 11, defect 1: the endpoint configuration is visible and editable in the editor, checked against
// the Flow, kept by "Save version", and a Flow that needs an endpoint and has none is refused at Publish
// with the reason shown.

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

test('the Endpoint panel shows, checks and saves the endpoint configuration; Publish refuses a dynamic Flow without one', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors = collectConsoleErrors(page);
  await signIn(page, server);
  await page.getByRole('link', { name: 'New Flow' }).click();
  await page.getByRole('button', { name: /Appointment booking/ }).click();
  await page.getByLabel('Name', { exact: true }).fill('Panel booking');
  await page.getByRole('button', { name: 'Create Flow' }).click();
  await page.getByRole('heading', { name: 'Editor · panel-booking' }).waitFor();

  await page.getByRole('tab', { name: 'Endpoint' }).click();
  const config = page.getByLabel('Endpoint configuration (JSON)');
  await config.waitFor();
  assert.match(await config.inputValue(), /"INIT"/);
  await page.getByText('publishable', { exact: true }).waitFor();
  await page.getByText("The configuration fits the Flow's screens and data models.").waitFor();
  await screenshot(page, 'editor-endpoint-panel');

  // A handler for a screen the Flow does not have is pointed at.
  const original = await config.inputValue();
  await config.fill(original.replace('"screen": "APPOINTMENT"', '"screen": "NOWHERE"'));
  await page.getByText('not publishable', { exact: true }).waitFor();
  await page.locator('.endpoint-panel .problem-error').filter({ hasText: '/INIT/screen' }).waitFor();

  // Saving without touching the panel keeps the configuration (version 2).
  await config.fill(original);
  await page.getByText('publishable', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Save version' }).click();
  await page.getByText('Saved as version 2.').waitFor();

  // Emptying it removes the endpoint: saved, but publishing is refused with the reason.
  await page.getByRole('tab', { name: 'Endpoint' }).click();
  await page.getByLabel('Endpoint configuration (JSON)').fill('');
  await page.getByRole('alert').filter({ hasText: 'needs a data endpoint and has no configuration' }).waitFor();
  await page.getByRole('button', { name: 'Save version' }).click();
  await page.getByRole('alert').filter({ hasText: 'Saved as version 3. It cannot be published yet' }).waitFor();
  await screenshot(page, 'editor-endpoint-removed');

  const api = (path: string, init: RequestInit = {}) => fetch(`${server.baseUrl}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' } });
  const versions = (await (await api('/flows/panel-booking/versions')).json()) as { items: { number: number; hasEndpointConfig: boolean }[] };
  assert.deepEqual(versions.items.map((v) => [v.number, v.hasEndpointConfig]), [[3, false], [2, true], [1, true]]);
  // Approval does not bypass the endpoint check: version 3 is approved, and still refused at publish.
  await approveThroughReview(server, 'panel-booking', 3);
  await page.getByRole('link', { name: 'Versions' }).click();
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  // The studio asks first; confirming sends the publish, which the server refuses with the reason.
  await page.getByRole('dialog', { name: 'Publish version 3?' }).getByRole('button', { name: 'Publish v3' }).click();
  await page.getByRole('alert').filter({ hasText: 'cannot be published' }).waitFor();
  assert.match((await page.getByRole('alert').filter({ hasText: 'cannot be published' }).textContent()) ?? '', /no endpoint configuration/);
  await screenshot(page, 'publish-refused-without-endpoint');
  assert.deepEqual(errors.filter((e) => !e.includes('422')), []);
  await page.close();
});
