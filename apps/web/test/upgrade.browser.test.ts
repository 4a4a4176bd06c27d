import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { collectConsoleErrors, CORPUS_DIR, launchBrowser, screenshot, signIn, startStudioServer, type StudioServer, callApi, type ApiAnswer } from './support/studio-harness.js';

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

const api = (method: string, path: string, body?: unknown): Promise<ApiAnswer> => callApi(server, method, path, body);

async function importCorpusFlow(id: string, name: string, file: string): Promise<void> {
  const created = await api('POST', '/flows', { id, name, flowJson: readFileSync(join(CORPUS_DIR, 'flows', file), 'utf8') });
  assert.equal(created.status, 201, JSON.stringify(created.data));
}

test('the dashboard lists Flows on frozen Flow JSON versions; the editor upgrades one, shows the report and diff, and saves it as a new version', async () => {
  await importCorpusFlow('old-appointment', 'Old appointment', 'Agusioma-WhatsApp-Flows-Templates__appointment_flow.json');
  await importCorpusFlow('old-survey', 'Old survey', 'WhatsApp-Flows-Tools__survey.json');
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors = collectConsoleErrors(page);

  await signIn(page, server, '/dashboards');
  const notice = page.getByRole('list', { name: 'Flows on frozen Flow JSON versions' });
  await notice.waitFor();
  const appointment = notice.locator('li[data-flow="old-appointment"]');
  assert.equal(await appointment.getAttribute('data-freeze'), 'frozen');
  assert.match(await appointment.innerText(), /Old appointment \(v1\): Flow JSON 3\.0 is frozen since 2025-04-08/);
  assert.equal(await notice.locator('li[data-flow="old-survey"]').count(), 1);
  // The seeded example Flows are on 7.3: not listed.
  assert.equal(await notice.locator('li').count(), 2);
  await screenshot(page, 'upgrade-dashboard-notice');

  await appointment.getByRole('link', { name: 'Upgrade in the editor' }).click();
  await page.getByRole('heading', { name: 'Editor · old-appointment' }).waitFor();
  await page.getByRole('button', { name: 'Upgrade to 7.3' }).click();
  const panel = page.getByRole('region', { name: /Upgrade Flow JSON 3\.0 → 7\.3/ });
  await panel.getByRole('list', { name: 'Upgrade report' }).waitFor();
  const report = await panel.getByRole('list', { name: 'Upgrade report' }).innerText();
  assert.match(report, /DATE_CONVERTED/);
  assert.match(report, /UPGRADE_DATE_ANSWER_FORMAT/);
  assert.doesNotMatch(report, /manual work/);
  assert.match(await panel.getByRole('status').first().innerText(), /0 need manual work; valid at 7\.3\./);
  const diff = await panel.getByLabel('Line diff').innerText();
  assert.match(diff, /− +"min-date": "1693569600000",/);
  assert.match(diff, /\+ +"min-date": "2023-09-01",/);
  await screenshot(page, 'upgrade-editor-report');

  await panel.getByRole('button', { name: 'Save as new version' }).click();
  await page.getByText('Upgraded to Flow JSON 7.3 and saved as version 2.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Upgrade to 7.3' }).count(), 0, 'a 7.3 Flow offers no upgrade');
  const saved = await api('GET', '/flows/old-appointment/versions/2');
  assert.equal((JSON.parse(String(saved.data['flowJson'])) as { version: string }).version, '7.3');

  // A Flow needing manual work: the report says where, saving is not offered, the text can be taken into the editor.
  await page.goto(`${server.baseUrl}/flows/old-survey/edit`);
  await page.getByRole('button', { name: 'Upgrade to 7.3' }).click();
  const survey = page.getByRole('region', { name: /Upgrade Flow JSON 3\.1 → 7\.3/ });
  await survey.getByRole('list', { name: 'Upgrade report' }).waitFor();
  assert.match(await survey.getByRole('list', { name: 'Upgrade report' }).innerText(), /manual work\s+UPGRADE_LABEL_REQUIRED/);
  assert.equal(await survey.getByRole('button', { name: 'Save as new version' }).isDisabled(), true);
  await screenshot(page, 'upgrade-editor-manual-work');
  await survey.getByRole('button', { name: 'Open in editor' }).click();
  await page.getByText(/The upgraded Flow JSON is in the editor, not saved yet/).waitFor();
  assert.match(await page.locator('.cm-content').innerText(), /"version": "7\.3"/);
  assert.equal(((await api('GET', '/flows/old-survey/versions')).data['items'] as unknown[]).length, 1, 'nothing saved');

  // Back on the dashboard, the upgraded Flow is no longer listed.
  await page.goto(`${server.baseUrl}/dashboards`);
  await page.getByRole('list', { name: 'Flows on frozen Flow JSON versions' }).waitFor();
  assert.equal(await page.locator('li[data-flow="old-appointment"]').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});
