import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startGraphStandIn, type GraphStandIn } from '@flowline/server/graph-stand-in';
import { approveThroughReview, collectConsoleErrors, launchBrowser, signIn, startStudioServer, type StudioServer } from './support/studio-harness.js';

// Issue 17 item 4 in the studio, over the Graph stand-in: a Flow in English with Spanish complete and French
// incomplete. "Push to WhatsApp" puts the source and the Spanish build each on its own Meta Flow and says
// French was skipped; the "Languages on WhatsApp" table lists each language's Meta Flow and what its sends
// open; after publishing, Spanish sends open the Spanish Meta Flow and French ones the source.

const TOKEN = 'EAAG-browser-languages-token-0123456789';
const FLOW = 'workshop';
const SHOTS = '/tmp/l10n2-shots';
const FLOW_JSON = JSON.stringify({
  version: '7.2',
  screens: [{ id: 'ONE', title: 'Welcome', terminal: true, layout: { type: 'SingleColumnLayout', children: [{ type: 'TextBody', text: 'See you soon' }, { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: {} } }] } }],
});
const SPANISH: Readonly<Record<string, string>> = { Welcome: 'Bienvenida', 'See you soon': 'Hasta pronto', Done: 'Listo' };

let server: StudioServer;
let browser: Browser;
let graph: GraphStandIn;

const api = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method, headers: { authorization: `Bearer ${server.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${text}`);
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
};

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  graph = await startGraphStandIn({ accessToken: TOKEN });
  server = await startStudioServer({ FLOWLINE_ALLOW_PRIVATE_HTTP: 'loopback' });
  browser = await launchBrowser();
  await api('PUT', '/whatsapp/connection', { wabaId: graph.wabaId, phoneNumberId: graph.phoneNumberId, accessToken: TOKEN, graphBaseUrl: graph.baseUrl });
  await api('POST', '/flows', { id: FLOW, name: 'Workshop', flowJson: FLOW_JSON });
  await api('PUT', `/flows/${FLOW}/translations`, { sourceLanguage: 'en', fallbackLanguage: 'en', languages: ['es', 'fr'] });
  const texts = (await api('GET', `/flows/${FLOW}/translations/es`))['texts'] as { key: string; source: string }[];
  await api('PUT', `/flows/${FLOW}/translations/es`, { translations: texts.map((t) => ({ key: t.key, text: SPANISH[t.source] ?? '' })) });
  await api('PUT', `/flows/${FLOW}/translations/fr`, { translations: [{ key: texts[0]?.key ?? '', text: 'Bienvenue' }] });
  await approveThroughReview(server, FLOW, 1);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await graph?.close();
});

test('the On WhatsApp panel pushes each complete language to its own Meta Flow and lists every language\'s Meta Flow', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors = collectConsoleErrors(page);
  await signIn(page, server);
  await page.goto(`${server.baseUrl}/flows/${FLOW}`);
  const panel = page.locator('section[aria-labelledby="wa-flow-title"]');
  await panel.getByText('Not on WhatsApp yet').waitFor();

  await panel.getByRole('button', { name: 'Push to WhatsApp' }).click();
  await panel.getByText(/Meta found no errors: it can be published\. Languages: es pushed \(Meta Flow \d+\); fr skipped: the fr translation of version 1 is incomplete/).waitFor();
  const spanish = [...graph.flows.values()].find((f) => f.name === 'Workshop (es)');
  const source = [...graph.flows.values()].find((f) => f.name === 'Workshop');
  assert.ok(spanish !== undefined && source !== undefined, 'a Meta Flow for the source and one for Spanish');
  assert.match(spanish.flowJson ?? '', /Hasta pronto/);
  const languages = panel.getByRole('table', { name: 'Languages on WhatsApp' });
  const row = (language: string) => languages.getByRole('row').filter({ has: page.getByRole('cell', { name: new RegExp(`^${language}`) }) });
  await row('es').getByText(spanish.id).first().waitFor();
  assert.match(await row('es').innerText(), new RegExp(`es\\s+${spanish.id}\\s+DRAFT\\s+v1\\s+${source.id} \\(in en\\)`));
  assert.match(await row('fr').innerText(), new RegExp(`fr\\s+none yet\\s+—\\s+—\\s+${source.id} \\(in en\\)`));
  const history = panel.getByRole('table', { name: 'Meta Flow ids' });
  await history.getByRole('row').filter({ hasText: spanish.id }).getByText('es', { exact: true }).waitFor();
  await page.screenshot({ path: join(SHOTS, '01-languages-pushed.png'), fullPage: true });

  await panel.getByRole('button', { name: 'Publish on WhatsApp' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText(/and each language's draft of that version \(es\)/).waitFor();
  await dialog.getByRole('button', { name: 'Publish on WhatsApp' }).click();
  await panel.getByText(new RegExp(`Published on WhatsApp as Meta Flow ${source.id}; sends use it now\\. Languages: es published \\(Meta Flow ${spanish.id}\\); fr skipped`)).waitFor();
  await row('es').getByText('PUBLISHED').waitFor();
  assert.match(await row('es').innerText(), new RegExp(`es\\s+${spanish.id}\\s+PUBLISHED\\s+v1\\s+${spanish.id}$`));
  assert.match(await row('fr').innerText(), new RegExp(`${source.id} \\(in en\\)`));
  assert.equal(graph.flows.get(spanish.id)?.status, 'PUBLISHED');
  await page.screenshot({ path: join(SHOTS, '02-languages-published.png'), fullPage: true });
  assert.deepEqual(errors, []);
});
