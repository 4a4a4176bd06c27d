import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { encryptRequest, signBody } from '@flowline/protocol';
import { verifyWebhookSignature } from '@flowline/worker';
import { parseServerConfig } from '../config/parse-server-config.js';
import { silentLogger } from '../logging/logger.js';
import { toCompletionWebhook } from '../messaging/sandbox/to-completion-webhook.js';
import { startServer, type RunningServer } from '../start-server.js';
import { startHttpSink, waitFor, type HttpSink } from './test-support/http-sink.js';
import { e2eBackends } from './test-support/e2e-backends.js';
import { createAdminApi } from './test-support/admin-api.js';

// Issue 5, "Must show": the real server on a loopback port, a Flow sent to a sandbox contact and completed
// through the sandbox API (real runtime, real endpoint with real encryption, signed nfm_reply webhook),
// routed to a signed HTTP sink and to an inbox ticket, with its events recorded.

const ADMIN = 'e2e-admin-token-0123456789';
const SINK_SECRET = 'sink-secret';
const FLOW = 'lead-qualification';

/** A JSON object of an API answer. */
type Json = { readonly [key: string]: unknown };

/** Reads a nested value of a JSON answer (undefined when the path is missing). */
function at(value: unknown, ...path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Json)[key];
  }
  return current;
}

for (const backend of e2eBackends('flowline_e2e')) {
  describe(`sandbox → endpoint → webhook → pipeline → sink and inbox [${backend.name}]`, () => {
    let dataDir = '';
    let server: RunningServer | undefined;
    let sink: HttpSink | undefined;
    let base = '';
    const appSecret = backend.env['FLOWLINE_APP_SECRET'];

    const api = createAdminApi(() => base, ADMIN);
    const postWebhook = (payload: unknown): Promise<Response> => {
      const raw = JSON.stringify(payload);
      return fetch(`${base}/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(appSecret === undefined ? {} : { 'x-hub-signature-256': signBody(raw, appSecret) }) },
        body: raw,
      });
    };
    const flowTokenOf = (message: Json): string => at(message, 'body', 'interactive', 'action', 'parameters', 'flow_token') as string;

    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'flowline-e2e-'));
      sink = await startHttpSink();
      const parsed = parseServerConfig({
        PORT: '0', HOST: '127.0.0.1', FLOWLINE_WORKERS: '1', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_KEY_PASSPHRASE: 'e2e-pass',
        FLOWLINE_ADMIN_TOKEN: ADMIN, FLOWLINE_ALLOW_PRIVATE_HTTP: 'loopback', FLOWLINE_WEBHOOK_VERIFY_TOKEN: 'e2e-verify', ...backend.env,
      });
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.errors.join('; '));
      server = await startServer(parsed.config, silentLogger);
      base = `http://127.0.0.1:${server.port}`;
    });
    after(async () => {
      await server?.close();
      await sink?.close();
      await backend.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    });

    let contactId = '';
    let sendId = '';
    let submissionId = '';

    test('the webhook route is mounted and answers the verification handshake with the configured token', async () => {
      const ok = await fetch(`${base}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=e2e-verify&hub.challenge=1158201444`);
      assert.equal(ok.status, 200);
      assert.equal(await ok.text(), '1158201444');
      assert.equal((await fetch(`${base}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`)).status, 403);
    });

    test('a routing rule sends urgent answers to a signed webhook and an inbox ticket', async () => {
      const rules = [{
        name: 'Small businesses to sales',
        when: { all: [{ field: 'segment', equals: 'small' }, { field: 'email', exists: true }] },
        actions: [
          { type: 'webhook', url: sink?.url, secret: SINK_SECRET },
          { type: 'ticket', queue: 'sales', priority: 2, title: 'New small-business lead' },
        ],
      }];
      const put = await api('PUT', `/flows/${FLOW}/routing`, { rules });
      assert.equal(put.status, 200, JSON.stringify(put.body));
    });

    test('a sandbox contact receives the Flow sent through the API', async () => {
      const created = await api('POST', '/sandbox/contacts', { phone: '15550001234', name: 'Ana' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      contactId = at(created.body, 'contact', 'id') as string;
      const sent = await api('POST', '/sends', { flowId: FLOW, contactId, channel: 'sandbox', body: 'Tell us about your company', cta: 'Start' });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      sendId = at(sent.body, 'send', 'id') as string;
      const chats = await api('GET', '/sandbox/chats');
      const chat = (chats.body['items'] as Json[]).find((c) => c['contactId'] === contactId);
      assert.equal(chat?.['name'], 'Ana');
    });

    test('the customer completes it on the sandbox phone; data_exchange goes through the encrypted endpoint', async () => {
      const chat = await api('GET', `/sandbox/chats/${contactId}`);
      const flowMessage = (chat.body['messages'] as Json[]).find((m) => m['kind'] === 'flow');
      assert.ok(flowMessage, 'the Flow message is in the chat');
      assert.equal(at(flowMessage, 'body', 'interactive', 'action', 'parameters', 'flow_action'), 'navigate');
      const opened = await api('POST', `/sandbox/messages/${flowMessage['messageId'] as string}/open`);
      assert.equal(opened.status, 200, JSON.stringify(opened.body));
      assert.equal(at(opened.body, 'screen', 'id'), 'COMPANY');
      const sessionId = at(opened.body, 'session', 'id') as string;
      const step = async (event: Json) => {
        const res = await api('POST', `/sandbox/sessions/${sessionId}/events`, { event });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return res.body;
      };
      await step({ type: 'fill', name: 'company', value: 'Padaria Lda' });
      await step({ type: 'fill', name: 'employees', value: '6' });
      // The endpoint chooses the next screen (employees ≤ 10) and returns the segment, decrypted by the sandbox.
      const next = await step({ type: 'press', target: 'footer' });
      assert.equal(at(next, 'screen', 'id'), 'SMALL_BUSINESS');
      await step({ type: 'fill', name: 'email', value: 'ana@padaria.example' });
      const done = await step({ type: 'press', target: 'footer' });
      assert.equal(done['screen'], undefined);
      assert.equal(at(done, 'state', 'status', 'kind'), 'completed');
      const after = await api('GET', `/sandbox/chats/${contactId}`);
      assert.equal((after.body['messages'] as Json[]).filter((m) => m['kind'] === 'flow_reply').length, 1, 'the customer keeps the response summary in the chat');
    });

    test('the submission is stored, matches the contract and is linked to the send', async () => {
      const list = await waitFor('the submission', async () => {
        const res = await api('GET', `/submissions?flowId=${FLOW}`);
        const items = res.body['items'] as Json[];
        return items.length > 0 ? items : undefined;
      });
      assert.equal(list.length, 1);
      const submission = list[0] as Json;
      submissionId = submission['id'] as string;
      assert.equal(submission['sendId'], sendId);
      assert.deepEqual(submission['contract'], { ok: true, problems: [] });
      assert.deepEqual(submission['answers'], { company: 'Padaria Lda', segment: 'small', email: 'ana@padaria.example' });
      const sends = await api('GET', `/sends?flowId=${FLOW}`);
      assert.equal((sends.body['items'] as Json[]).find((s) => s['id'] === sendId)?.['status'], 'completed');
    });

    test('the sink receives the answer once, signed, with an idempotency key', async () => {
      const request = await waitFor('the webhook delivery', () => sink?.requests[0]);
      const signature = request.headers['x-flowline-signature'];
      const verified = verifyWebhookSignature(SINK_SECRET, typeof signature === 'string' ? signature : undefined, request.body, Date.now() / 1000);
      assert.ok(verified.ok, 'the signature verifies with the connector secret');
      assert.equal(verifyWebhookSignature('another-secret', typeof signature === 'string' ? signature : undefined, request.body, Date.now() / 1000).ok, false);
      const body = JSON.parse(request.body) as Json;
      const key = request.headers['idempotency-key'];
      assert.equal(typeof key, 'string');
      assert.equal(body['id'], key);
      assert.ok(String(key).startsWith(submissionId));
      assert.equal(body['type'], 'submission.routed');
      assert.equal(at(body, 'submission', 'id'), submissionId);
      assert.equal(at(body, 'submission', 'sendId'), sendId);
      assert.equal(at(body, 'submission', 'answers', 'email'), 'ana@padaria.example');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(sink?.requests.length, 1, 'delivered once');
    });

    test('the inbox has the ticket for the submission', async () => {
      const ticket = await waitFor('the ticket', async () => {
        const res = await api('GET', '/inbox?kind=ticket&queue=sales');
        return (res.body['items'] as Json[]).find((i) => i['submissionId'] === submissionId);
      });
      assert.equal(ticket['queue'], 'sales');
      assert.equal(ticket['priority'], 2);
      assert.equal(ticket['status'], 'open');
      const deliveries = await api('GET', '/deliveries');
      const mine = (deliveries.body['items'] as Json[]).filter((d) => d['submissionId'] === submissionId);
      assert.equal(mine.length, 2);
    });

    test('the events sent, opened, screen_reached, submitted, routed and delivered are recorded', async () => {
      const wanted = ['sent', 'opened', 'screen_reached', 'submitted', 'routed', 'delivered'];
      let last: string[] = [];
      const types = await waitFor(() => `every event (last seen: ${last.join(', ')})`, async () => {
        const res = await api('GET', `/events?flowId=${FLOW}&limit=200`);
        last = (res.body['items'] as Json[]).map((e) => `${e['type'] as string}${e['screen'] === null ? '' : `:${e['screen'] as string}`}`);
        const seen = new Set((res.body['items'] as Json[]).map((e) => e['type'] as string));
        return wanted.every((t) => seen.has(t)) && (res.body['items'] as Json[]).filter((e) => e['type'] === 'delivered').length === 2 ? seen : undefined;
      });
      assert.deepEqual(wanted.filter((t) => types.has(t)), wanted);
      const screens = await api('GET', `/events?flowId=${FLOW}&type=screen_reached`);
      // COMPANY is opened locally (navigate) and counted from the first exchange made on it; the endpoint's answer reaches SMALL_BUSINESS.
      assert.deepEqual((screens.body['items'] as Json[]).map((e) => e['screen'] as string).sort(), ['COMPANY', 'SMALL_BUSINESS']);
      const ofSend = (await api('GET', `/events?sendId=${sendId}`)).body['items'] as Json[];
      const opened = ofSend.find((e) => e['type'] === 'opened');
      assert.equal(opened?.['screen'], 'COMPANY', 'the first endpoint exchange opened the send');
      assert.deepEqual(['sent', 'opened', 'screen_reached', 'submitted', 'routed'].filter((t) => ofSend.some((e) => e['type'] === t)), ['sent', 'opened', 'screen_reached', 'submitted', 'routed']);
      const metrics = await api('GET', `/flows/${FLOW}/metrics`);
      assert.equal(metrics.status, 200);
      assert.equal(metrics.body['sends'], 1);
      assert.equal(metrics.body['opens'], 1);
      assert.equal(metrics.body['submissions'], 1);
      assert.equal(metrics.body['completionRate'], 1);
      assert.equal(at(metrics.body, 'routing', 'routed'), 1);
      assert.ok((at(metrics.body, 'endpoint', 'requests') as number) >= 1, 'the data_exchange request was traced');
    });

    test('the studio preview runs a request through the real endpoint with real encryption and returns the decrypted answer', async () => {
      const request = { action: 'data_exchange', screen: 'COMPANY', data: { company: 'Big Co', employees: '250' }, flow_token: 'preview-token-1' };
      const res = await api('POST', '/preview/endpoint', { flowId: FLOW, request });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body['status'], 200);
      assert.equal(at(res.body, 'response', 'screen'), 'ENTERPRISE');
      assert.equal(at(res.body, 'response', 'data', 'segment'), 'enterprise');
      const ping = await api('POST', '/preview/endpoint', { flowId: FLOW, request: { action: 'ping', flow_token: 'preview-token-1' } });
      assert.equal(at(ping.body, 'response', 'data', 'status'), 'active');
      const servedVersion = res.body['servedVersion'];
      assert.equal(typeof servedVersion, 'number');
      const wrong = await api('POST', '/preview/endpoint', { flowId: FLOW, version: Number(servedVersion) + 1, request });
      assert.equal(wrong.status, 409);
      assert.equal((await api('POST', '/preview/endpoint', { flowId: 'no-such-flow', request })).status, 404);
    });

    test('only real customers count: studio previews and a session with a token of no send stay out of opens; a send\'s session counts once', async () => {
      const figures = async () => {
        const metrics = await api('GET', `/flows/${FLOW}/metrics`);
        return { sends: metrics.body['sends'] as number, opens: metrics.body['opens'] as number, requests: at(metrics.body, 'endpoint', 'requests') as number, firstScreen: (metrics.body['funnel'] as Json[])[0]?.['reached'] as number };
      };
      const before = await figures();
      for (let i = 0; i < 3; i++) {
        const res = await api('POST', '/preview/endpoint', { flowId: FLOW, request: { action: 'data_exchange', screen: 'COMPANY', data: { company: 'Preview Co', employees: '3' }, flow_token: `preview-only-${i}` } });
        assert.equal(res.status, 200, JSON.stringify(res.body));
      }
      // A real send, whose flow_token the customer's session carries.
      const send = await api('POST', '/sends', { flowId: FLOW, contactId, channel: 'sandbox' });
      assert.equal(send.status, 201, JSON.stringify(send.body));
      const message = ((await api('GET', `/sandbox/chats/${contactId}`)).body['messages'] as Json[]).filter((m) => m['kind'] === 'flow').at(-1);
      assert.ok(message);
      const publicKey = readFileSync(join(dataDir, 'keys', 'public.pem'), 'utf8');
      const exchange = async (flowToken: string) => {
        const { envelope } = encryptRequest({ version: '3.0', action: 'data_exchange', screen: 'COMPANY', flow_token: flowToken, data: { company: 'Real Co', employees: '3' } }, publicKey);
        const raw = JSON.stringify(envelope);
        const res = await fetch(`${base}/endpoint/${FLOW}`, {
          method: 'POST', body: raw, headers: { 'content-type': 'application/json', ...(appSecret === undefined ? {} : { 'x-hub-signature-256': signBody(raw, appSecret) }) },
        });
        assert.equal(res.status, 200);
      };
      // A session whose token no send issued (a simulation, a made-up token), then the customer's session twice.
      await exchange('simulated-token-of-no-send');
      await exchange(flowTokenOf(message));
      await exchange(flowTokenOf(message));
      // The write-behind keeps order: once the last request is counted, everything before it would be too.
      const after = await waitFor('the requests in the metrics', async () => {
        const now = await figures();
        return now.requests >= before.requests + 3 ? now : undefined;
      });
      assert.deepEqual(after, { sends: before.sends + 1, opens: before.opens + 1, requests: before.requests + 3, firstScreen: before.firstScreen + 1 }, 'the send\'s session counts once; previews and the token of no send do not');
    });

    test('an unknown flow token and a contract-breaking answer land in the inbox as exceptions', async () => {
      const unknown = toCompletionWebhook({
        phoneNumberId: 'sandbox', displayPhoneNumber: '15550000000', customerPhone: '15550001234', customerName: 'Ana',
        flowMessageId: 'wamid.e2e.flow-1', replyMessageId: 'wamid.e2e.reply-unknown', flowToken: 'not-a-token-we-issued', payload: { company: 'Nobody' }, at: new Date(),
      });
      const first = await postWebhook(unknown);
      assert.equal(first.status, 200);

      const second = await api('POST', '/sends', { flowId: FLOW, contactId, channel: 'sandbox' });
      assert.equal(second.status, 201);
      const messages = (await api('GET', `/sandbox/chats/${contactId}`)).body['messages'] as Json[];
      const latest = messages.filter((m) => m['kind'] === 'flow').at(-1);
      assert.ok(latest);
      const breaking = toCompletionWebhook({
        phoneNumberId: 'sandbox', displayPhoneNumber: '15550000000', customerPhone: '15550001234', customerName: 'Ana',
        flowMessageId: latest['messageId'] as string, replyMessageId: 'wamid.e2e.reply-breaking', flowToken: flowTokenOf(latest), payload: { company: 42, segment: ['small'], coupon: 'x' }, at: new Date(),
      });
      assert.equal((await postWebhook(breaking)).status, 200);
      // A redelivery of the same message is recognised and adds nothing.
      assert.equal((await postWebhook(breaking)).status, 200);

      const exceptions = await waitFor('two exceptions', async () => {
        const res = await api('GET', '/inbox?kind=exception');
        const items = res.body['items'] as Json[];
        return items.length >= 2 ? items : undefined;
      });
      assert.equal(exceptions.length, 2);
      const reasons = JSON.stringify(exceptions);
      assert.ok(reasons.includes('unknown_flow_token'), reasons);
      assert.ok(reasons.includes('contract_violation'), reasons);
      const submissions = (await api('GET', `/submissions?limit=200`)).body['items'] as Json[];
      assert.equal(submissions.length, 3, 'every answer is kept');
      assert.equal(submissions.filter((s) => at(s, 'contract', 'ok') === false).length, 1);
      if (appSecret !== undefined) {
        const unsigned = await fetch(`${base}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(unknown) });
        assert.equal(unsigned.status, 401);
      }
    });
  });
}
