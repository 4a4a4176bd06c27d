import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { collectConsoleErrors, launchBrowser, REPO_ROOT, screenshot, signIn, startStudioServer, type StudioServer, callApi, type ApiAnswer } from './support/studio-harness.js';

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

const SPANISH: Readonly<Record<string, string>> = {
  'DETAILS/title': 'Tus datos',
  'DETAILS/TextHeading#1/text': 'Inscríbete en el taller',
  'DETAILS/name/label': 'Nombre completo',
  // 31 characters: a TextInput label allows 20, so the check first fails on it.
  'DETAILS/email/label': 'Dirección de correo electrónico',
  'DETAILS/department/label': 'Departamento',
  'DETAILS/department/data-source/beauty/title': 'Belleza',
  'DETAILS/department/data-source/sales/title': 'Ventas',
  'DETAILS/department/data-source/support/title': 'Soporte',
  'DETAILS/Footer#1/label': 'Continuar',
  'CONFIRM/title': 'Confirmar',
  'CONFIRM/terms/label': 'Acepto las condiciones del taller',
  'CONFIRM/Footer#1/label': 'Inscribirme',
};

test('a designer adds Spanish, translates it side by side, sees the check fail then pass, previews it, and a Spanish sandbox contact completes it in Spanish', async () => {
  const flowJson = readFileSync(join(REPO_ROOT, 'examples', 'registration.flow.json'), 'utf8');
  assert.equal((await api('POST', '/flows', { id: 'workshop', name: 'Workshop', flowJson })).status, 201);
  const page = await browser.newPage({ viewport: { width: 1600, height: 1100 } });
  const errors = collectConsoleErrors(page);
  await signIn(page, server, '/flows/workshop/edit');
  await page.getByRole('heading', { name: 'Editor · workshop' }).waitFor();
  await page.getByRole('tab', { name: 'Translations' }).click();
  const panel = page.getByRole('region', { name: 'Translations' });
  await panel.getByLabel('Add language').fill('es');
  await panel.getByRole('button', { name: 'Add', exact: true }).click();
  const table = panel.getByRole('table', { name: 'Texts in es' });
  await table.waitFor();
  assert.match(await panel.getByRole('list', { name: 'Completeness problems' }).innerText(), /TRANSLATION_MISSING/);

  // Translate every text beside its source; one is too long for Meta.
  for (const [key, text] of Object.entries(SPANISH)) await table.getByLabel(`es for ${key}`).fill(text);
  await panel.getByRole('button', { name: 'Save translations' }).click();
  await panel.getByText('Translations saved.').waitFor();
  const problems = await panel.getByRole('list', { name: 'Completeness problems' }).innerText();
  assert.match(problems, /TRANSLATION_TOO_LONG/);
  assert.doesNotMatch(problems, /TRANSLATION_MISSING/);
  assert.match(await panel.getByRole('heading', { name: /^es:/ }).innerText(), /1 problem/);
  await screenshot(page, 'translations-too-long');

  await table.getByLabel('es for DETAILS/email/label').fill('Correo');
  await panel.getByRole('button', { name: 'Save translations' }).click();
  await panel.getByRole('heading', { name: 'es: complete' }).waitFor();
  assert.equal(await panel.getByRole('list', { name: 'Completeness problems' }).count(), 0);
  assert.equal(await panel.locator('li[data-language="es"] .badge').innerText(), 'complete');

  // A translator's round trip: export XLIFF, change a target, import it back.
  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Export XLIFF' }).click();
  const file = await download;
  assert.equal(file.suggestedFilename(), 'workshop-v1-es.xlf');
  const xliff = readFileSync(await file.path(), 'utf8');
  assert.match(xliff, /<unit id="u\d+" name="CONFIRM\/Footer#1\/label">[\s\S]*?<target>Inscribirme<\/target>/);
  await panel.getByLabel('Import CSV or XLIFF').setInputFiles({ name: 'workshop-es.xlf', mimeType: 'application/xliff+xml', buffer: Buffer.from(xliff.replace('<target>Inscribirme</target>', '<target>Apuntarme</target>')) });
  await panel.getByText('Imported 12 translation(s).').waitFor();
  assert.equal(await table.getByLabel('es for CONFIRM/Footer#1/label').inputValue(), 'Apuntarme');
  await panel.getByRole('heading', { name: 'es: complete' }).waitFor();

  // The preview plays the Spanish build with the same runtime.
  await panel.getByLabel('Preview in').selectOption('es');
  const preview = page.getByRole('region', { name: 'Preview' });
  await preview.getByText('Inscríbete en el taller').waitFor();
  await preview.getByRole('button', { name: 'Continuar' }).waitFor();
  await screenshot(page, 'translations-preview-es');
  await panel.getByLabel('Preview in').selectOption('');
  await preview.getByText('Register for the workshop').waitFor();

  // A sandbox contact whose language is Spanish gets the Spanish build of the same Flow.
  await page.goto(`${server.baseUrl}/sandbox`);
  await page.getByLabel('Phone').fill('+34 600 111 222');
  await page.getByLabel('Name').fill('Lucía');
  await page.getByRole('button', { name: 'Add contact' }).click();
  await page.getByRole('button', { name: /Lucía/ }).waitFor();
  const contacts = (await api('GET', '/contacts?tag=sandbox')).data as { items: { id: string; name: string | null }[] };
  const lucia = contacts.items.find((c) => c.name === 'Lucía');
  assert.ok(lucia);
  assert.equal((await api('PATCH', `/contacts/${lucia.id}`, { language: 'es' })).status, 200);
  await page.getByLabel('Flow to send').selectOption('workshop');
  await page.getByRole('button', { name: 'Send to this contact' }).click();
  const flowMessage = page.locator('[data-kind="flow"]').last();
  await flowMessage.waitFor();
  await flowMessage.getByRole('button').click();
  const phone = page.getByRole('region', { name: 'Phone preview' });
  await phone.getByText('Inscríbete en el taller').waitFor();
  await phone.getByLabel('Nombre completo').fill('Lucía');
  await phone.getByLabel('Correo').fill('lucia@example.com');
  await phone.getByLabel('Departamento').selectOption('sales');
  await phone.getByRole('button', { name: 'Continuar' }).click();
  // The sandbox phone's state lives on the server: the box shows checked once the step came back.
  await phone.getByLabel(/Acepto las condiciones del taller/).click();
  await phone.locator('input[type="checkbox"]:checked').waitFor();
  await screenshot(page, 'translations-sandbox-es');
  await phone.getByRole('button', { name: 'Apuntarme' }).click();
  // The customer's summary is in Spanish (the email is a sensitive field: masked there).
  await page.locator('[data-kind="flow_reply"]').filter({ hasText: 'Ventas' }).waitFor({ timeout: 15_000 });
  const sends = (await api('GET', `/sends?contactId=${lucia.id}`)).data as { items: { language: string | null; flowId: string }[] };
  assert.deepEqual(sends.items.map((s) => [s.flowId, s.language]), [['workshop', 'es']]);
  const submissions = (await api('GET', '/submissions?flowId=workshop')).data as { items: { answer?: unknown; response?: unknown }[] };
  assert.ok(JSON.stringify(submissions.items).includes('"department":"sales"'), 'the answer carries the option id, not its Spanish title');

  // The dashboard measures the Flow per language: Spanish has Lucía's completed send, English none.
  await page.goto(`${server.baseUrl}/dashboards/workshop`);
  const value = (metric: string) => page.locator(`[data-metric="${metric}"] .ops-metric-value`);
  const shows = (metric: string, text: string) => page.waitForFunction(([m, t]) => document.querySelector(`[data-metric="${m}"] .ops-metric-value`)?.textContent === t, [metric, text] as const);
  await page.getByLabel('Language').selectOption('es');
  await page.waitForURL(/language=es/);
  await shows('Sends', '1');
  assert.equal(await value('Completion rate').innerText(), '100 %');
  await screenshot(page, 'translations-dashboard-es');
  await page.getByLabel('Language').selectOption('en');
  await page.waitForURL(/language=en/);
  await shows('Sends', '0');
  assert.deepEqual(errors, []);
  await page.close();
});
