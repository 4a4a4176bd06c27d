import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generateValidAnswers, type RuntimeState } from '@flowline/core';
import { decryptResponse, encryptRequest, signBody, simulationKey } from '@flowline/protocol';
import { parseServerConfig } from '../config/parse-server-config.js';
import { silentLogger } from '../logging/logger.js';
import { startServer, type RunningServer } from '../start-server.js';
import { waitFor } from './test-support/http-sink.js';
import { e2eBackends } from './test-support/e2e-backends.js';
import { createAdminApi, createReviewTeam } from './test-support/admin-api.js';

// Issue 11, defects 1, 2 and 4, and issue 15 finding 6, on the real server (loopback, real encryption):
// a saved version keeps its endpoint; previews and simulations leave what customers see unchanged; a
// replayed booking takes one seat; every seeded Flow completed on the sandbox phone does what it promises.

const ADMIN = 'e2e-admin-token-seeded-flows';

type Json = { readonly [key: string]: unknown };
type Screen = { readonly screen: string; readonly data: Json };

for (const backend of e2eBackends('flowline_seeded')) {
  describe(`seeded Flows, previews and bookings on the real server [${backend.name}]`, () => {
    let dataDir = '';
    let server: RunningServer | undefined;
    let base = '';
    let publicKey = '';
    const appSecret = backend.env['FLOWLINE_APP_SECRET'];

    const api = createAdminApi(() => base, ADMIN);
    const approve = createReviewTeam(() => base, ADMIN);
    /** Encrypts (and signs) a request as WhatsApp does; `headers` can mark it as a simulation. */
    const seal = (payload: Json, headers: Record<string, string> = {}) => {
      const { envelope, aesKey, iv } = encryptRequest(payload, publicKey);
      const body = JSON.stringify(envelope);
      return { body, aesKey, iv, headers: { 'content-type': 'application/json', ...headers, ...(appSecret === undefined ? {} : { 'x-hub-signature-256': signBody(body, appSecret) }) } };
    };
    const endpoint = async (flowId: string, payload: Json, headers: Record<string, string> = {}): Promise<{ status: number; reply: Screen | undefined }> => {
      const sealed = seal(payload, headers);
      const response = await fetch(`${base}/endpoint/${flowId}`, { method: 'POST', headers: sealed.headers, body: sealed.body });
      const text = await response.text();
      return { status: response.status, reply: response.status === 200 ? (decryptResponse(text, sealed.aesKey, sealed.iv) as Screen) : undefined };
    };
    const customerSlots = async (token: string): Promise<string[]> => {
      const { status, reply } = await endpoint('appointment-booking', { version: '3.0', action: 'INIT', flow_token: token, data: {} });
      assert.equal(status, 200);
      return ((reply?.data['slots'] ?? []) as { id: string }[]).map((s) => s.id);
    };
    const book = (token: string, slot: string) => ({ version: '3.0', action: 'data_exchange', screen: 'DETAILS', flow_token: token, data: { slot, name: 'Ana', email: 'ana@example.com' } });
    /** What is counted for customers: submissions, contacts and the appointment Flow's dashboard figures. */
    const counts = async () => {
      const metrics = await api('GET', '/flows/appointment-booking/metrics');
      return {
        submissions: ((await api('GET', '/submissions?limit=200')).body['items'] as unknown[]).length,
        contacts: ((await api('GET', '/contacts?limit=200')).body['items'] as unknown[]).length,
        sends: metrics.body['sends'] as number, opens: metrics.body['opens'] as number, submitted: metrics.body['submissions'] as number,
        requests: at(metrics.body, 'endpoint', 'requests') as number,
      };
    };
    /**
     * The slots a customer is offered, read by a customer request; it waits until that request is
     * counted (the trace is written behind, in order), so anything written before it is counted too.
     */
    const slotsAsCounted = async (token: string, requestsBefore: number) => {
      const slots = await customerSlots(token);
      const figures = await waitFor(`request ${token} counted`, async () => {
        const now = await counts();
        return now.requests === requestsBefore + 1 ? now : undefined;
      });
      return { slots, figures };
    };

    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'flowline-seeded-'));
      const parsed = parseServerConfig({
        PORT: '0', HOST: '127.0.0.1', FLOWLINE_WORKERS: '1', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_KEY_PASSPHRASE: 'e2e-pass',
        FLOWLINE_ADMIN_TOKEN: ADMIN, FLOWLINE_WEBHOOK_VERIFY_TOKEN: 'e2e-verify', ...backend.env,
      });
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.errors.join('; '));
      server = await startServer(parsed.config, silentLogger);
      base = `http://127.0.0.1:${server.port}`;
      publicKey = readFileSync(join(dataDir, 'keys', 'public.pem'), 'utf8');
    });
    after(async () => {
      await server?.close();
      await backend.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    });

    test('template → save version (Flow JSON only) → publish: the published Flow still serves its endpoint', async () => {
      assert.equal((await api('POST', '/flows', { id: 'my-booking', name: 'My booking', template: 'appointment-booking' })).status, 201);
      const v1 = await api('GET', '/flows/my-booking/versions/1');
      const saved = await api('POST', '/flows/my-booking/versions', { flowJson: String(v1.body['flowJson']).replace('"Book an appointment"', '"Book a visit"') });
      assert.equal(saved.status, 201, JSON.stringify(saved.body));
      assert.equal(at(saved.body, 'endpoint', 'publishable'), true);
      await approve('my-booking', 2);
      assert.equal((await api('POST', '/flows/my-booking/publish', { version: 2 })).status, 200);
      const served = await waitFor('version 2 served', async () => {
        const { status, reply } = await endpoint('my-booking', { version: '3.0', action: 'INIT', flow_token: 'kept-1', data: {} });
        const preview = await api('POST', '/preview/endpoint', { flowId: 'my-booking', version: 2, request: { action: 'ping', flow_token: 'p' } });
        return status === 200 && preview.status === 200 ? reply : undefined;
      });
      assert.equal(served.screen, 'APPOINTMENT');
      assert.ok((served.data['slots'] as unknown[]).length > 0, 'real slots from the calendar');
      assert.equal(served.data['error_message'], undefined);
    });

    test('two studio previews and a CLI simulation booking a capacity-2 slot change nothing customers see or count', async () => {
      const initial = await counts();
      const before = await slotsAsCounted('customer-before', initial.requests);
      const slot = [...before.slots].reverse().find((id) => id.startsWith('hair@'));
      assert.ok(slot !== undefined, 'a hair slot (capacity 2) is offered');
      for (const token of ['studio-preview-1', 'studio-preview-2']) {
        const res = await api('POST', '/preview/endpoint', { flowId: 'appointment-booking', request: book(token, slot) });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(at(res.body, 'response', 'screen'), 'CONFIRMED');
        assert.match(String(at(res.body, 'response', 'data', 'booking_id')), /^preview-/);
        assert.equal(res.body['mode'], 'preview', 'the answer says it was a preview');
      }
      // What `flowline simulate --endpoint` sends (apps/cli endpoint-client): the simulation key of the app secret.
      // Previews see each other's holds (the slot is now full for them), so the simulation books another slot.
      const other = before.slots.find((id) => id.startsWith('hair@') && id !== slot) ?? slot;
      const simulated = await endpoint('appointment-booking', book('cli-simulation-1', other), { 'x-flowline-preview': simulationKey(appSecret) });
      assert.equal(simulated.reply?.screen, 'CONFIRMED');
      assert.match(String(simulated.reply?.data['booking_id']), /^preview-/);
      const after = await slotsAsCounted('customer-after', before.figures.requests);
      assert.deepEqual(after.slots, before.slots, 'customers are offered the same slots');
      // Between the two customer requests only previews and the simulation ran: nothing is counted but the one customer request.
      const figures = JSON.stringify({ initial, before: before.figures, after: after.figures });
      for (const key of ['submissions', 'contacts', 'sends', 'submitted'] as const) assert.equal(after.figures[key], before.figures[key], `${key}: ${figures}`);
      assert.equal(after.figures.requests, before.figures.requests + 1, `requests: ${figures}`);
      assert.ok(after.figures.opens - before.figures.opens <= before.figures.opens - initial.opens, `opens: ${figures}`);
    });

    test('a replayed booking request (the same signed body, four times at once) takes one seat', async () => {
      const slots = await customerSlots('replay-look');
      const slot = slots.find((id) => id.startsWith('hair@') && id !== slots[0]);
      assert.ok(slot !== undefined);
      const sealed = seal(book('replayed-token', slot));
      const answers = await Promise.all(Array.from({ length: 4 }, () => fetch(`${base}/endpoint/appointment-booking`, { method: 'POST', headers: sealed.headers, body: sealed.body })));
      const replies = await Promise.all(answers.map(async (r) => decryptResponse(await r.text(), sealed.aesKey, sealed.iv) as Screen));
      assert.deepEqual(replies.map((r) => r.screen), ['CONFIRMED', 'CONFIRMED', 'CONFIRMED', 'CONFIRMED']);
      assert.equal(new Set(replies.map((r) => r.data['booking_id'])).size, 1, 'one booking reference');
      assert.ok((await customerSlots('replay-after')).includes(slot), 'the second seat is still offered');
      assert.equal((await endpoint('appointment-booking', book('second-customer', slot))).reply?.screen, 'CONFIRMED');
      const third = await endpoint('appointment-booking', book('third-customer', slot));
      assert.equal(third.reply?.screen, 'APPOINTMENT', 'now the slot is full');
      assert.equal(third.reply?.data['error_message'], 'That time was just taken. Please choose another.');
    });

    const promised: Record<string, { answers: readonly string[]; ticket?: { queue: string; title: RegExp } }> = {
      'appointment-booking': { answers: ['booking_id', 'name', 'email', 'slot', 'when'], ticket: { queue: 'appointments', title: /^New booking$/ } },
      'support-triage': { answers: ['topic', 'urgency', 'description'], ticket: { queue: 'support', title: /^Support request/ } },
      'lead-qualification': { answers: ['company', 'segment'] },
      registration: { answers: ['first_name', 'last_name', 'email', 'terms'] },
      feedback: { answers: ['rating'] },
      survey: { answers: ['channels', 'frequency', 'recommend'] },
    };

    for (const [flowId, promise] of Object.entries(promised)) {
      test(`${flowId}: completed on the sandbox phone, it does what its template promises`, async () => {
        const phone = `1555${String(Object.keys(promised).indexOf(flowId)).padStart(7, '0')}`;
        const contact = await api('POST', '/sandbox/contacts', { phone, name: `Tester ${flowId}` });
        assert.equal(contact.status, 201, JSON.stringify(contact.body));
        const contactId = at(contact.body, 'contact', 'id') as string;
        const sent = await api('POST', '/sends', { flowId, contactId, channel: 'sandbox', body: 'Please fill this in', cta: 'Open' });
        assert.equal(sent.status, 201, JSON.stringify(sent.body));
        const sendId = at(sent.body, 'send', 'id') as string;
        const flow = JSON.parse(String((await api('GET', `/flows/${flowId}/versions/1`)).body['flowJson'])) as unknown;
        const chat = await api('GET', `/sandbox/chats/${contactId}`);
        const message = (chat.body['messages'] as Json[]).find((m) => m['kind'] === 'flow');
        let view = (await api('POST', `/sandbox/messages/${String(message?.['messageId'])}/open`, undefined)).body;
        const sessionId = at(view, 'session', 'id') as string;
        for (let screens = 0; at(view, 'state', 'status', 'kind') !== 'completed'; screens++) {
          assert.ok(screens < 6, `stuck on ${JSON.stringify(at(view, 'screen', 'id'))}: ${JSON.stringify(at(view, 'state', 'status'))}`);
          for (const [name, value] of Object.entries(generateValidAnswers(flow, view['state'] as RuntimeState))) {
            view = (await api('POST', `/sandbox/sessions/${sessionId}/events`, { event: { type: 'fill', name, value } })).body;
          }
          const pressed = await api('POST', `/sandbox/sessions/${sessionId}/events`, { event: { type: 'press', target: 'footer' } });
          assert.equal(pressed.status, 200, JSON.stringify(pressed.body));
          view = pressed.body;
        }
        const submission = await waitFor(`the ${flowId} submission`, async () => {
          const items = (await api('GET', `/submissions?flowId=${flowId}`)).body['items'] as Json[];
          return items.find((s) => s['sendId'] === sendId);
        });
        assert.deepEqual(submission['contract'], { ok: true, problems: [] }, 'the answer matches the Flow\'s contract');
        const answers = submission['answers'] as Json;
        for (const field of promise.answers) assert.ok(answers[field] !== undefined && answers[field] !== '', `${flowId} answers carry ${field}: ${JSON.stringify(answers)}`);
        if (promise.ticket === undefined) return;
        const { queue, title } = promise.ticket;
        const ticket = await waitFor(`the ${flowId} ticket`, async () => {
          const items = (await api('GET', `/inbox?kind=ticket&queue=${queue}`)).body['items'] as Json[];
          return items.find((i) => i['submissionId'] === submission['id']);
        });
        assert.match(String(ticket['title']), title);
        assert.equal(ticket['contactId'], contactId);
        const body = await api('GET', `/inbox/${String(ticket['id'])}`);
        const carried = (at(body.body, 'body', 'answers') ?? at(ticket, 'body', 'answers')) as Json | undefined;
        for (const field of promise.answers) assert.equal(carried?.[field], answers[field], `the ticket shows ${field}`);
      });
    }
  });
}

function at(value: unknown, ...path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Json)[key];
  }
  return current;
}
