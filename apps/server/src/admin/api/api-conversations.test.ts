import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signBody } from '@flowline/protocol';
import { createCloudApiClient } from '../../messaging/channels/cloud-api-client.js';
import { graphPostOverFetch } from '../../messaging/channels/graph-post.js';
import { startGraphStandIn, type GraphStandIn } from '../../messaging/channels/test-support/graph-stand-in.js';
import { sendReply } from '../../messaging/conversations/send-reply.js';
import { silentLogger } from '../../logging/logger.js';
import { createWebhookRoutes } from '../../messaging/webhooks/webhook-routes.js';
import { describeApi, type ApiHarness } from './test-support/describe-api.js';

const SECRET = 'conversation-test-secret';
const HOUR = 3_600_000;

let graph: GraphStandIn;
before(async () => {
  graph = await startGraphStandIn();
});
after(async () => {
  await graph.close();
});

type MessageView = { id: string; direction: string; author: string; authorName: string | null; type: string; text: string | null; wamid: string | null; status: string | null; errorCode: number | null; errorTitle: string | null };

describeApi('API conversations', (h) => {
  /** The API with replies through the Cloud API (the Graph stand-in), and the webhook route on the same storage and clock. */
  const world = (api: ApiHarness) => {
    const now = () => new Date(api.clock.now);
    const client = createCloudApiClient({ baseUrl: graph.baseUrl, apiVersion: 'v23.0', phoneNumberId: graph.phoneNumberId, accessToken: 'tok' }, graphPostOverFetch(fetch));
    const withReplies = api.withDeps({ sendReply: (request) => sendReply({ storage: api.storage, now, whatsappFor: () => Promise.resolve(client) }, request) });
    const webhooks = createWebhookRoutes({
      storage: api.storage, now, log: silentLogger, defaultWorkspaceId: api.workspaceA, appSecrets: [SECRET], verifyToken: undefined,
      ingestCompletion: () => Promise.reject(new Error('no Flow completion is posted in these tests')),
    });
    const webhook = async (value: Record<string, unknown>) => {
      const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'waba', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: 'unknown-number' }, ...value } }] }] });
      const res = await webhooks.request('/webhooks/whatsapp', { method: 'POST', body, headers: { 'x-hub-signature-256': signBody(body, SECRET), 'content-type': 'application/json' } });
      assert.equal(res.status, 200, await res.text());
    };
    const seconds = () => String(Math.floor(api.clock.now / 1000));
    return { api: withReplies, webhook, seconds };
  };

  test('a reply inside the window goes through the Cloud API, is stored, and takes the statuses of the statuses webhook', async () => {
    const { api, webhook, seconds } = world(h());
    const phone = '351910000101';
    const customerText = { from: phone, id: 'wamid.customer.101', timestamp: seconds(), type: 'text', text: { body: 'My parcel arrived damaged' } };
    await webhook({ contacts: [{ wa_id: phone, profile: { name: 'Ana' } }], messages: [customerText] });
    await webhook({ contacts: [{ wa_id: phone, profile: { name: 'Ana' } }], messages: [customerText] });
    const contact = await api.storage.contacts.findByPhone(api.workspaceA, `+${phone}`);
    assert.ok(contact);

    api.clock.now += HOUR;
    assert.equal((await api.call('POST', `/api/v1/conversations/${contact.id}/messages`, { token: api.tokens.viewer, body: { text: 'hi' } })).status, 403);
    const replied = await api.call('POST', `/api/v1/conversations/${contact.id}/messages`, { token: api.tokens.operator, body: { text: 'Sorry! Could you send a photo of the box?' } });
    assert.equal(replied.status, 201, replied.text);
    const reply = replied.body['message'] as MessageView;
    const sentToGraph = graph.messages.log.at(-1);
    assert.deepEqual(sentToGraph?.body, { messaging_product: 'whatsapp', recipient_type: 'individual', to: `+${phone}`, type: 'text', text: { preview_url: false, body: 'Sorry! Could you send a photo of the box?' } });
    assert.equal(reply.wamid, sentToGraph?.messageId);
    assert.equal(reply.status, 'sent');

    api.clock.now += 1000;
    await webhook({ statuses: [{ id: reply.wamid, status: 'read', timestamp: seconds(), recipient_id: phone }, { id: reply.wamid, status: 'delivered', timestamp: seconds(), recipient_id: phone }] });

    const view = await api.call('GET', `/api/v1/conversations/${contact.id}`, { token: api.tokens.viewer });
    assert.equal(view.status, 200, view.text);
    const messages = view.body['messages'] as MessageView[];
    assert.deepEqual(messages.map((m) => [m.direction, m.author, m.authorName, m.text, m.status]), [
      ['inbound', 'customer', null, 'My parcel arrived damaged', null],
      ['outbound', 'operator', 'token:operator-token', 'Sorry! Could you send a photo of the box?', 'read'],
    ]);
    assert.deepEqual(view.body['window'], { open: true, closesAt: Number(customerText.timestamp) * 1000 + 24 * HOUR });
  });

  test('a failed status stores Meta\'s error code and title on the reply', async () => {
    const { api, webhook, seconds } = world(h());
    const phone = '351910000102';
    await webhook({ messages: [{ from: phone, id: 'wamid.customer.102', timestamp: seconds(), type: 'text', text: { body: 'hello' } }] });
    const contact = await api.storage.contacts.findByPhone(api.workspaceA, `+${phone}`);
    assert.ok(contact);
    const replied = await api.call('POST', `/api/v1/conversations/${contact.id}/messages`, { token: api.tokens.operator, body: { text: 'Hello Ana' } });
    assert.equal(replied.status, 201, replied.text);
    const wamid = (replied.body['message'] as MessageView).wamid;
    await webhook({ statuses: [{ id: wamid, status: 'failed', timestamp: seconds(), recipient_id: phone, errors: [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable' }] }] });
    const [, stored] = (await api.call('GET', `/api/v1/conversations/${contact.id}`)).body['messages'] as MessageView[];
    assert.deepEqual([stored?.status, stored?.errorCode, stored?.errorTitle], ['failed', 131026, 'Message undeliverable']);
  });

  test('outside the 24-hour window a reply is refused with 409, naming the window and the approved templates instead', async () => {
    const { api, webhook, seconds } = world(h());
    const phone = '351910000103';
    await webhook({ messages: [{ from: phone, id: 'wamid.customer.103', timestamp: seconds(), type: 'text', text: { body: 'Any news?' } }] });
    const contact = await api.storage.contacts.findByPhone(api.workspaceA, `+${phone}`);
    assert.ok(contact);
    await api.storage.flows.create(api.workspaceA, { id: 'follow-up', name: 'Follow-up', at: 0, by: 't' });
    const template = { name: 'follow_up', language: 'en_US', graphTemplateId: '9001', category: 'UTILITY', flowId: 'follow-up', graphFlowId: '77', components: [], at: api.clock.now };
    await api.storage.whatsapp.saveTemplate(api.workspaceA, { ...template, status: 'APPROVED' });
    await api.storage.whatsapp.saveTemplate(api.workspaceA, { ...template, name: 'pending_one', graphTemplateId: '9002', status: 'PENDING' });
    const before = graph.messages.log.length;

    api.clock.now += 24 * HOUR + 1000;
    const refused = await api.call('POST', `/api/v1/conversations/${contact.id}/messages`, { token: api.tokens.operator, body: { text: 'Still there?' } });
    assert.equal(refused.status, 409, refused.text);
    const error = refused.body['error'] as { code: string; message: string; details: { alternative: string } };
    assert.equal(error.code, 'OUTSIDE_SERVICE_WINDOW');
    assert.match(error.message, /24-hour customer service window/);
    assert.match(error.message, /approved template/);
    assert.equal(error.details.alternative, 'template');
    assert.equal(graph.messages.log.length, before, 'nothing reached WhatsApp');
    const view = await api.call('GET', `/api/v1/conversations/${contact.id}`);
    assert.equal((view.body['window'] as { open: boolean }).open, false);
    assert.deepEqual((view.body['templates'] as { name: string }[]).map((t) => t.name), ['follow_up']);
    assert.equal((view.body['messages'] as unknown[]).length, 1, 'the refused reply is not stored');

    // The customer writes again: the window reopens.
    await webhook({ messages: [{ from: phone, id: 'wamid.customer.104', timestamp: seconds(), type: 'text', text: { body: 'Hello?' } }] });
    assert.equal((await api.call('POST', `/api/v1/conversations/${contact.id}/messages`, { token: api.tokens.operator, body: { text: 'Yes!' } })).status, 201);
  });

  test('stores reactions, media references and button replies from the webhook, bounded', async () => {
    const { api, webhook, seconds } = world(h());
    const phone = '351910000105';
    await webhook({
      messages: [
        { from: phone, id: 'wamid.m1', timestamp: seconds(), type: 'image', image: { id: 'media-1', mime_type: 'image/jpeg', caption: 'the box' } },
        { from: phone, id: 'wamid.m2', timestamp: seconds(), type: 'reaction', reaction: { message_id: 'wamid.m1', emoji: '👍' } },
        { from: phone, id: 'wamid.m3', timestamp: seconds(), type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes please' } } },
        { from: phone, id: 'wamid.m4', timestamp: seconds(), type: 'text', text: { body: 'x'.repeat(10_000) } },
      ],
    });
    const contact = await api.storage.contacts.findByPhone(api.workspaceA, `+${phone}`);
    assert.ok(contact);
    const messages = (await api.call('GET', `/api/v1/conversations/${contact.id}`)).body['messages'] as (MessageView & { details: Record<string, unknown> })[];
    assert.deepEqual(messages.map((m) => [m.type, (m.text?.length ?? 0) > 40 ? m.text?.length : m.text, m.details]), [
      ['image', 'the box', { mediaId: 'media-1', mimeType: 'image/jpeg' }],
      ['reaction', '👍', { reactedTo: 'wamid.m1' }],
      ['interactive', 'Yes please', { interactive: 'button_reply', replyId: 'yes' }],
      ['text', 4096, {}],
    ]);
  });

  test('owner and state of a conversation; quick replies', async () => {
    const api = h();
    const contact = await api.storage.contacts.upsert(api.workspaceA, { phone: '+351910000106', at: api.clock.now });
    const patched = await api.call('PATCH', `/api/v1/conversations/${contact.id}`, { token: api.tokens.operator, body: { assignee: 'rui', state: 'pending' } });
    assert.equal(patched.status, 200, patched.text);
    assert.deepEqual([patched.body['assignee'], patched.body['state']], ['rui', 'pending']);
    assert.equal((await api.call('PATCH', `/api/v1/conversations/${contact.id}`, { token: api.tokens.viewer, body: { state: 'open' } })).status, 403);
    assert.equal((await api.call('PATCH', `/api/v1/conversations/${contact.id}`, { token: api.tokenB, body: { state: 'open' } })).status, 404);
    const created = await api.call('POST', '/api/v1/quick-replies', { token: api.tokens.operator, body: { title: 'Photo', text: 'Could you send a photo?' } });
    assert.equal(created.status, 201);
    assert.equal((await api.call('POST', '/api/v1/quick-replies', { token: api.tokens.operator, body: { title: 'Photo', text: 'again' } })).status, 409);
    const id = created.body['id'] as string;
    assert.equal((await api.call('PUT', `/api/v1/quick-replies/${id}`, { token: api.tokens.operator, body: { title: 'Photo', text: 'A photo, please' } })).status, 200);
    assert.deepEqual(((await api.call('GET', '/api/v1/quick-replies', { token: api.tokens.viewer })).body['items'] as { text: string }[]).map((r) => r.text), ['A photo, please']);
    assert.equal((await api.call('DELETE', `/api/v1/quick-replies/${id}`, { token: api.tokens.operator })).status, 200);
    assert.deepEqual((await api.call('GET', '/api/v1/quick-replies', { token: api.tokenB })).body['items'], []);
  });
});

describeApi('API back-and-forth', (h) => {
  test('counts the messages between each answer and its ticket\'s resolution, per version, beside the same queue\'s tickets without a Flow', async () => {
    const api = h();
    const ws = api.workspaceA;
    const s = api.storage;
    const t0 = api.clock.now;
    const MIN = 60_000;
    await s.flows.create(ws, { id: 'triage', name: 'Triage', at: t0, by: 't' });
    await s.flows.addVersion(ws, 'triage', { flowJson: '{}', createdAt: t0, createdBy: 't' });
    await s.flows.addVersion(ws, 'triage', { flowJson: '{}', createdAt: t0, createdBy: 't' });
    const contact = async (n: number) => (await s.contacts.upsert(ws, { phone: `+35191000020${n}`, at: t0 })).id;
    const say = (contactId: string, author: 'customer' | 'operator' | 'automation', at: number, type = 'text') =>
      s.conversations.recordMessages(ws, [{ contactId, direction: author === 'customer' ? 'inbound' : 'outbound', author, type, text: 'x', at }]);
    /** A ticket opened at `start` (by an answer of `version`, or by hand) and resolved at `end`. */
    const ticket = async (contactId: string, start: number, end: number, version?: number) => {
      let submissionId: string | undefined;
      if (version !== undefined) {
        const recorded = await s.submissions.record({ submission: { workspaceId: ws, flowId: 'triage', version, answers: {}, contract: { ok: true, problems: [] }, receivedAt: start }, actions: [], events: [] });
        assert.ok(recorded.ok);
        submissionId = recorded.value.submission.id;
      }
      const item = await s.inbox.create(ws, { kind: 'ticket', queue: 'support', title: 't', contactId, ...(submissionId === undefined ? {} : { submissionId }), at: start });
      await s.inbox.update(ws, item.id, { status: 'resolved', at: end });
    };
    // v1: a clarification (operator asks, customer answers) → 2 messages, 30 min; the Flow message and completion are not counted.
    const a = await contact(1);
    await say(a, 'automation', t0 - MIN, 'flow');
    await say(a, 'customer', t0, 'flow_reply');
    await say(a, 'operator', t0 + 5 * MIN);
    await say(a, 'customer', t0 + 10 * MIN);
    await ticket(a, t0, t0 + 30 * MIN, 1);
    await say(a, 'customer', t0 + 40 * MIN); // after the resolution
    // v2: resolved from the answers alone in 10 min.
    const b = await contact(2);
    await ticket(b, t0, t0 + 10 * MIN, 2);
    // Same queue, no Flow: three messages, two of them the operator's, 60 min.
    const c = await contact(3);
    await say(c, 'customer', t0 + MIN);
    await say(c, 'operator', t0 + 2 * MIN);
    await say(c, 'operator', t0 + 3 * MIN);
    await ticket(c, t0, t0 + 60 * MIN);
    // Another queue without a Flow is not compared.
    const d = await contact(4);
    const other = await s.inbox.create(ws, { kind: 'ticket', queue: 'billing', title: 't', contactId: d, at: t0 });
    await s.inbox.update(ws, other.id, { status: 'resolved', at: t0 + MIN });

    const res = await api.call('GET', '/api/v1/flows/triage/back-and-forth', { token: api.tokens.viewer });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body['overall'], { tickets: 2, messagesExchanged: 2, messagesPerTicket: 1, medianHandlingMs: 20 * MIN, resolvedWithoutClarification: 1, shareWithoutClarification: 0.5 });
    assert.deepEqual(res.body['versions'], [
      { version: 1, tickets: 1, messagesExchanged: 2, messagesPerTicket: 2, medianHandlingMs: 30 * MIN, resolvedWithoutClarification: 0, shareWithoutClarification: 0 },
      { version: 2, tickets: 1, messagesExchanged: 0, messagesPerTicket: 0, medianHandlingMs: 10 * MIN, resolvedWithoutClarification: 1, shareWithoutClarification: 1 },
    ]);
    assert.deepEqual(res.body['withoutFlow'], { queues: ['support'], tickets: 1, messagesExchanged: 3, messagesPerTicket: 3, medianHandlingMs: 60 * MIN, resolvedWithoutClarification: 0, shareWithoutClarification: 0 });
    assert.equal((await api.call('GET', '/api/v1/flows/triage/back-and-forth', { token: api.tokenB })).status, 404);
  });
});
