import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { signBody } from '@flowline/protocol';
import { openStorage, toEpochMs, type Storage } from '@flowline/storage';
import type { Hono } from 'hono';
import { silentLogger } from '../endpoint/logger.js';
import type { CompletionInput } from './ingest-completion-port.js';
import { createWebhookRoutes } from './webhook-routes.js';
import { runAlongside } from '../pipeline/group-commit.js';

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
        const side = await storage.transaction(async (tx) => (input.alongside === undefined ? { ok: true } : runAlongside(tx, input.alongside)));
        if (!side.ok) return { status: 'duplicate', messageId: input.messageId };
        ingested.push(input);
        return { status: 'stored' };
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
    assert.equal((await app.request('/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1')).status, 403);
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
    assert.equal((await post(body, null)).status, 401);
    assert.equal((await post(body, signBody(body, 'another-secret'))).status, 403);
    assert.equal((await post(body, 'sha256=zz')).status, 403);
    assert.equal(ingested.some((i) => i.messageId === 'wamid.unsigned'), false);
  });

  test('answers 400 to malformed bodies without crashing', async () => {
    for (const body of ['{not json', '[]', '{"object":"page","entry":[]}', '{"object":"whatsapp_business_account","entry":{}}']) {
      const response = await post(body);
      assert.equal(response.status, 400, body);
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
    const { alongside, webhookWrites, ...rest } = input ?? { alongside: undefined, webhookWrites: undefined };
    assert.equal(typeof alongside, 'function');
    // The same writes as data, for the pipeline to merge across its batch.
    assert.deepEqual(webhookWrites && { ...webhookWrites, receipt: { ...webhookWrites.receipt, at: new Date(webhookWrites.receipt.at).getTime() } }, {
      receipt: { workspaceId: WS, key: 'msg:wamid.done-1', kind: 'flow_reply', at: NOW },
      inbound: { workspaceId: WS, phones: ['+972987654321', '972987654321'], name: 'Test Name', at: webhookWrites?.inbound?.at },
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

  test('answers 500 when the pipeline fails, and processes the retried delivery', async () => {
    const body = completion('wamid.retry', undefined);
    failIngest = true;
    assert.equal((await post(body)).status, 500);
    failIngest = false;
    assert.equal((await post(body)).status, 200);
    assert.equal(ingested.filter((i) => i.messageId === 'wamid.retry').length, 1);
  });

  test('keeps a response_json that is not JSON, as received', async () => {
    const body = completion('wamid.garbled', undefined, '{oops');
    assert.equal((await post(body)).status, 200);
    assert.equal(ingested.find((i) => i.messageId === 'wamid.garbled')?.answer, '{oops');
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
      log: (level, event) => (level === 'warn' ? warnings.push(event) : undefined), ingestCompletion: () => Promise.resolve(undefined),
    });
    for (let i = 0; i < 2; i += 1) assert.equal((await app.request('/webhooks/whatsapp', { method: 'POST', body: signedBody })).status, 200);
    assert.deepEqual(warnings, ['webhook.unsigned_accepted']);
    assert.equal((await app.request('/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=&hub.challenge=1')).status, 403);
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
