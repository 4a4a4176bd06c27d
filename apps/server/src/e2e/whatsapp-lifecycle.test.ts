import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { signBody } from '@flowline/protocol';
import { startGraphStandIn, type GraphStandIn, type RecordedGraphRequest } from '../channels/test-support/graph-stand-in.js';
import { parseServerConfig } from '../config/parse-server-config.js';
import { silentLogger } from '../endpoint/logger.js';
import { startServer, type RunningServer } from '../start-server.js';
import { waitFor } from './test-support/http-sink.js';
import { createAdminApi, createReviewTeam } from './test-support/admin-api.js';

// Issue 10, "Must show" (the API half): the real server on a loopback port and the Graph stand-in as Meta.
// connect → register key → push (Meta reports a validation error) → fix → push → publish → send →
// THROTTLED webhook → send refused → publish a new version (new Meta Flow, old one deprecated) → sends use the new id.

const ADMIN = 'e2e-admin-token-0123456789';
const APP_SECRET = 'e2e-app-secret';
const TOKEN = 'EAAG-e2e-system-user-token-0123456789';
const FLOW = 'appointment';
const CUSTOMER = '15550007777';

function flowJson(title: string): string {
  return JSON.stringify({
    version: '7.2', data_api_version: '3.0', routing_model: { BOOK: [] },
    screens: [{ id: 'BOOK', title, terminal: true, layout: { type: 'SingleColumnLayout', children: [{ type: 'TextBody', text: 'Book a visit' }, { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: {} } }] } }],
  }, null, 2);
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

describe('WhatsApp on Meta over the Graph stand-in: connect, keys, push, publish, status webhooks and sends', () => {
  let dataDir = '';
  let server: RunningServer | undefined;
  let graph: GraphStandIn;
  let base = '';
  let contactId = '';
  let firstMetaId = '';

  const api = createAdminApi(() => base, ADMIN);
  const approve = createReviewTeam(() => base, ADMIN);
  const sentMessages = (): RecordedGraphRequest[] => graph.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'flowline-wa-e2e-'));
    graph = await startGraphStandIn({ accessToken: TOKEN, appSecret: APP_SECRET });
    const parsed = parseServerConfig({
      PORT: '0', HOST: '127.0.0.1', FLOWLINE_WORKERS: '1', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_KEY_PASSPHRASE: 'e2e-pass', FLOWLINE_ADMIN_TOKEN: ADMIN,
      FLOWLINE_APP_SECRET: APP_SECRET, FLOWLINE_PUBLIC_BASE_URL: 'https://flows.example.com',
      // The stand-in listens on loopback: allowed by explicit configuration, the address guard stays on.
      FLOWLINE_ALLOW_PRIVATE_HTTP: 'loopback',
    });
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.errors.join('; '));
    server = await startServer(parsed.config, silentLogger);
    base = `http://127.0.0.1:${server.port}`;
    graph.setWebhookUrl(`${base}/webhooks/whatsapp`);
  });
  after(async () => {
    await graph.close();
    await server?.close();
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
    assert.ok(files.length > 0, 'the SQLite database is in the data directory');
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

  test('push: Meta reports a validation error Flowline did not; it is shown with line and column and recorded as a fidelity finding', async () => {
    const created = await api('POST', '/flows', { id: FLOW, name: 'Appointment', flowJson: flowJson('Book') });
    assert.equal(created.status, 201, created.text);
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
    assert.equal(refused.body['error'] && at(refused.body, 'error', 'code'), 'META_VALIDATION_ERRORS');
  });

  test('fix, push again to the same Meta draft, and publish', async () => {
    const fixed = await api('POST', `/flows/${FLOW}/versions`, { flowJson: flowJson('Book a visit') });
    assert.equal(fixed.status, 201, fixed.text);
    const pushed = await api('POST', `/flows/${FLOW}/whatsapp/push`);
    assert.equal(pushed.status, 200, pushed.text);
    assert.deepEqual([pushed.body['valid'], pushed.body['created'], at(pushed.body, 'meta', 'graphFlowId'), at(pushed.body, 'meta', 'version')], [true, false, firstMetaId, 2]);
    assert.equal(graph.flows.get(firstMetaId)?.flowJson, flowJson('Book a visit'));
    await approve(FLOW, 2);
    const published = await api('POST', `/flows/${FLOW}/whatsapp/publish`);
    assert.equal(published.status, 200, published.text);
    assert.deepEqual([at(published.body, 'meta', 'status'), published.body['deprecated']], ['PUBLISHED', []]);
    assert.equal(graph.flows.get(firstMetaId)?.status, 'PUBLISHED');
    const preview = await api('GET', `/flows/${FLOW}/whatsapp/preview?invalidate=true`);
    assert.match(String(preview.body['previewUrl']), /^https:\/\/business\.facebook\.com\//);
    const health = await api('GET', `/flows/${FLOW}/whatsapp/health`);
    assert.equal(at(health.body, 'health', 'can_send_message'), 'AVAILABLE');
    await graph.settle();
  });

  test('a contact who wrote in receives the Flow by its Meta id', async () => {
    const inbound = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: graph.wabaId, changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp', metadata: { display_phone_number: '15550100', phone_number_id: graph.phoneNumberId },
      contacts: [{ profile: { name: 'Bo' }, wa_id: CUSTOMER }],
      messages: [{ from: CUSTOMER, id: 'wamid.inbound-1', timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'hi' } }],
    } }] }] });
    const posted = await fetch(`${base}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(inbound, APP_SECRET) }, body: inbound });
    assert.equal(posted.status, 200, await posted.text());
    const contact = await api('POST', '/contacts', { phone: `+${CUSTOMER}`, optedIn: true });
    contactId = String(contact.body['id']);
    const sent = await api('POST', '/sends', { flowId: FLOW, contactId, channel: 'whatsapp', body: 'Book your visit', cta: 'Book' });
    assert.equal(sent.status, 201, sent.text);
    assert.equal(at(sentMessages().at(-1)?.body, 'interactive', 'action', 'parameters', 'flow_id'), firstMetaId);
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
  });

  test('publishing a new version makes a new Meta Flow, deprecates the old one, and sends use the new id', async () => {
    assert.equal((await api('POST', `/flows/${FLOW}/versions`, { flowJson: flowJson('Book your visit') })).status, 201);
    const pushed = await api('POST', `/flows/${FLOW}/whatsapp/push`);
    assert.equal(pushed.status, 200, pushed.text);
    assert.equal(pushed.body['created'], true);
    const secondMetaId = String(at(pushed.body, 'meta', 'graphFlowId'));
    assert.notEqual(secondMetaId, firstMetaId);
    assert.equal(graph.flows.get(secondMetaId)?.name, 'Appointment (2)', 'Meta names are unique per WABA');
    await approve(FLOW, Number(at(pushed.body, 'meta', 'version')));
    const published = await api('POST', `/flows/${FLOW}/whatsapp/publish`);
    assert.equal(published.status, 200, published.text);
    assert.deepEqual(published.body['deprecated'], [firstMetaId]);
    assert.equal(graph.flows.get(firstMetaId)?.status, 'DEPRECATED');
    await graph.settle();
    const status = await api('GET', `/flows/${FLOW}/whatsapp`);
    assert.equal(at(status.body, 'current', 'graphFlowId'), secondMetaId);
    assert.deepEqual((status.body['history'] as Json[]).map((m) => [m['graphFlowId'], m['status']]), [[secondMetaId, 'PUBLISHED'], [firstMetaId, 'DEPRECATED']]);
    const sent = await api('POST', '/sends', { flowId: FLOW, contactId, channel: 'whatsapp' });
    assert.equal(sent.status, 201, sent.text);
    assert.equal(at(sentMessages().at(-1)?.body, 'interactive', 'action', 'parameters', 'flow_id'), secondMetaId);
  });

  test('a FLOW-button template is created for the current Meta Flow, reviewed by Meta, sent with a flow_token, and deleted', async () => {
    const invalid = await api('POST', '/whatsapp/templates', { name: 'book_visit', language: 'en_US', category: 'MARKETING', body: 'Hi {{1}}, book now', buttonText: 'Book', flowId: FLOW });
    assert.equal(at(invalid.body, 'error', 'code'), 'INVALID_TEMPLATE', 'a variable without its example is refused before Meta');
    const created = await api('POST', '/whatsapp/templates', {
      name: 'book_visit', language: 'en_US', category: 'MARKETING', body: 'Hi {{1}}, book your visit', bodyExamples: ['Bo'], buttonText: 'Book', flowId: FLOW, navigateScreen: 'BOOK',
    });
    assert.equal(created.status, 201, created.text);
    const template = created.body['template'] as Json;
    assert.equal(template['status'], 'PENDING');
    const current = String(at((await api('GET', `/flows/${FLOW}/whatsapp`)).body, 'current', 'graphFlowId'));
    const button = at(graph.templates.get(String(template['graphTemplateId'])), 'components', 1, 'buttons', 0) as Json;
    assert.deepEqual(button, { type: 'FLOW', text: 'Book', flow_id: current, flow_action: 'navigate', navigate_screen: 'BOOK' });
    const taken = await api('POST', '/whatsapp/templates', { name: 'book_visit', language: 'en_US', category: 'MARKETING', body: 'Again', buttonText: 'Book', flowId: FLOW });
    assert.equal(taken.status, 409, taken.text);

    const sendTemplate = () => api('POST', '/sends', { flowId: FLOW, contactId, channel: 'whatsapp', kind: 'template', template: { name: 'book_visit', language: 'en_US' } });
    const messagesBefore = sentMessages().length;
    const pending = await sendTemplate();
    assert.deepEqual([pending.status, at(pending.body, 'error', 'code')], [409, 'TEMPLATE_NOT_APPROVED'], pending.text);
    assert.match(String(at(pending.body, 'error', 'message')), /template "book_visit" \(en_US\) is PENDING on WhatsApp.*wait for Meta's review/);
    assert.equal(sentMessages().length, messagesBefore, 'nothing reaches Meta');

    // Meta's review arrives on the signed message_template_status_update webhook: no refresh needed.
    const graphTemplateId = String(template['graphTemplateId']);
    await graph.setTemplateStatus(graphTemplateId, 'APPROVED');
    assert.equal(at((await api('GET', '/whatsapp/templates')).body, 'items', 0, 'status'), 'APPROVED');
    const listed = await api('GET', '/whatsapp/templates?refresh=true');
    assert.equal(at(listed.body, 'items', 0, 'status'), 'APPROVED');

    const sent = await sendTemplate();
    assert.equal(sent.status, 201, sent.text);
    const message = sentMessages().at(-1)?.body;
    assert.equal(at(message, 'template', 'name'), 'book_visit');
    assert.equal(typeof at(message, 'template', 'components', 0, 'parameters', 0, 'action', 'flow_token'), 'string');

    await graph.setTemplateStatus(graphTemplateId, 'PAUSED');
    const paused = await sendTemplate();
    assert.deepEqual([paused.status, at(paused.body, 'error', 'code')], [409, 'TEMPLATE_NOT_APPROVED'], paused.text);
    assert.match(String(at(paused.body, 'error', 'message')), /is PAUSED on WhatsApp/);
    await graph.setTemplateStatus(graphTemplateId, 'REINSTATED');
    assert.equal((await sendTemplate()).status, 201);

    const deleted = await api('DELETE', '/whatsapp/templates/book_visit');
    assert.deepEqual([deleted.status, deleted.body['deleted']], [200, 1]);
    assert.equal(graph.templates.size, 0);
  });

  test('only a draft can be deleted on Meta, and the audit log names every action', async () => {
    const none = await api('DELETE', `/flows/${FLOW}/whatsapp/draft`);
    assert.equal(at(none.body, 'error', 'code'), 'NO_DRAFT');
    const audit = await api('GET', '/audit');
    const actions = (audit.body['items'] as Json[]).map((e) => e['action']);
    for (const action of ['whatsapp.connection.save', 'whatsapp.key.register', 'whatsapp.flow.push', 'whatsapp.flow.publish']) assert.ok(actions.includes(action), action);
    assert.equal(audit.text.includes(TOKEN), false);
  });
});
