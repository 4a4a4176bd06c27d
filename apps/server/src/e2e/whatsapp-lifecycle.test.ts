import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { signBody } from '@flowline/protocol';
import { startGraphStandIn, type GraphStandIn, type RecordedGraphRequest } from '../messaging/channels/test-support/graph-stand-in.js';
import { createStandInCustomer, type CustomerSession, type ReceivedFlow, type StandInCustomer } from '../messaging/channels/test-support/stand-in-customer.js';
import { parseServerConfig } from '../config/parse-server-config.js';
import { silentLogger } from '../logging/logger.js';
import { startServer, type RunningServer } from '../start-server.js';
import { waitFor } from './test-support/http-sink.js';
import { createAdminApi, createReviewTeam } from './test-support/admin-api.js';
import { e2eBackends } from './test-support/e2e-backends.js';

// Issue 10, "Must show" (the API half): the real server on a loopback port and the Graph stand-in as Meta.
// connect → register key → create a Flow from a template → Meta reports a validation error → fix → push →
// publish → a FLOW template → send it to a contact → the customer completes the Flow (the stand-in customer:
// Meta's copy of the Flow, encrypted data_exchange requests to the real endpoint with the registered key,
// the signed nfm_reply) → the answer is routed → THROTTLED → the next send is refused → publish a new version
// (a new Meta Flow; the old one retiring while a customer is still in it, deprecated once they finish) →
// sends use the new Meta id.

const ADMIN = 'e2e-admin-token-0123456789';
const APP_SECRET = 'e2e-app-secret';
const TOKEN = 'EAAG-e2e-system-user-token-0123456789';
const FLOW = 'appointment';
const CUSTOMER = '15550007777';

/** The Flow JSON of a version with its first screen's title changed (a fix, or a new version). */
function retitled(flowJson: string, title: string): string {
  const doc = JSON.parse(flowJson) as { screens: { title?: string }[] };
  const first = doc.screens[0];
  if (first !== undefined) first.title = title;
  return JSON.stringify(doc, null, 2);
}

type Json = { readonly [key: string]: unknown };

function at(value: unknown, ...path: readonly (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

// The stand-in signs its webhooks with APP_SECRET: the backends whose server checks that secret.
for (const backend of e2eBackends('flowline_wa_e2e').filter((b) => b.env['FLOWLINE_APP_SECRET'] === APP_SECRET)) {
describe(`WhatsApp on Meta over the Graph stand-in, the customer's whole journey [${backend.name}]`, () => {
  let dataDir = '';
  let server: RunningServer | undefined;
  let graph: GraphStandIn;
  let base = '';
  let contactId = '';
  let firstMetaId = '';
  let secondMetaId = '';
  let customer: StandInCustomer;
  /** The customer's session of the interactive send made before the throttling, still open when the new version is published. */
  let pending: CustomerSession | undefined;
  let pendingSendId = '';

  const api = createAdminApi(() => base, ADMIN);
  const approve = createReviewTeam(() => base, ADMIN);
  const sentMessages = (): RecordedGraphRequest[] => graph.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));
  const sendTemplate = () => api('POST', '/sends', { flowId: FLOW, contactId, channel: 'whatsapp', kind: 'template', template: { name: 'book_visit', language: 'en_US' } });

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'flowline-wa-e2e-'));
    graph = await startGraphStandIn({ accessToken: TOKEN, appSecret: APP_SECRET });
    const parsed = parseServerConfig({
      PORT: '0', HOST: '127.0.0.1', FLOWLINE_WORKERS: '1', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_KEY_PASSPHRASE: 'e2e-pass', FLOWLINE_ADMIN_TOKEN: ADMIN,
      FLOWLINE_PUBLIC_BASE_URL: 'https://flows.example.com',
      // The stand-in listens on loopback: allowed by explicit configuration, the address guard stays on.
      FLOWLINE_ALLOW_PRIVATE_HTTP: 'loopback',
      // The background check of retiring Meta Flows runs every second here (default 60).
      FLOWLINE_META_RETIRE_CHECK_SECONDS: '1',
      ...backend.env,
    });
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.errors.join('; '));
    server = await startServer(parsed.config, silentLogger);
    base = `http://127.0.0.1:${server.port}`;
    graph.setWebhookUrl(`${base}/webhooks/whatsapp`);
    customer = createStandInCustomer({ graph, serverBaseUrl: base, appSecret: APP_SECRET, phone: CUSTOMER, name: 'Bo' });
  });
  after(async () => {
    await graph.close();
    await server?.close();
    await backend.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('connect: the secrets are stored encrypted and never returned; the check names what is missing', async () => {
    assert.deepEqual((await api('GET', '/whatsapp/connection')).body, { configured: false });
    const saved = await api('PUT', '/whatsapp/connection', {
      wabaId: graph.wabaId, phoneNumberId: graph.phoneNumberId, accessToken: TOKEN, appSecret: APP_SECRET, webhookVerifyToken: 'e2e-verify',
      graphBaseUrl: graph.baseUrl, graphApiVersion: 'v23.0',
    });
    assert.equal(saved.status, 200, saved.text);
    assert.deepEqual(saved.body['secrets'], { accessToken: true, appSecret: true, webhookVerifyToken: true });
    const shown = await api('GET', '/whatsapp/connection');
    for (const text of [saved.text, shown.text]) {
      assert.equal(text.includes(TOKEN), false);
      assert.equal(text.includes(APP_SECRET), false);
    }
    // At rest: no database file holds the token or the app secret in clear.
    const files = readdirSync(dataDir).filter((f) => f.startsWith('flowline.db'));
    assert.ok(files.length > 0 || backend.env['DATABASE_URL'] !== undefined, 'the SQLite database is in the data directory');
    for (const file of files) {
      const bytes = readFileSync(join(dataDir, file));
      assert.equal(bytes.includes(TOKEN), false, file);
      assert.equal(bytes.includes('e2e-verify'), false, file);
    }
    // The saved verify token answers Meta's subscription handshake.
    const handshake = await fetch(`${base}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=e2e-verify&hub.challenge=42`);
    assert.equal(await handshake.text(), '42');

    const check = await api('POST', '/whatsapp/connection/check');
    assert.equal(check.body['ok'], false);
    const checks = check.body['checks'] as Json[];
    assert.deepEqual(checks.map((c) => [c['name'], c['ok']]), [['token', true], ['waba', true], ['phone_number', true], ['public_key', false]]);
    assert.match(String(checks[3]?.['message']), /no endpoint public key is registered/);
  });

  test('a wrong WABA id is reported in plain words', async () => {
    const wrong = await api('PUT', '/whatsapp/connection', { wabaId: '999', phoneNumberId: graph.phoneNumberId });
    assert.equal(wrong.status, 200, wrong.text);
    const check = await api('POST', '/whatsapp/connection/check');
    assert.match(String(at(check.body, 'checks', 0, 'message')), /WABA id 999 is wrong/);
    assert.equal((await api('PUT', '/whatsapp/connection', { wabaId: graph.wabaId, phoneNumberId: graph.phoneNumberId })).status, 200);
  });

  test('register the endpoint key: Meta signs it and it is this server\'s key', async () => {
    const registered = await api('POST', '/whatsapp/keys/register');
    assert.equal(registered.status, 200, registered.text);
    assert.deepEqual(registered.body, { signatureStatus: 'VALID', matches: true });
    assert.equal(graph.publicKey(), readFileSync(join(dataDir, 'keys', 'public.pem'), 'utf8'));
    assert.equal((await api('POST', '/whatsapp/connection/check')).body['ok'], true);
    assert.deepEqual(at((await api('GET', '/whatsapp/connection')).body, 'publicKey', 'signatureStatus'), 'VALID');
  });

  test('the number registered again on Meta: the key\'s signature reads MISMATCH, is shown and recorded, and registering again makes it VALID', async () => {
    graph.reregisterPhoneNumber();
    const read = await api('GET', '/whatsapp/keys');
    assert.deepEqual(read.body, { signatureStatus: 'MISMATCH', matches: true });
    assert.deepEqual(at((await api('GET', '/whatsapp/connection')).body, 'publicKey', 'signatureStatus'), 'MISMATCH');
    const check = await api('POST', '/whatsapp/connection/check');
    assert.equal(check.body['ok'], false);
    assert.match(String(at(check.body, 'checks', 3, 'message')), /does not match \(MISMATCH;.*register the key again/);
    assert.deepEqual((await api('POST', '/whatsapp/keys/register')).body, { signatureStatus: 'VALID', matches: true });
    assert.deepEqual(at((await api('GET', '/whatsapp/connection')).body, 'publicKey', 'signatureStatus'), 'VALID');
  });

    test('create a Flow from a template: Meta reports a validation error Flowline did not; it is shown with line and column and recorded as a fidelity finding', async () => {
    const created = await api('POST', '/flows', { id: FLOW, name: 'Appointment', template: 'appointment-booking' });
    assert.equal(created.status, 201, created.text);
    // The template brings its endpoint configuration and its routing rule (bookings to the front desk).
    const rules = await api('GET', `/flows/${FLOW}/routing`);
    assert.match(rules.text, /appointments/);
    graph.addValidationErrorNext({ error: 'INVALID_PROPERTY_VALUE', error_type: 'FLOW_JSON_ERROR', message: 'Invalid value found for property title at screens[0].title.', line_start: 9, line_end: 9, column_start: 16, column_end: 22 });
    const pushed = await api('POST', `/flows/${FLOW}/whatsapp/push`, { categories: ['APPOINTMENT_BOOKING'] });
    assert.equal(pushed.status, 200, pushed.text);
    assert.equal(pushed.body['valid'], false);
    assert.equal(pushed.body['created'], true);
    assert.deepEqual(at(pushed.body, 'metaValidationErrors', 0, 'line_start'), 9);
    assert.deepEqual(pushed.body['flowlineErrors'], []);
    assert.equal(pushed.body['findings'], 1);
    firstMetaId = String(at(pushed.body, 'meta', 'graphFlowId'));
    const onMeta = graph.flows.get(firstMetaId);
    assert.equal(onMeta?.endpointUri, `https://flows.example.com/endpoint/${FLOW}`);
    assert.deepEqual(onMeta?.categories, ['APPOINTMENT_BOOKING']);
    const findings = await api('GET', `/whatsapp/findings?flowId=${FLOW}`);
    assert.deepEqual(at(findings.body, 'items', 0, 'kind'), 'meta_only');

    const unapproved = await api('POST', `/flows/${FLOW}/whatsapp/publish`);
    assert.equal(unapproved.status, 409);
    assert.equal(at(unapproved.body, 'error', 'code'), 'NOT_APPROVED', 'only an approved version goes live on Meta (docs/governance.md)');
    await approve(FLOW, 1);
    const refused = await api('POST', `/flows/${FLOW}/whatsapp/publish`);
    assert.equal(refused.status, 409);
    assert.equal(at(refused.body, 'error', 'code'), 'META_VALIDATION_ERRORS');
  });

  test('fix, push again to the same Meta draft, and publish', async () => {
    const v1 = await api('GET', `/flows/${FLOW}/versions/1`);
    const fixed = await api('POST', `/flows/${FLOW}/versions`, { flowJson: retitled(String(v1.body['flowJson']), 'Choose a time') });
    assert.equal(fixed.status, 201, fixed.text);
    const pushed = await api('POST', `/flows/${FLOW}/whatsapp/push`);
    assert.equal(pushed.status, 200, pushed.text);
    assert.deepEqual([pushed.body['valid'], pushed.body['created'], at(pushed.body, 'meta', 'graphFlowId'), at(pushed.body, 'meta', 'version')], [true, false, firstMetaId, 2]);
    assert.match(graph.flows.get(firstMetaId)?.flowJson ?? '', /Choose a time/);
    await approve(FLOW, 2);
    const published = await api('POST', `/flows/${FLOW}/whatsapp/publish`);
    assert.equal(published.status, 200, published.text);
    assert.deepEqual([at(published.body, 'meta', 'status'), published.body['deprecated'], published.body['retiring']], ['PUBLISHED', [], []]);
    assert.equal(graph.flows.get(firstMetaId)?.status, 'PUBLISHED');
    const preview = await api('GET', `/flows/${FLOW}/whatsapp/preview?invalidate=true`);
    assert.match(String(preview.body['previewUrl']), /^https:\/\/business\.facebook\.com\//);
    const health = await api('GET', `/flows/${FLOW}/whatsapp/health`);
    assert.equal(at(health.body, 'health', 'can_send_message'), 'AVAILABLE');
    await graph.settle();
  });

  test('a FLOW-button template (data_exchange: the endpoint answers INIT) is created for the published Meta Flow and reviewed by Meta', async () => {
    const invalid = await api('POST', '/whatsapp/templates', { name: 'book_visit', language: 'en_US', category: 'UTILITY', body: 'Hi {{1}}, book now', buttonText: 'Book', flowId: FLOW });
    assert.equal(at(invalid.body, 'error', 'code'), 'INVALID_TEMPLATE', 'a variable without its example is refused before Meta');
    const created = await api('POST', '/whatsapp/templates', {
      name: 'book_visit', language: 'en_US', category: 'UTILITY', body: 'Hi {{1}}, book your visit', bodyExamples: ['Bo'], buttonText: 'Book', flowId: FLOW, flowAction: 'data_exchange',
    });
    assert.equal(created.status, 201, created.text);
    const template = created.body['template'] as Json;
    assert.equal(template['status'], 'PENDING');
    const button = at(graph.templates.get(String(template['graphTemplateId'])), 'components', 1, 'buttons', 0) as Json;
    assert.deepEqual(button, { type: 'FLOW', text: 'Book', flow_id: firstMetaId, flow_action: 'data_exchange' });
    const taken = await api('POST', '/whatsapp/templates', { name: 'book_visit', language: 'en_US', category: 'UTILITY', body: 'Again', buttonText: 'Book', flowId: FLOW });
    assert.equal(taken.status, 409, taken.text);

    const contact = await api('POST', '/contacts', { phone: `+${CUSTOMER}`, name: 'Bo', optedIn: true });
    assert.equal(contact.status, 201, contact.text);
    contactId = String(contact.body['id']);
    const messagesBefore = sentMessages().length;
    const pending = await sendTemplate();
    assert.deepEqual([pending.status, at(pending.body, 'error', 'code')], [409, 'TEMPLATE_NOT_APPROVED'], pending.text);
    assert.match(String(at(pending.body, 'error', 'message')), /template "book_visit" \(en_US\) is PENDING on WhatsApp.*wait for Meta's review/);
    assert.equal(sentMessages().length, messagesBefore, 'nothing reaches Meta');

    // Meta's review arrives on the signed message_template_status_update webhook: no refresh needed.
    const graphTemplateId = String(template['graphTemplateId']);
    await graph.setTemplateStatus(graphTemplateId, 'APPROVED');
    assert.equal(at((await api('GET', '/whatsapp/templates')).body, 'items', 0, 'status'), 'APPROVED');
    assert.equal(at((await api('GET', '/whatsapp/templates?refresh=true')).body, 'items', 0, 'status'), 'APPROVED');
    await graph.setTemplateStatus(graphTemplateId, 'PAUSED');
    const paused = await sendTemplate();
    assert.deepEqual([paused.status, at(paused.body, 'error', 'code')], [409, 'TEMPLATE_NOT_APPROVED'], paused.text);
    assert.match(String(at(paused.body, 'error', 'message')), /is PAUSED on WhatsApp/);
    await graph.setTemplateStatus(graphTemplateId, 'REINSTATED');
  });

  test('the template is sent to the contact with a flow_token; the send records the Meta Flow it opens', async () => {
    const sent = await sendTemplate();
    assert.equal(sent.status, 201, sent.text);
    assert.equal(at(sent.body, 'send', 'graphFlowId'), firstMetaId);
    const message = sentMessages().at(-1)?.body;
    assert.equal(at(message, 'template', 'name'), 'book_visit');
    assert.equal(at(message, 'to'), `+${CUSTOMER}`);
    assert.equal(typeof at(message, 'template', 'components', 0, 'parameters', 0, 'action', 'flow_token'), 'string');
  });

  test('the customer completes the Flow on their phone: encrypted data_exchange with the registered key, a booking, the signed nfm_reply', async () => {
    const received = customer.received();
    assert.equal(received.length, 1);
    assert.deepEqual([received[0]?.kind, received[0]?.metaFlowId, received[0]?.action], ['template', firstMetaId, 'data_exchange']);
    const opened = await openWhenServed(customer, received[0]);
    const session = await bookThrough(opened, 'Bo', 'bo@example.com');
    assert.equal(session.state.status.kind, 'completed');
    assert.deepEqual(customer.completions, [200], 'the completion webhook was accepted');
  });

  test('the answer is routed: a submission linked to the send, the send completed, and the routing rule\'s ticket in the outbox and the inbox', async () => {
    const sendId = String(at((await api('GET', `/sends?flowId=${FLOW}`)).body, 'items', 0, 'id'));
    const submission = await waitFor('the submission', async () => {
      const items = (await api('GET', `/submissions?flowId=${FLOW}`)).body['items'] as Json[];
      return items.find((s) => s['sendId'] === sendId);
    });
    assert.equal(at(submission, 'answers', 'name'), 'Bo');
    assert.equal(at(submission, 'answers', 'email'), 'bo@example.com');
    assert.equal(typeof at(submission, 'answers', 'booking_id'), 'string');
    assert.equal((((await api('GET', `/sends?flowId=${FLOW}`)).body['items'] as Json[]).find((s) => s['id'] === sendId))?.['status'], 'completed');
    const deliveries = await waitFor('the routed action', async () => {
      const items = (await api('GET', '/deliveries')).body['items'] as Json[];
      const mine = items.filter((d) => d['submissionId'] === submission['id']);
      return mine.length > 0 ? mine : undefined;
    });
    assert.deepEqual(deliveries.map((d) => d['kind']), ['ticket']);
    const ticket = await waitFor('the ticket', async () => ((await api('GET', '/inbox?kind=ticket&queue=appointments')).body['items'] as Json[]).find((i) => i['submissionId'] === submission['id']));
    assert.equal(ticket['status'], 'open');
  });

  test('the customer writes in and receives the Flow as an interactive message by its Meta id; they open it but do not finish yet', async () => {
    const inbound = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: graph.wabaId, changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp', metadata: { display_phone_number: '15550100', phone_number_id: graph.phoneNumberId },
      contacts: [{ profile: { name: 'Bo' }, wa_id: CUSTOMER }],
      messages: [{ from: CUSTOMER, id: 'wamid.inbound-1', timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'hi, one more booking' } }],
    } }] }] });
    const posted = await fetch(`${base}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(inbound, APP_SECRET) }, body: inbound });
    assert.equal(posted.status, 200, await posted.text());
    const sent = await waitFor('the service window', async () => {
      const answer = await api('POST', '/sends', { flowId: FLOW, contactId, channel: 'whatsapp', body: 'Book your visit', cta: 'Book' });
      return answer.status === 201 ? answer : undefined;
    });
    pendingSendId = String(at(sent.body, 'send', 'id'));
    assert.equal(at(sentMessages().at(-1)?.body, 'interactive', 'action', 'parameters', 'flow_id'), firstMetaId);
    const message = customer.received().at(-1);
    assert.deepEqual([message?.kind, message?.metaFlowId], ['interactive', firstMetaId]);
    pending = await openWhenServed(customer, message);
    assert.equal(pending.screen?.id, 'APPOINTMENT', 'the endpoint answered INIT');
  });

  test('a FLOW_STATUS_CHANGE to THROTTLED arrives signed on the flows webhook and the next send is refused with a clear error', async () => {
    await graph.setFlowStatus(firstMetaId, 'THROTTLED');
    await waitFor('the THROTTLED status', async () => {
      const status = await api('GET', `/flows/${FLOW}/whatsapp`);
      return at(status.body, 'current', 'status') === 'THROTTLED' ? true : undefined;
    });
    const before = sentMessages().length;
    const refused = await api('POST', '/sends', { flowId: FLOW, contactId, channel: 'whatsapp' });
    assert.equal(refused.status, 409, refused.text);
    assert.equal(at(refused.body, 'error', 'code'), 'FLOW_NOT_SENDABLE');
    assert.match(String(at(refused.body, 'error', 'message')), /THROTTLED on WhatsApp/);
    assert.equal(sentMessages().length, before, 'nothing reached Meta');
    const alerts = await api('GET', '/whatsapp/alerts');
    assert.deepEqual((alerts.body['items'] as Json[]).map((a) => [a['flowId'], a['kind'], a['event']]), [[FLOW, 'status', 'THROTTLED']], 'the dashboard lists it');
  });

  test('publishing a new version makes a new Meta Flow; the old one is retiring while a customer is still in it, and sends use the new id', async () => {
    const v2 = await api('GET', `/flows/${FLOW}/versions/2`);
    assert.equal((await api('POST', `/flows/${FLOW}/versions`, { flowJson: retitled(String(v2.body['flowJson']), 'Pick a time') })).status, 201);
    const pushed = await api('POST', `/flows/${FLOW}/whatsapp/push`);
    assert.equal(pushed.status, 200, pushed.text);
    assert.equal(pushed.body['created'], true);
    secondMetaId = String(at(pushed.body, 'meta', 'graphFlowId'));
    assert.notEqual(secondMetaId, firstMetaId);
    assert.equal(graph.flows.get(secondMetaId)?.name, 'Appointment (2)', 'Meta names are unique per WABA');
    await approve(FLOW, Number(at(pushed.body, 'meta', 'version')));
    const published = await api('POST', `/flows/${FLOW}/whatsapp/publish`);
    assert.equal(published.status, 200, published.text);
    assert.deepEqual([published.body['deprecated'], published.body['retiring']], [[], [{ graphFlowId: firstMetaId, openSends: 1 }]]);
    assert.equal(graph.flows.get(firstMetaId)?.status, 'THROTTLED', 'not deprecated on Meta while the customer is in it');
    const status = await api('GET', `/flows/${FLOW}/whatsapp`);
    assert.equal(at(status.body, 'current', 'graphFlowId'), secondMetaId);
    assert.deepEqual((status.body['history'] as Json[]).map((m) => [m['graphFlowId'], m['status'], m['openSends']]), [[secondMetaId, 'PUBLISHED', undefined], [firstMetaId, 'THROTTLED', 1]]);
    assert.equal(status.body['sendRefusal'], null, 'the new Meta Flow may be sent');
    const sent = await api('POST', '/sends', { flowId: FLOW, contactId, channel: 'whatsapp' });
    assert.equal(sent.status, 201, sent.text);
    assert.equal(at(sentMessages().at(-1)?.body, 'interactive', 'action', 'parameters', 'flow_id'), secondMetaId);
    assert.equal(at(sent.body, 'send', 'graphFlowId'), secondMetaId);
  });

  test('the endpoint keeps answering the old Meta Flow\'s customer; once they finish, the background check deprecates it on Meta', async () => {
    assert.ok(pending, 'the customer opened the earlier message');
    const done = await bookThrough(pending, 'Bo', 'bo+2@example.com');
    assert.equal(done.state.status.kind, 'completed');
    assert.deepEqual(customer.completions, [200, 200]);
    await waitFor('the earlier send completed', async () => (((await api('GET', `/sends?flowId=${FLOW}`)).body['items'] as Json[]).find((s) => s['id'] === pendingSendId)?.['status'] === 'completed' ? true : undefined));
    // FLOWLINE_META_RETIRE_CHECK_SECONDS=1: the check runs in the server's background.
    await waitFor('the old Meta Flow deprecated', () => (graph.flows.get(firstMetaId)?.status === 'DEPRECATED' ? true : undefined));
    const status = await api('GET', `/flows/${FLOW}/whatsapp`);
    assert.deepEqual((status.body['history'] as Json[]).map((m) => [m['graphFlowId'], m['status'], m['retiringAt']]), [[secondMetaId, 'PUBLISHED', null], [firstMetaId, 'DEPRECATED', null]]);
    assert.deepEqual((await api('GET', '/whatsapp/alerts')).body['items'], [], 'the deprecated Meta Flow\'s throttling is history');
  });

  test('the template made for the old Meta Flow is refused with a clear error, and deleted', async () => {
    const refused = await sendTemplate();
    assert.deepEqual([refused.status, at(refused.body, 'error', 'code')], [409, 'TEMPLATE_NOT_APPROVED'], refused.text);
    assert.match(String(at(refused.body, 'error', 'message')), new RegExp(`opens Meta Flow ${firstMetaId}, which is DEPRECATED.*create the template again`));
    const deleted = await api('DELETE', '/whatsapp/templates/book_visit');
    assert.deepEqual([deleted.status, deleted.body['deleted']], [200, 1]);
    assert.equal(graph.templates.size, 0);
  });

  test('only a draft can be deleted on Meta, and the audit log names every action', async () => {
    const none = await api('DELETE', `/flows/${FLOW}/whatsapp/draft`);
    assert.equal(at(none.body, 'error', 'code'), 'NO_DRAFT');
    const audit = await api('GET', '/audit');
    const actions = (audit.body['items'] as Json[]).map((e) => e['action']);
    for (const action of ['whatsapp.connection.save', 'whatsapp.key.register', 'whatsapp.flow.push', 'whatsapp.flow.publish', 'whatsapp.template.create']) assert.ok(actions.includes(action), action);
    assert.equal(audit.text.includes(TOKEN), false);
  });

  test('a rollback in Flowline rolls back on Meta too: the earlier version becomes a new published Meta Flow, and the newer one retires', async () => {
    // Versions 2 and 3 are approved; 2 goes live in Flowline, then 3; the rollback brings 2 back.
    for (const version of [2, 3]) {
      const live = await api('POST', `/flows/${FLOW}/publish`, { version });
      assert.equal(live.status, 200, live.text);
    }
    const rolled = await api('POST', `/flows/${FLOW}/rollback`, { reason: 'the new title confuses customers' });
    assert.equal(rolled.status, 200, rolled.text);
    assert.deepEqual([rolled.body['version'], rolled.body['rolledBackFrom']], [2, 3]);
    assert.equal(at(rolled.body, 'meta', 'ok'), true, rolled.text);
    const rolledBackId = String(at(rolled.body, 'meta', 'graphFlowId'));
    assert.ok(![firstMetaId, secondMetaId].includes(rolledBackId), 'a published Meta Flow is immutable: the rollback is a new one');
    const onMeta = graph.flows.get(rolledBackId);
    assert.equal(onMeta?.status, 'PUBLISHED');
    assert.match(onMeta?.flowJson ?? '', /Choose a time/, 'version 2\'s Flow JSON');
    assert.doesNotMatch(onMeta?.flowJson ?? '', /Pick a time/);
    // The newer Meta Flow still has the customer it was sent to (never finished): it retires, not deprecated yet.
    assert.deepEqual(at(rolled.body, 'meta', 'deprecated'), []);
    assert.equal(graph.flows.get(secondMetaId)?.status, 'PUBLISHED');
    const status = await api('GET', `/flows/${FLOW}/whatsapp`);
    assert.equal(at(status.body, 'current', 'graphFlowId'), rolledBackId, 'sends open the rolled-back Meta Flow');
    const newer = (status.body['history'] as Json[]).find((m) => m['graphFlowId'] === secondMetaId);
    assert.deepEqual([newer?.['status'], newer?.['openSends'], typeof newer?.['retiringAt']], ['PUBLISHED', 1, 'number']);
    const audit = (await api('GET', '/audit?action=whatsapp.flow.publish')).body['items'] as Json[];
    assert.ok(audit.some((e) => at(e, 'details', 'rollback') === true && at(e, 'details', 'graphFlowId') === rolledBackId), 'the rollback on Meta is audited');
  });

  test('a rollback whose Meta side fails still stands in Flowline and says what failed on Meta', async () => {
    // Back to 3 (approved), then a rollback to 2 while Meta refuses the publish.
    const live = await api('POST', `/flows/${FLOW}/publish`, { version: 3 });
    assert.equal(live.status, 200, live.text);
    graph.failNext({ path: /\/publish$/, status: 400, body: { error: { message: 'Invalid parameter', type: 'OAuthException', code: 100, error_subcode: 2593006, fbtrace_id: 'AbCdEf' } } });
    const rolled = await api('POST', `/flows/${FLOW}/rollback`);
    assert.equal(rolled.status, 200, rolled.text);
    assert.equal(rolled.body['version'], 2);
    assert.deepEqual([at(rolled.body, 'meta', 'ok'), at(rolled.body, 'meta', 'step')], [false, 'publish'], rolled.text);
    const flow = await api('GET', `/flows/${FLOW}`);
    assert.equal(at(flow.body, 'publishedVersion') ?? at(flow.body, 'flow', 'publishedVersion'), 2, 'Flowline serves version 2');
  });
});
}

/**
 * Opens a received Flow once the server's endpoint serves it: the endpoint's Flow catalog picks up a new
 * Flow at its next poll (up to a second after it was created), and until then answers INIT with an error.
 */
async function openWhenServed(customer: StandInCustomer, message: ReceivedFlow | undefined): Promise<CustomerSession> {
  assert.ok(message !== undefined, 'the customer received the Flow');
  let last = '';
  return waitFor(() => `the endpoint serving the Flow (last: ${last})`, async () => {
    try {
      const session = await customer.open(message);
      last = JSON.stringify(session.state.status);
      return session.screen?.id === 'APPOINTMENT' ? session : undefined;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
      return undefined;
    }
  });
}

/**
 * The customer books on the appointment Flow: picks the first free slot (the endpoint listed them), gives
 * a name and an e-mail (the endpoint books the slot), and finishes on the confirmation screen.
 */
async function bookThrough(opened: CustomerSession, name: string, email: string): Promise<CustomerSession> {
  let session = opened;
  assert.equal(session.screen?.id, 'APPOINTMENT');
  const slot = session.screen?.components.find((c) => c.name === 'slot')?.options?.[0]?.id;
  assert.ok(slot !== undefined, 'the endpoint listed free slots');
  session = await session.act({ type: 'select', name: 'slot', id: slot });
  session = await session.act({ type: 'press', target: 'footer' });
  assert.equal(session.screen?.id, 'DETAILS', session.screen?.notice);
  session = await session.act({ type: 'fill', name: 'name', value: name });
  session = await session.act({ type: 'fill', name: 'email', value: email });
  session = await session.act({ type: 'press', target: 'footer' });
  assert.equal(session.screen?.id, 'CONFIRMED', session.screen?.notice);
  return session.act({ type: 'press', target: 'footer' });
}
