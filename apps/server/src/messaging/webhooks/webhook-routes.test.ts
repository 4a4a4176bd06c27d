import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { signBody } from '@flowline/protocol';
import { openStorage, toEpochMs, type Repositories, type Storage } from '@flowline/storage';
import type { Hono } from 'hono';
import { silentLogger } from '../../logging/logger.js';
import type { CompletionInput } from '../pipeline/ingest-completion.js';
import { WEBHOOK_EXCEPTION_EXCERPT_CHARS } from './process-webhook-items.js';
import { createWebhookRoutes } from './webhook-routes.js';
import type { WebhookWrites } from './webhook-writes.js';
import { applyCallerWrites } from '../pipeline/group-commit.js';

const corpus = join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus');
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(corpus, path), 'utf8')) as unknown;
const fixtures = readJson('webhooks/pywa__flow_completion.json') as { completion: unknown; without_flow_token: unknown };
const health = readJson('webhooks/flows_webhook_endpoint_availability.json') as { payload: unknown };
const signatureVector = readJson('crypto/pywa_webhook_signature_vector.json') as { app_secret: string; x_hub_signature_256: string };
const signedBody = readFileSync(join(corpus, 'crypto', 'pywa_webhook_body.json'));

const SECRET = 'test-app-secret';
const NOW = Date.parse('2026-03-01T10:00:00Z');
const WS = 'default';

describe('POST /webhooks/whatsapp', () => {
  let dir: string;
  let storage: Storage;
  let app: Hono;
  const ingested: CompletionInput[] = [];
  let failIngest = false;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowline-webhooks-'));
    storage = await openStorage({ dataDir: dir });
    await storage.workspaces.create({ id: WS, name: 'Default', at: 0 });
    app = createWebhookRoutes({
      storage, now: () => new Date(NOW), defaultWorkspaceId: WS, log: silentLogger, verifyToken: 'verify-me',
      appSecrets: [SECRET, signatureVector.app_secret],
      // A stand-in for the pipeline that keeps the port's contract: the caller's writes commit with the answer.
      ingestCompletion: async (input) => {
        if (failIngest) throw new Error('database down');
        const accepted = await storage.transaction(async (tx) => input.writes === undefined || applyCallerWrites(tx, input.writes));
        if (!accepted) return { status: 'duplicate', messageId: input.messageId };
        ingested.push(input);
        return { status: 'routed', submissionId: `stand-in:${input.messageId}`, actionIds: [], matchedRuleIds: [] };
      },
    });
  });
  after(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (body: string | Buffer, signature: string | null = signBody(body, SECRET)) =>
    app.request('/webhooks/whatsapp', { method: 'POST', body, headers: signature === null ? {} : { 'x-hub-signature-256': signature } });

  /** A real-format completion (the pywa fixture) with its ids and token replaced. */
  const completion = (messageId: string, token: string | undefined, rawResponseJson?: string) => {
    const payload = structuredClone(fixtures.completion) as { entry: [{ changes: [{ value: { messages: [{ id: string; interactive: { nfm_reply: { response_json: string } } }] } }] }] };
    const message = payload.entry[0].changes[0].value.messages[0];
    message.id = messageId;
    const answer = JSON.parse(message.interactive.nfm_reply.response_json) as Record<string, unknown>;
    if (token === undefined) delete answer['flow_token'];
    else answer['flow_token'] = token;
    message.interactive.nfm_reply.response_json = rawResponseJson ?? JSON.stringify(answer);
    return JSON.stringify(payload);
  };

  async function seedSend(phone: string) {
    await storage.flows.create(WS, { id: 'feedback', name: 'Feedback', at: 0, by: 't' });
    await storage.flows.addVersion(WS, 'feedback', { flowJson: '{}', createdAt: 0, createdBy: 't' });
    const contact = await storage.contacts.upsert(WS, { phone, at: 0 });
    const send = await storage.sends.create(WS, { flowId: 'feedback', version: 1, contactId: contact.id, channel: 'whatsapp', at: 0 });
    assert.ok(send.ok);
    return send.value;
  }

  test('answers the verification handshake with the challenge, and 403 to a wrong token or mode', async () => {
    const ok = await app.request('/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444');
    assert.deepEqual([ok.status, await ok.text()], [200, '1158201444']);
    const wrongToken = await app.request('/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1');
    assert.deepEqual([wrongToken.status, await wrongToken.json()], [403, { error: { code: 'VERIFICATION_REFUSED', message: 'verification refused' } }]);
    assert.equal((await app.request('/webhooks/whatsapp?hub.mode=unsubscribe&hub.verify_token=verify-me&hub.challenge=1')).status, 403);
  });

  test("accepts pywa's real signed body under the vector's app secret", async () => {
    const response = await post(signedBody, signatureVector.x_hub_signature_256);
    assert.equal(response.status, 200);
    const result = (await response.json()) as { outcomes: { kind: string; outcome: string }[] };
    assert.deepEqual(result.outcomes.map((o) => [o.kind, o.outcome]), [['message', 'recorded']]);
    const contact = await storage.contacts.findByPhone(WS, '+972544401243');
    assert.equal(contact?.name, 'PyWa Tests');
    assert.equal((await storage.contacts.findConversation(WS, contact?.id ?? ''))?.lastInboundAt, 1730231903000);
  });

  test('refuses an unsigned body with 401 and a wrongly signed one with 403, processing nothing', async () => {
    const body = completion('wamid.unsigned', undefined);
    const unsigned = await post(body, null);
    assert.deepEqual([unsigned.status, await unsigned.json()], [401, { error: { code: 'ERR_SIGNATURE_MISSING', message: 'signature missing' } }]);
    const wrong = await post(body, signBody(body, 'another-secret'));
    assert.deepEqual([wrong.status, await wrong.json()], [403, { error: { code: 'ERR_SIGNATURE_INVALID', message: 'signature invalid' } }]);
    assert.equal((await post(body, 'sha256=zz')).status, 403);
    assert.equal(ingested.some((i) => i.messageId === 'wamid.unsigned'), false);
  });

  test('answers 400 to malformed bodies without crashing', async () => {
    for (const body of ['{not json', '[]', '{"object":"page","entry":[]}', '{"object":"whatsapp_business_account","entry":{}}']) {
      const response = await post(body);
      assert.equal(response.status, 400, body);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(error.code, 'MALFORMED_WEBHOOK', body);
      assert.match(error.message, /^malformed webhook: ./, body);
    }
    const odd = await post('{"object":"whatsapp_business_account","entry":[7,{"changes":[{"field":"messages","value":{"messages":[{"id":1}]}}]}]}');
    assert.equal(odd.status, 200);
    assert.deepEqual(((await odd.json()) as { outcomes: { kind: string }[] }).outcomes.map((o) => o.kind), ['ignored', 'ignored']);
  });

  test('correlates a completion with its send by flow_token, hands the decoded answer to the pipeline and marks the send completed', async () => {
    const send = await seedSend('+972987654321');
    const response = await post(completion('wamid.done-1', send.flowToken));
    assert.equal(response.status, 200);
    const input = ingested.find((i) => i.messageId === 'wamid.done-1');
    const { writes, ...rest } = input ?? { writes: undefined };
    assert.equal(typeof writes?.writeMany, 'function');
    // The writes as data, for the pipeline to merge across its batch.
    const webhookWrites = writes?.value as WebhookWrites | undefined;
    assert.deepEqual(webhookWrites && { ...webhookWrites, receipt: { ...webhookWrites.receipt, at: new Date(webhookWrites.receipt.at).getTime() } }, {
      receipt: { workspaceId: WS, key: 'msg:wamid.done-1', kind: 'flow_reply', at: NOW },
      inbound: {
        workspaceId: WS, phones: ['+972987654321', '972987654321'], name: 'Test Name', at: webhookWrites?.inbound?.at,
        // The completion is a message of the conversation too: the chat shows the Flow's card there.
        message: { wamid: 'wamid.done-1', type: 'flow_reply', details: { contextId: 'wamid.gvwegfretge==', sendId: send.id, flowId: send.flowId, version: send.version } },
      },
    });
    assert.deepEqual(input && { ...rest, receivedAt: toEpochMs(input.receivedAt) }, {
      workspaceId: WS, sendId: send.id, send, flowId: 'feedback', flowVersion: 1, contactPhone: '+972987654321', flowToken: send.flowToken,
      answer: { comment_text: 'Comment Text', delivery_rating: '4', purchase_rating: '2', recommend_radio: '0', cs_rating: '0' },
      messageId: 'wamid.done-1', receivedAt: NOW,
    });
    // The pipeline marks the send completed in its own batch (webhook-ingest.test.ts); the route no longer does.
    const contact = await storage.contacts.findByPhone(WS, '+972987654321');
    // The customer's message time (the payload's timestamp, in ms) opens their 24-hour window.
    assert.equal(typeof (await storage.contacts.findConversation(WS, contact?.id ?? ''))?.lastInboundAt, 'number');
  });

  test('keeps completions without a flow_token or with an unknown one (the pipeline files them as exceptions)', async () => {
    await post(JSON.stringify(fixtures.without_flow_token));
    await post(completion('wamid.unknown-token', 'AQAAAAACS5FpgQ_cAAAAAD0QI3s.'));
    const noToken = ingested.find((i) => i.messageId === 'wamid.wegrchytvwcggt==');
    assert.deepEqual([noToken?.sendId, noToken?.flowToken, noToken?.workspaceId], [undefined, undefined, WS]);
    const unknown = ingested.find((i) => i.messageId === 'wamid.unknown-token');
    assert.deepEqual([unknown?.sendId, unknown?.flowToken], [undefined, 'AQAAAAACS5FpgQ_cAAAAAD0QI3s.']);
  });

  test('hands a completion delivered twice to the pipeline once', async () => {
    const body = completion('wamid.twice', undefined);
    await post(body);
    const again = await post(body);
    assert.equal(again.status, 200);
    assert.deepEqual(((await again.json()) as { outcomes: { outcome: string }[] }).outcomes.map((o) => o.outcome), ['duplicate']);
    assert.equal(ingested.filter((i) => i.messageId === 'wamid.twice').length, 1);
  });

  test('answers 413 with the error body to a body past its limit, processing nothing', async () => {
    const small = createWebhookRoutes({
      storage, now: () => new Date(NOW), defaultWorkspaceId: WS, log: silentLogger, verifyToken: 'verify-me', appSecrets: [SECRET], bodyLimitBytes: 64,
      ingestCompletion: () => Promise.reject(new Error('nothing may reach the pipeline')),
    });
    const body = completion('wamid.too-large', undefined);
    const response = await small.request('/webhooks/whatsapp', { method: 'POST', body, headers: { 'x-hub-signature-256': signBody(body, SECRET) } });
    assert.deepEqual([response.status, await response.json()], [413, { error: { code: 'BODY_TOO_LARGE', message: 'request too large' } }]);
  });

  test('answers 500 when the pipeline fails, and processes the retried delivery', async () => {
    const body = completion('wamid.retry', undefined);
    failIngest = true;
    const failed = await post(body);
    assert.deepEqual([failed.status, await failed.json()], [500, { error: { code: 'INTERNAL', message: 'processing failed; retry' } }]);
    failIngest = false;
    assert.equal((await post(body)).status, 200);
    assert.equal(ingested.filter((i) => i.messageId === 'wamid.retry').length, 1);
  });

  test('keeps a response_json that is not JSON, as received', async () => {
    const body = completion('wamid.garbled', undefined, '{oops');
    assert.equal((await post(body)).status, 200);
    assert.equal(ingested.find((i) => i.messageId === 'wamid.garbled')?.answer, '{oops');
  });

  test('keeps a response_json nested too deep as received text, and refuses a body nested too deep with 400', async () => {
    const deep = `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    assert.equal((await post(completion('wamid.deep', undefined, deep))).status, 200);
    assert.equal(ingested.find((i) => i.messageId === 'wamid.deep')?.answer, deep);
    const deepBody = `{"object":"whatsapp_business_account","entry":[${'['.repeat(100)}${']'.repeat(100)}]}`;
    const refused = await post(deepBody);
    assert.equal(refused.status, 400);
    assert.match(((await refused.json()) as { error: { message: string } }).error.message, /nests deeper than 64 levels/);
  });

  test('moves message statuses forward only, so reordered webhooks do not undo a read', async () => {
    const send = await storage.sends.create(WS, { flowId: 'feedback', version: 1, contactId: (await storage.contacts.upsert(WS, { phone: '+1555000', at: 0 })).id, channel: 'whatsapp', at: 0 });
    assert.ok(send.ok);
    await storage.sends.updateStatus(WS, send.value.id, { status: 'sent', messageId: 'wamid.out-1', at: 0 });
    const status = (state: string, ts: number) => JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: 'waba', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: 'x' }, statuses: [{ id: 'wamid.out-1', status: state, timestamp: String(ts), recipient_id: '1555000' }] } }] }],
    });
    const outcome = async (state: string, ts: number) => ((await (await post(status(state, ts))).json()) as { outcomes: { outcome: string }[] }).outcomes[0]?.outcome;
    assert.equal(await outcome('read', 1_700_000_200), 'applied');
    assert.equal(await outcome('delivered', 1_700_000_100), 'stale');
    assert.equal(await outcome('failed', 1_700_000_300), 'stale');
    assert.equal(await outcome('read', 1_700_000_200), 'duplicate');
    assert.equal((await storage.sends.find(WS, send.value.id))?.status, 'read');
    const unknown = status('delivered', 1).replace('wamid.out-1', 'wamid.nobody');
    assert.equal(((await (await post(unknown)).json()) as { outcomes: { outcome: string }[] }).outcomes[0]?.outcome, 'unknown_message');
  });

  test('records flows health alerts and applies status changes to the linked Flow', async () => {
    await storage.channels.linkGraphFlow(WS, 'feedback', '1987937931743377', 0);
    const response = await post(JSON.stringify(health.payload));
    assert.deepEqual(((await response.json()) as { outcomes: { outcome: string; flowId?: string }[] }).outcomes, [
      { kind: 'flow_event', graphFlowId: '1987937931743377', event: 'ENDPOINT_AVAILABILITY', flowId: 'feedback', outcome: 'recorded' },
    ]);
    const change = { object: 'whatsapp_business_account', entry: [{ id: '539235785933710', time: 1755544999, changes: [{ field: 'flows', value: { event: 'FLOW_STATUS_CHANGE', message: 'Flow status changed', flow_id: '1987937931743377', old_status: 'PUBLISHED', new_status: 'THROTTLED' } }] }] };
    await post(JSON.stringify(change));
    assert.equal((await storage.flows.find(WS, 'feedback'))?.status, 'throttled');
    const events = await storage.channels.listFlowHealth(WS, { flowId: 'feedback' });
    assert.deepEqual(events.map((e) => [e.event, e.alertState, e.newStatus]), [['FLOW_STATUS_CHANGE', null, 'THROTTLED'], ['ENDPOINT_AVAILABILITY', 'DEACTIVATED', null]]);
    assert.equal(((await (await post(JSON.stringify(health.payload))).json()) as { outcomes: { outcome: string }[] }).outcomes[0]?.outcome, 'duplicate');
  });
});

describe('POST /webhooks/whatsapp without an app secret', () => {
  test('accepts unsigned deliveries and warns once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flowline-webhooks-'));
    const storage = await openStorage({ dataDir: dir });
    await storage.workspaces.create({ id: WS, name: 'Default', at: 0 });
    const warnings: string[] = [];
    const app = createWebhookRoutes({
      storage, now: () => new Date(NOW), defaultWorkspaceId: WS, verifyToken: undefined, appSecrets: [],
      log: (level, event) => (level === 'warn' ? warnings.push(event) : undefined), ingestCompletion: () => Promise.reject(new Error('no Flow answer in this test')),
    });
    for (let i = 0; i < 2; i += 1) assert.equal((await app.request('/webhooks/whatsapp', { method: 'POST', body: signedBody })).status, 200);
    assert.deepEqual(warnings, ['webhook.unsigned_accepted']);
    assert.equal((await app.request('/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=&hub.challenge=1')).status, 403);
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

/** Wraps storage so that the next call of one repository method throws, inside transactions too (a disk that fails once). */
function failingOnce(storage: Storage): { storage: Storage; arm(method: 'sends.updateStatus' | 'flows.setStatus'): void } {
  let armed: string | undefined;
  const trip = (name: string) => {
    if (armed !== name) return;
    armed = undefined;
    throw new Error('disk I/O error');
  };
  const wrap = <R extends Repositories>(r: R): R => ({
    ...r,
    sends: { ...r.sends, updateStatus: (...args: Parameters<Repositories['sends']['updateStatus']>) => (trip('sends.updateStatus'), r.sends.updateStatus(...args)) },
    flows: { ...r.flows, setStatus: (...args: Parameters<Repositories['flows']['setStatus']>) => (trip('flows.setStatus'), r.flows.setStatus(...args)) },
  });
  return {
    storage: { ...wrap(storage), transaction: (fn) => storage.transaction((tx) => fn(wrap(tx))) },
    arm: (method) => {
      armed = method;
    },
  };
}

describe('POST /webhooks/whatsapp: receipts commit with their writes, unprocessable items become exceptions', () => {
  let dir: string;
  let storage: Storage;
  let faults: ReturnType<typeof failingOnce>;
  let app: Hono;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowline-webhook-receipts-'));
    storage = await openStorage({ dataDir: dir });
    await storage.workspaces.create({ id: WS, name: 'Default', at: 0 });
    faults = failingOnce(storage);
    app = createWebhookRoutes({
      storage: faults.storage, now: () => new Date(NOW), defaultWorkspaceId: WS, log: silentLogger, verifyToken: undefined, appSecrets: [SECRET],
      ingestCompletion: () => Promise.reject(new Error('no Flow answer in this test')),
    });
    await storage.flows.create(WS, { id: 'feedback', name: 'Feedback', at: 0, by: 't' });
    await storage.channels.linkGraphFlow(WS, 'feedback', '1987937931743377', 0);
    const contact = await storage.contacts.upsert(WS, { phone: '+1555000', at: 0 });
    await storage.flows.addVersion(WS, 'feedback', { flowJson: '{}', createdAt: 0, createdBy: 't' });
    const send = await storage.sends.create(WS, { flowId: 'feedback', version: 1, contactId: contact.id, channel: 'whatsapp', at: 0 });
    assert.ok(send.ok);
    await storage.sends.updateStatus(WS, send.value.id, { status: 'sent', messageId: 'wamid.out-2', at: 0 });
  });
  after(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = async (body: string) => {
    const response = await app.request('/webhooks/whatsapp', { method: 'POST', body, headers: { 'x-hub-signature-256': signBody(body, SECRET) } });
    return { status: response.status, outcomes: response.status === 200 ? ((await response.json()) as { outcomes: Array<Record<string, unknown>> }).outcomes : [] };
  };
  // Raw text, so that numbers such as 1e400 reach the parser as WhatsApp (or a forger) sent them.
  const statusBody = (state: string, timestamp: string) =>
    `{"object":"whatsapp_business_account","entry":[{"id":"waba","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"phone_number_id":"x"},"statuses":[{"id":"wamid.out-2","status":"${state}","timestamp":${timestamp},"recipient_id":"1555000"}]}}]}]}`;
  const flowStatusBody = (time: string, status: string) =>
    `{"object":"whatsapp_business_account","entry":[{"id":"539235785933710","time":${time},"changes":[{"field":"flows","value":{"event":"FLOW_STATUS_CHANGE","message":"Flow status changed","flow_id":"1987937931743377","old_status":"PUBLISHED","new_status":"${status}"}}]}]}`;
  const sendStatus = async () => (await storage.sends.findByMessageId(WS, 'wamid.out-2'))?.status;

  test('a status whose write fails is answered 500 and applied when WhatsApp retries it', async () => {
    faults.arm('sends.updateStatus');
    assert.equal((await post(statusBody('delivered', '"1700000100"'))).status, 500);
    assert.equal(await sendStatus(), 'sent');
    assert.deepEqual((await post(statusBody('delivered', '"1700000100"'))).outcomes.map((o) => o['outcome']), ['applied']);
    assert.equal(await sendStatus(), 'delivered');
  });

  test('a FLOW_STATUS_CHANGE to BLOCKED whose write fails is applied when WhatsApp retries it', async () => {
    faults.arm('flows.setStatus');
    assert.equal((await post(flowStatusBody('1755544999', 'BLOCKED'))).status, 500);
    assert.equal((await storage.flows.find(WS, 'feedback'))?.status, 'draft');
    assert.deepEqual(await storage.channels.listFlowHealth(WS, { flowId: 'feedback' }), [], 'the health record rolled back with the status');
    assert.deepEqual((await post(flowStatusBody('1755544999', 'BLOCKED'))).outcomes.map((o) => o['outcome']), ['status_applied']);
    assert.equal((await storage.flows.find(WS, 'feedback'))?.status, 'blocked');
    assert.deepEqual((await post(flowStatusBody('1755544999', 'BLOCKED'))).outcomes.map((o) => o['outcome']), ['duplicate']);
  });

  test('a status or flows change whose time is no valid time is kept once as an exception and answered 200', async () => {
    const first = await post(statusBody('read', '1e400'));
    assert.equal(first.status, 200);
    assert.deepEqual(first.outcomes.map((o) => [o['kind'], o['outcome']]), [['invalid', 'kept']]);
    assert.deepEqual((await post(statusBody('read', '1e400'))).outcomes.map((o) => o['outcome']), ['duplicate'], "WhatsApp's retry adds nothing");
    assert.equal(await sendStatus(), 'delivered', 'the status was not applied');
    const flows = await post(flowStatusBody('1e400', 'DEPRECATED'));
    assert.deepEqual([flows.status, ...flows.outcomes.map((o) => o['outcome'])], [200, 'kept']);
    const items = await storage.inbox.list(WS, { queue: 'exceptions' });
    assert.deepEqual(items.map((i) => [i.kind, i.title]), [
      ['exception', 'Webhook statuses item not processable: timestamp is not a valid time'],
      ['exception', 'Webhook flows item not processable: entry timestamp is not a valid time'],
    ]);
    const body = items[0]?.body as { excerpt: string; truncated: boolean };
    assert.equal(body.truncated, false);
    assert.match(body.excerpt, /"wamid\.out-2"/);
  });

  test('keeps a bounded excerpt of a huge unprocessable item', async () => {
    const huge = statusBody('read', '-5').replace('"recipient_id":"1555000"', `"recipient_id":"${'9'.repeat(100_000)}"`);
    assert.deepEqual((await post(huge)).outcomes.map((o) => o['outcome']), ['kept']);
    const item = (await storage.inbox.list(WS, { queue: 'exceptions' })).find((i) => JSON.stringify(i.body).includes('"truncated":true'));
    assert.ok(item !== undefined);
    assert.equal((item.body as { excerpt: string }).excerpt.length, WEBHOOK_EXCEPTION_EXCERPT_CHARS);
  });
});
