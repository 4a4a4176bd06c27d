import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { signBody } from '@flowline/protocol';
import { startGraphStandIn, type GraphStandIn } from '@flowline/server/graph-stand-in';
import { createStandInCustomer, type CustomerSession, type ReceivedFlow, type StandInCustomer } from '@flowline/server/stand-in-customer';
import { approveThroughReview, collectConsoleErrors, launchBrowser, signIn, startStudioServer, type StudioServer } from './support/studio-harness.js';

// Issue 10 in the studio, over the Graph stand-in (a test double of Meta on loopback): connect → check →
// register the key → create a Flow from a template → push; Meta rejects it (its errors shown with line and
// column) → fix → push → publish → a FLOW-button template (flow_action, navigate_screen) → send it to a
// contact → the customer completes the Flow on their phone (the stand-in customer, against the real
// endpoint) → the answer is routed (the inbox ticket) → a THROTTLED status change and an alert arrive on
// the flows webhook → the Flow page and the dashboard show them and a send is refused → publish a new
// version (the old Meta Flow retiring while a customer is in it, deprecated once they finish) → delete a
// draft on Meta → link a Meta Flow made outside Flowline.

const APP_SECRET = 'browser-test-secret'; // the harness starts the server with this FLOWLINE_APP_SECRET
const TOKEN = 'EAAG-browser-system-user-token-0123456789';
const FLOW = 'visit';
const SHOTS = '/tmp/h10b-shots';

const CUSTOMER = '+15550007777';

/** The Flow JSON of a version with its first screen's title changed (a fix, or a new version). */
function retitled(flowJson: string, title: string): string {
  const doc = JSON.parse(flowJson) as { screens: { title?: string }[] };
  const first = doc.screens[0];
  if (first !== undefined) first.title = title;
  return JSON.stringify(doc, null, 2);
}

/** A Flow made in Meta's builder (no endpoint). */
const META_MADE = JSON.stringify({ version: '7.2', screens: [{ id: 'HELLO', title: 'Hello', terminal: true, layout: { type: 'SingleColumnLayout', children: [{ type: 'TextBody', text: 'Hi' }, { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: {} } }] } }] });

let server: StudioServer;
let browser: Browser;
let graph: GraphStandIn;
let customer: StandInCustomer;

const api = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method, headers: { authorization: `Bearer ${server.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
};

/** Polls until `probe` gives a value (webhooks and the background check finish after their 200). */
async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  let last = '';
  for (let tries = 0; tries < 100; tries++) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what}${last === '' ? '' : ` (last: ${last})`}`);
}

/** Opens a received Flow once the endpoint's catalog serves it (INIT answers the first screen). */
const openOnPhone = (message: ReceivedFlow | undefined): Promise<CustomerSession> => eventually('the Flow on the phone', async () => {
  assert.ok(message !== undefined, 'the customer received the Flow');
  const session = await customer.open(message);
  return session.screen?.id === 'APPOINTMENT' ? session : undefined;
});

/** The customer picks the first free slot, gives a name and an e-mail (the endpoint books), and finishes. */
async function bookOnPhone(opened: CustomerSession, email: string): Promise<CustomerSession> {
  const slot = opened.screen?.components.find((c) => c.name === 'slot')?.options?.[0]?.id;
  assert.ok(slot !== undefined, 'the endpoint listed free slots');
  let session = await opened.act({ type: 'select', name: 'slot', id: slot });
  session = await session.act({ type: 'press', target: 'footer' });
  assert.equal(session.screen?.id, 'DETAILS', session.screen?.notice);
  session = await session.act({ type: 'fill', name: 'name', value: 'Bo' });
  session = await session.act({ type: 'fill', name: 'email', value: email });
  session = await session.act({ type: 'press', target: 'footer' });
  assert.equal(session.screen?.id, 'CONFIRMED', session.screen?.notice);
  return session.act({ type: 'press', target: 'footer' });
}

const shot = async (page: Page, name: string) => {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
};

before(async () => {
  graph = await startGraphStandIn({ accessToken: TOKEN, appSecret: APP_SECRET });
  // The stand-in is on loopback: allowed by explicit configuration, the outbound address guard stays on.
  // The background check of retiring Meta Flows runs every second here (default 60).
  server = await startStudioServer({ FLOWLINE_ALLOW_PRIVATE_HTTP: 'loopback', FLOWLINE_PUBLIC_BASE_URL: 'https://flows.example.com', FLOWLINE_META_RETIRE_CHECK_SECONDS: '1' });
  graph.setWebhookUrl(`${server.baseUrl}/webhooks/whatsapp`);
  customer = createStandInCustomer({ graph, serverBaseUrl: server.baseUrl, appSecret: APP_SECRET, phone: CUSTOMER, name: 'Bo' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await graph?.close();
});

test('the customer journey in the studio: connect, a Flow from a template on Meta, a FLOW template sent and completed, throttling, a new version retiring the old one, drafts deleted and Meta Flows linked', async () => {
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

  // 4. Create a Flow from a template in the studio (Appointment booking: a data endpoint and a routing rule).
  await page.goto(`${server.baseUrl}/flows/new`);
  await page.getByRole('button', { name: /Appointment booking/ }).click();
  await page.getByLabel('Name', { exact: true }).fill('Visit');
  await page.getByLabel('Id', { exact: true }).fill(FLOW);
  await page.getByRole('button', { name: 'Create Flow' }).click();
  // The studio opens the new Flow in the editor; its page has the "On WhatsApp" panel.
  await page.getByRole('heading', { name: `Editor · ${FLOW}` }).waitFor();
  await page.goto(`${server.baseUrl}/flows/${FLOW}`);
  const panel = page.locator('section[aria-labelledby="wa-flow-title"]');
  await panel.getByText('Not on WhatsApp yet').waitFor();

  // Meta rejects it (an error Flowline's validator does not report).
  graph.addValidationErrorNext({ error: 'INVALID_PROPERTY_VALUE', error_type: 'FLOW_JSON_ERROR', message: 'Invalid value found for property title at screens[0].title.', line_start: 6, line_end: 6, column_start: 16, column_end: 22 });
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
  const v1 = await api('GET', `/flows/${FLOW}/versions/1`);
  assert.equal((await api('POST', `/flows/${FLOW}/versions`, { flowJson: retitled(String(v1.body['flowJson']), 'Choose a time') })).status, 201);
  await panel.getByRole('button', { name: 'Push to WhatsApp' }).click();
  await panel.getByText('Meta found no errors: it can be published.').waitFor();
  await approveThroughReview(server, FLOW, 2);
  const firstId = [...graph.flows.keys()][0] ?? '';
  assert.notEqual(firstId, '');
  assert.equal(graph.flows.get(firstId)?.endpointUri, `https://flows.example.com/endpoint/${FLOW}`);
  await panel.getByRole('button', { name: 'Publish on WhatsApp' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('immutable').waitFor();
  await dialog.getByText(/creates a new Meta Flow/).waitFor();
  await shot(page, '04-publish-confirm');
  await dialog.getByRole('button', { name: 'Publish on WhatsApp' }).click();
  await panel.getByText(`Published on WhatsApp as Meta Flow ${firstId}`).waitFor();
  await panel.getByLabel('Meta state').getByText('PUBLISHED').waitFor();
  assert.equal(graph.flows.get(firstId)?.status, 'PUBLISHED');
  assert.equal(await panel.getByRole('button', { name: 'Delete draft on Meta' }).count(), 0, 'a published Meta Flow cannot be deleted');

  // Preview and health.
  await panel.getByRole('button', { name: 'Read health' }).click();
  await panel.getByText('Meta health: can send').waitFor();
  await panel.getByText('AVAILABLE').waitFor();

  // 6. A FLOW-button template: the screen choices are the pushed version's screens; data_exchange (the endpoint answers INIT) has none.
  const screenChoice = panel.getByLabel('First screen');
  await screenChoice.locator('option[value="DETAILS"]').waitFor({ state: 'attached' });
  assert.deepEqual(await screenChoice.locator('option').allTextContents(), ['the Flow\'s first screen', 'APPOINTMENT', 'DETAILS', 'CONFIRMED']);
  await panel.getByLabel('Template name').fill('book_visit');
  await panel.getByLabel('Body', { exact: true }).fill('Hello {{1}}, book your visit.');
  await panel.getByLabel('Examples of the variables').fill('Ana');
  await panel.getByLabel('Button text').fill('Book now');
  await panel.getByLabel('What the button does').selectOption('data_exchange');
  assert.equal(await screenChoice.isDisabled(), true, 'navigate_screen goes with navigate only');
  await shot(page, '05-template-form');
  await panel.getByRole('button', { name: 'Create template' }).click();
  await panel.getByText('Template book_visit sent to Meta for review.').waitFor();
  const templates = panel.getByRole('table', { name: 'Templates' });
  await templates.getByRole('cell', { name: 'book_visit', exact: true }).waitFor();
  await templates.getByText('PENDING').waitFor();
  const [templateId, sentTemplate] = [...graph.templates.entries()][0] ?? [];
  assert.deepEqual((sentTemplate?.['components'] as { buttons?: unknown[] }[] | undefined)?.[1]?.buttons, [{ type: 'FLOW', text: 'Book now', flow_id: firstId, flow_action: 'data_exchange' }]);
  await graph.setTemplateStatus(String(templateId), 'APPROVED');

  // 7. Send the template to a contact; the customer completes the Flow on their phone.
  assert.equal((await api('POST', '/contacts', { phone: CUSTOMER, name: 'Bo', optedIn: true })).status, 201);
  await page.reload();
  await templates.getByText('APPROVED').waitFor();
  const sendForm = panel.getByRole('form', { name: 'Send on WhatsApp' });
  await sendForm.getByLabel('Message').selectOption({ label: 'Template book_visit (en_US, APPROVED)' });
  await sendForm.getByRole('button', { name: 'Send on WhatsApp' }).click();
  await sendForm.getByText(`Sent on WhatsApp as template book_visit`).waitFor();
  await sendForm.getByText(`Meta Flow ${firstId}`).waitFor();
  await shot(page, '06-template-sent');
  const done = await bookOnPhone(await openOnPhone(customer.received()[0]), 'bo@example.com');
  assert.equal(done.state.status.kind, 'completed');
  assert.deepEqual(customer.completions, [200]);

  // 8. The answer is routed: the template's rule makes a ticket in the appointments queue.
  await eventually('the ticket', async () => {
    const items = (await api('GET', '/inbox?kind=ticket&queue=appointments')).body['items'] as { title?: string }[] | undefined;
    return items?.find((i) => i.title === 'New booking');
  });
  await page.getByRole('link', { name: 'Inbox' }).click();
  await page.getByText('New booking').first().waitFor();
  await shot(page, '07-routed-ticket');

  // 9. The customer writes in (the 24-hour window opens) and receives the Flow again as an interactive message; they open it.
  const inbound = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: graph.wabaId, changes: [{ field: 'messages', value: {
    messaging_product: 'whatsapp', metadata: { display_phone_number: '15550100', phone_number_id: graph.phoneNumberId },
    contacts: [{ profile: { name: 'Bo' }, wa_id: CUSTOMER.slice(1) }],
    messages: [{ from: CUSTOMER.slice(1), id: 'wamid.inbound-1', timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'another booking please' } }],
  } }] }] });
  assert.equal((await fetch(`${server.baseUrl}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(inbound, APP_SECRET) }, body: inbound })).status, 200);
  await page.goto(`${server.baseUrl}/flows/${FLOW}`);
  // The inbound message is recorded before the webhook's 200: the window is open.
  await sendForm.getByLabel('Message').selectOption({ label: 'Interactive Flow message' });
  await sendForm.getByRole('button', { name: 'Send on WhatsApp' }).click();
  await sendForm.getByText(`Sent on WhatsApp (send`).waitFor();
  const pending = await openOnPhone(customer.received().at(-1));

  // 10. Meta throttles the Flow (FLOW_STATUS_CHANGE, signed) and raises an endpoint alert.
  await graph.setFlowStatus(firstId, 'THROTTLED');
  await graph.settle();
  const alert = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: graph.wabaId, time: Math.floor(Date.now() / 1000), changes: [{ field: 'flows', value: {
    event: 'ENDPOINT_ERROR_RATE', message: 'Endpoint error rate has crossed the 10% threshold.', flow_id: firstId, alert_state: 'ACTIVATED', error_rate: 12.5, threshold: 10,
  } }] }] });
  const posted = await fetch(`${server.baseUrl}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(alert, APP_SECRET) }, body: alert });
  assert.equal(posted.status, 200);
  // The webhook is processed after its 200: reload until the page shows both.
  await eventually('the throttling and the alert on the page', async () => {
    await page.reload();
    await panel.getByRole('heading', { name: 'On WhatsApp', exact: true }).waitFor();
    await panel.getByText(/Meta Flow \d+/).first().waitFor();
    return (await panel.getByText('WhatsApp sends are refused.').count()) > 0 && (await panel.getByRole('list', { name: 'Active alerts' }).count()) > 0 ? true : undefined;
  });
  await panel.getByText(/is THROTTLED on WhatsApp/).first().waitFor();
  const alerts = panel.getByRole('list', { name: 'Active alerts' });
  await alerts.getByText('ENDPOINT_ERROR_RATE').waitFor();
  await alerts.getByText('Endpoint error rate has crossed the 10% threshold.').waitFor();
  const before = graph.requests.filter((r) => r.path.endsWith('/messages')).length;
  await sendForm.getByRole('button', { name: 'Send on WhatsApp' }).click();
  await panel.getByText(/Send refused: .*THROTTLED on WhatsApp/).waitFor();
  assert.equal(graph.requests.filter((r) => r.path.endsWith('/messages')).length, before, 'nothing reached Meta');
  await shot(page, '08-throttled');

  // The dashboard lists both, each linking to its Flow.
  await page.getByRole('link', { name: 'Dashboards' }).click();
  const dashboardAlerts = page.getByRole('list', { name: 'WhatsApp alerts' });
  await dashboardAlerts.getByText('ENDPOINT_ERROR_RATE').waitFor();
  await dashboardAlerts.getByText(/throttled by Meta/).waitFor();
  assert.equal(await dashboardAlerts.getByRole('link', { name: FLOW }).count(), 2);
  await shot(page, '09-dashboard-alerts');
  await dashboardAlerts.getByRole('link', { name: FLOW }).first().click();
  await panel.getByText('WhatsApp sends are refused.').waitFor();

  // 11. A new version: a new Meta Flow (published Flows are immutable); the old one retires while Bo is still in it.
  const v2 = await api('GET', `/flows/${FLOW}/versions/2`);
  assert.equal((await api('POST', `/flows/${FLOW}/versions`, { flowJson: retitled(String(v2.body['flowJson']), 'Pick a time') })).status, 201);
  await panel.getByRole('button', { name: 'Push to WhatsApp' }).click();
  await panel.getByText(/\(created now\)/).waitFor();
  const secondId = [...graph.flows.keys()].find((id) => id !== firstId) ?? '';
  assert.notEqual(secondId, '');
  await approveThroughReview(server, FLOW, 3);
  await panel.getByRole('button', { name: 'Publish on WhatsApp' }).click();
  await page.getByRole('dialog').getByText(/otherwise it is retiring/).waitFor();
  await page.getByRole('dialog').getByRole('button', { name: 'Publish on WhatsApp' }).click();
  await panel.getByText(`Published on WhatsApp as Meta Flow ${secondId}`).waitFor();
  await panel.getByText(`Retiring: ${firstId} (1 customer(s) still in it)`, { exact: false }).waitFor();
  const history = panel.getByRole('table', { name: 'Meta Flow ids' });
  await history.getByRole('row').filter({ hasText: secondId }).filter({ hasText: 'sends use this one' }).getByText('PUBLISHED').waitFor();
  await history.getByRole('row').filter({ hasText: firstId }).getByText('retiring (1 customer still in it)').waitFor();
  await panel.getByLabel('Meta state').getByText(secondId).waitFor();
  assert.equal(graph.flows.get(firstId)?.status, 'THROTTLED', 'not deprecated on Meta while Bo is in it');
  assert.equal(await panel.getByText('WhatsApp sends are refused.').count(), 0, 'the new Meta Flow may be sent');
  await panel.getByText('an earlier Meta Flow: create the template again').waitFor();
  await shot(page, '10-retiring');

  // Bo finishes the Flow he opened before (the endpoint still answers it); the background check then deprecates the old Meta Flow.
  assert.equal((await bookOnPhone(pending, 'bo+2@example.com')).state.status.kind, 'completed');
  await eventually('the old Meta Flow deprecated', () => Promise.resolve(graph.flows.get(firstId)?.status === 'DEPRECATED' ? true : undefined));
  await page.reload();
  await history.getByRole('row').filter({ hasText: firstId }).getByText('DEPRECATED').waitFor();
  assert.equal(await history.getByText(/retiring/).count(), 0);
  assert.equal(await panel.getByRole('list', { name: 'Active alerts' }).count(), 0, 'the deprecated Meta Flow\'s alert is history');
  await shot(page, '11-old-deprecated');

  // 12. Delete a draft on Meta: only a draft offers it, behind a confirmation.
  const v3 = await api('GET', `/flows/${FLOW}/versions/3`);
  assert.equal((await api('POST', `/flows/${FLOW}/versions`, { flowJson: retitled(String(v3.body['flowJson']), 'When suits you?') })).status, 201);
  await panel.getByRole('button', { name: 'Push to WhatsApp' }).click();
  await panel.getByText(/\(created now\)/).waitFor();
  const draftId = [...graph.flows.keys()].find((id) => id !== firstId && id !== secondId) ?? '';
  await panel.getByRole('button', { name: 'Delete draft on Meta' }).click();
  await page.getByRole('dialog').getByText(`Meta deletes the draft Meta Flow ${draftId}`).waitFor();
  await shot(page, '12-delete-draft-confirm');
  await page.getByRole('dialog').getByRole('button', { name: 'Delete draft on Meta' }).click();
  await panel.getByText(`Draft Meta Flow ${draftId} deleted on Meta.`).waitFor();
  assert.equal(graph.flows.has(draftId), false);
  // The panel reloads the Flow's state on Meta: no draft, no button.
  await panel.getByRole('table', { name: 'Meta Flow ids' }).getByRole('row').filter({ hasText: draftId }).getByText('DELETED').waitFor();
  await panel.getByRole('button', { name: 'Delete draft on Meta' }).waitFor({ state: 'detached' });

  // 13. Link a Meta Flow made in Meta's builder to another Flowline Flow, picked from the WABA's unlinked Flows.
  const made = graph.addFlow({ name: 'Made in Meta', flowJson: META_MADE, status: 'DRAFT' });
  assert.equal((await api('POST', '/flows', { id: 'hello', name: 'Hello', flowJson: META_MADE })).status, 201);
  await page.goto(`${server.baseUrl}/flows/hello`);
  await panel.getByText('Not on WhatsApp yet').waitFor();
  await panel.getByRole('button', { name: 'Link existing Meta Flow' }).click();
  const linkForm = panel.getByRole('form', { name: 'Link existing Meta Flow' });
  await linkForm.getByLabel('Meta Flow made outside Flowline').selectOption(made.id);
  await shot(page, '13-link-existing');
  await linkForm.getByRole('button', { name: 'Link' }).click();
  await panel.getByText(`Meta Flow ${made.id} (DRAFT) is linked to this Flow.`).waitFor();
  await panel.getByLabel('Meta state').getByText(made.id).waitFor();

  // The browser logs the two refusals the walk provokes (publish with Meta's errors, the throttled send); nothing else.
  assert.deepEqual(errors.filter((e) => !e.includes('status of 409')), []);
  await page.close();
});
