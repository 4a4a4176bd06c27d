import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { signBody } from '@flowline/protocol';
import { startGraphStandIn, type GraphStandIn } from '@flowline/server/graph-stand-in';
import { approveThroughReview, collectConsoleErrors, launchBrowser, signIn, startStudioServer, type StudioServer } from './support/studio-harness.js';

// Issue 10 in the studio, over the Graph stand-in (a test double of Meta on loopback): connect → check →
// register the key → push a Flow Meta rejects (its errors shown with line and column) → fix → push →
// publish → a FLOW-button template → a THROTTLED status change and an alert arrive on the flows webhook →
// the page shows them and a send is refused → publish a new version → the new Meta id is shown.

const APP_SECRET = 'browser-test-secret'; // the harness starts the server with this FLOWLINE_APP_SECRET
const TOKEN = 'EAAG-browser-system-user-token-0123456789';
const FLOW = 'visit';
const SHOTS = '/tmp/h10b-shots';

function flowJson(title: string): string {
  return JSON.stringify({
    version: '7.2',
    screens: [{ id: 'BOOK', title, terminal: true, layout: { type: 'SingleColumnLayout', children: [{ type: 'TextBody', text: 'Book a visit' }, { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: {} } }] } }],
  }, null, 2);
}

let server: StudioServer;
let browser: Browser;
let graph: GraphStandIn;

const api = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method, headers: { authorization: `Bearer ${server.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
};

const shot = async (page: Page, name: string) => {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
};

before(async () => {
  graph = await startGraphStandIn({ accessToken: TOKEN, appSecret: APP_SECRET });
  // The stand-in is on loopback: allowed by explicit configuration, the outbound address guard stays on.
  server = await startStudioServer({ FLOWLINE_ALLOW_PRIVATE_HTTP: 'loopback', FLOWLINE_PUBLIC_BASE_URL: 'https://flows.example.com' });
  graph.setWebhookUrl(`${server.baseUrl}/webhooks/whatsapp`);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await graph?.close();
});

test('the studio connects to WhatsApp, pushes, publishes, makes a FLOW template and shows Meta\'s throttling', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors = collectConsoleErrors(page);
  await signIn(page, server);

  // 1. Connect: secrets go in once and come back only as "set".
  await page.getByRole('link', { name: 'WhatsApp' }).click();
  await page.getByRole('heading', { name: 'WhatsApp', level: 1 }).waitFor();
  await page.getByText('WhatsApp is not connected').waitFor();
  await page.getByLabel('WABA id').fill(graph.wabaId);
  await page.getByLabel('Phone number id').fill(graph.phoneNumberId);
  await page.getByLabel('Graph base URL').fill(graph.baseUrl);
  await page.getByLabel('Graph API version').fill('v23.0');
  await page.getByLabel(/^Access token/).fill(TOKEN);
  await page.getByLabel(/^App secret/).fill(APP_SECRET);
  await page.getByLabel(/^Webhook verify token/).fill('browser-verify');
  await page.getByRole('button', { name: 'Save connection' }).click();
  await page.getByText('Connection saved.').waitFor();
  await page.getByText(`Connected to WABA ${graph.wabaId}`).waitFor();
  assert.equal(await page.getByLabel(/^Access token/).inputValue(), '', 'the secret field is emptied, never refilled');
  assert.equal(await page.locator('label[for="wa-accessToken"] .badge').textContent(), 'set');
  assert.equal((await page.content()).includes(TOKEN), false, 'the token is nowhere in the page');

  // 2. Check: the key is not registered yet, said in plain words.
  await page.getByRole('button', { name: 'Check connection' }).click();
  const checks = page.getByRole('list', { name: 'Connection checks' });
  await checks.getByText('no endpoint public key is registered').waitFor();
  assert.equal(await checks.getByText('works').count(), 3);
  await shot(page, '01-connection-checked');

  // 3. Register the endpoint key; the check then passes throughout.
  await page.getByRole('button', { name: 'Register endpoint key' }).click();
  await page.getByText('The endpoint public key is registered with the phone number.').waitFor();
  await page.getByText(/Signature status on Meta: VALID · this server's key/).waitFor();
  await page.getByRole('button', { name: 'Check connection' }).click();
  await checks.getByText('the endpoint public key is registered and its signature is VALID').waitFor();
  assert.equal(await checks.getByText('works').count(), 4);
  await shot(page, '02-key-registered');

  // 4. Push a Flow that Meta rejects (an error Flowline's validator does not report).
  assert.equal((await api('POST', '/flows', { id: FLOW, name: 'Visit', flowJson: flowJson('Book') })).status, 201);
  graph.addValidationErrorNext({ error: 'INVALID_PROPERTY_VALUE', error_type: 'FLOW_JSON_ERROR', message: 'Invalid value found for property title at screens[0].title.', line_start: 6, line_end: 6, column_start: 16, column_end: 22 });
  await page.goto(`${server.baseUrl}/flows/${FLOW}`);
  const panel = page.locator('section[aria-labelledby="wa-flow-title"]');
  await panel.getByText('Not on WhatsApp yet').waitFor();
  await panel.getByRole('button', { name: 'Push to WhatsApp' }).click();
  await panel.getByText('Meta rejected version 1').waitFor();
  const metaErrors = panel.getByRole('list', { name: /Meta's validation errors/ });
  await metaErrors.getByText('line 6, column 16').waitFor();
  await metaErrors.getByText('Invalid value found for property title').waitFor();
  await panel.getByText('Flowline\'s validator reports no errors.').waitFor();
  await panel.getByText('1 fidelity finding(s)').waitFor();
  await shot(page, '03-meta-rejects');

  // Publishing is refused while Meta reports errors (version 1 is approved in Flowline: only Meta objects).
  await approveThroughReview(server, FLOW, 1);
  await panel.getByRole('button', { name: 'Publish on WhatsApp' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Publish on WhatsApp' }).click();
  await panel.getByRole('alert').filter({ hasText: /validation error/i }).waitFor();

  // 5. Fix (a new version), push again to the same Meta draft, publish.
  assert.equal((await api('POST', `/flows/${FLOW}/versions`, { flowJson: flowJson('Book a visit') })).status, 201);
  await panel.getByRole('button', { name: 'Push to WhatsApp' }).click();
  await panel.getByText('Meta found no errors: it can be published.').waitFor();
  await approveThroughReview(server, FLOW, 2);
  const firstId = [...graph.flows.keys()][0] ?? '';
  assert.notEqual(firstId, '');
  await panel.getByRole('button', { name: 'Publish on WhatsApp' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('immutable').waitFor();
  await dialog.getByText(/creates a new Meta Flow/).waitFor();
  await shot(page, '04-publish-confirm');
  await dialog.getByRole('button', { name: 'Publish on WhatsApp' }).click();
  await panel.getByText(`Published on WhatsApp as Meta Flow ${firstId}`).waitFor();
  await panel.getByLabel('Meta state').getByText('PUBLISHED').waitFor();
  assert.equal(graph.flows.get(firstId)?.status, 'PUBLISHED');

  // Preview and health.
  await panel.getByRole('button', { name: 'Read health' }).click();
  await panel.getByText('Meta health: can send').waitFor();
  await panel.getByText('AVAILABLE').waitFor();

  // 6. A FLOW-button template.
  await panel.getByLabel('Template name').fill('book_visit');
  await panel.getByLabel('Body', { exact: true }).fill('Hello {{1}}, book your visit.');
  await panel.getByLabel('Examples of the variables').fill('Ana');
  await panel.getByLabel('Button text').fill('Book now');
  await panel.getByRole('button', { name: 'Create template' }).click();
  await panel.getByText('Template book_visit sent to Meta for review.').waitFor();
  const templates = panel.getByRole('table', { name: 'Templates' });
  await templates.getByRole('cell', { name: 'book_visit', exact: true }).waitFor();
  await templates.getByText('PENDING').waitFor();
  const sentTemplate = [...graph.templates.values()][0];
  assert.equal(JSON.stringify(sentTemplate).includes(`"flow_id":"${firstId}"`), true, 'the FLOW button opens the published Meta Flow');
  await shot(page, '05-published-template');

  // 7. Meta throttles the Flow (FLOW_STATUS_CHANGE, signed) and raises an endpoint alert.
  const contact = await api('POST', '/contacts', { phone: '+15550007777', name: 'Bo', optedIn: true });
  assert.equal(contact.status, 201);
  await graph.setFlowStatus(firstId, 'THROTTLED');
  await graph.settle();
  const alert = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: graph.wabaId, time: Math.floor(Date.now() / 1000), changes: [{ field: 'flows', value: {
    event: 'ENDPOINT_ERROR_RATE', message: 'Endpoint error rate has crossed the 10% threshold.', flow_id: firstId, alert_state: 'ACTIVATED', error_rate: 12.5, threshold: 10,
  } }] }] });
  const posted = await fetch(`${server.baseUrl}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(alert, APP_SECRET) }, body: alert });
  assert.equal(posted.status, 200);
  // The webhook is processed after its 200: reload until the page shows both.
  for (let tries = 0; tries < 50; tries++) {
    await page.reload();
    await panel.getByRole('heading', { name: 'On WhatsApp', exact: true }).waitFor();
    await panel.getByText(/Meta Flow \d+/).first().waitFor();
    if ((await panel.getByText('WhatsApp sends are refused.').count()) > 0 && (await panel.getByRole('list', { name: 'Active alerts' }).count()) > 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await panel.getByText('WhatsApp sends are refused.').waitFor();
  await panel.getByText(/is THROTTLED on WhatsApp/).first().waitFor();
  const alerts = panel.getByRole('list', { name: 'Active alerts' });
  await alerts.getByText('ENDPOINT_ERROR_RATE').waitFor();
  await alerts.getByText('Endpoint error rate has crossed the 10% threshold.').waitFor();
  const before = graph.requests.filter((r) => r.path.endsWith('/messages')).length;
  await panel.getByRole('button', { name: 'Send on WhatsApp' }).click();
  await panel.getByText(/Send refused: .*THROTTLED on WhatsApp/).waitFor();
  assert.equal(graph.requests.filter((r) => r.path.endsWith('/messages')).length, before, 'nothing reached Meta');
  await shot(page, '06-throttled');

  // 8. A new version: a new Meta Flow (published Flows are immutable), the old one deprecated.
  assert.equal((await api('POST', `/flows/${FLOW}/versions`, { flowJson: flowJson('Book your visit') })).status, 201);
  await panel.getByRole('button', { name: 'Push to WhatsApp' }).click();
  await panel.getByText(/\(created now\)/).waitFor();
  const secondId = [...graph.flows.keys()].find((id) => id !== firstId) ?? '';
  assert.notEqual(secondId, '');
  await approveThroughReview(server, FLOW, 3);
  await panel.getByRole('button', { name: 'Publish on WhatsApp' }).click();
  await page.getByRole('dialog').getByText('The Meta Flow live until now is deprecated').waitFor();
  await page.getByRole('dialog').getByRole('button', { name: 'Publish on WhatsApp' }).click();
  await panel.getByText(`Published on WhatsApp as Meta Flow ${secondId}`).waitFor();
  await panel.getByText(`Deprecated on Meta: ${firstId}.`, { exact: false }).waitFor();
  const history = panel.getByRole('table', { name: 'Meta Flow ids' });
  await history.getByRole('row').filter({ hasText: secondId }).filter({ hasText: 'sends use this one' }).getByText('PUBLISHED').waitFor();
  await history.getByRole('row').filter({ hasText: firstId }).getByText('DEPRECATED').waitFor();
  await panel.getByLabel('Meta state').getByText(secondId).waitFor();
  assert.equal(await panel.getByText('WhatsApp sends are refused.').count(), 0, 'the new Meta Flow may be sent');
  assert.equal(await panel.getByRole('list', { name: 'Active alerts' }).count(), 0, 'the deprecated Meta Flow\'s alert is history');
  await panel.getByText('an earlier Meta Flow: create the template again').waitFor();
  await shot(page, '07-new-meta-id');

  // The browser logs the two refusals the walk provokes (publish with Meta's errors, the throttled send); nothing else.
  assert.deepEqual(errors.filter((e) => !e.includes('status of 409')), []);
  assert.equal(errors.length, 2);
  await page.close();
});
