import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signBody } from '@flowline/protocol';
import type { Storage } from '@flowline/storage';
import { testDatabaseUrl } from '@flowline/storage/test-support';
import type { Hono } from 'hono';
import { silentLogger } from '../../logging/logger.js';
import { createIngestDeps } from '../pipeline/ingest-deps.js';
import { ingestCompletion } from '../pipeline/ingest-completion.js';
import { addSend, openTestStorage, seedLead } from '../pipeline/test-support/pipeline-fixture.js';
import { createWebhookRoutes } from './webhook-routes.js';

const SECRET = 'ingest-test-secret';
const NOW = Date.parse('2026-03-01T10:00:00Z');
const WS = 'ws-hooks';
const PHONE = '351910000777';
const backends: [string, string | undefined][] = [['SQLite', undefined]];
const pgUrl = testDatabaseUrl();
if (pgUrl !== undefined) backends.push(['PostgreSQL', pgUrl]);

function completionBody(messageId: string, flowToken: string, budget = '500', from = PHONE): string {
  const response = { email: 'ana@example.com', budget, flow_token: flowToken };
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: 'WABA', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: 'PNID-unknown' }, messages: [{ from, id: messageId, timestamp: '1772359200', type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: JSON.stringify(response) } } }] } }] }],
  });
}

type Outcomes = { outcomes: { kind: string; outcome: string; ingest?: { status?: string; reason?: string } }[] };

/** Storage that records the size of every multi-row receipt claim made in a transaction. */
function countingClaims(storage: Storage, sizes: number[]): Storage {
  return {
    ...storage,
    transaction: (fn) =>
      storage.transaction((tx) =>
        fn({ ...tx, channels: { ...tx.channels, claimWebhookReceipts: (receipts) => (sizes.push(receipts.length), tx.channels.claimWebhookReceipts(receipts)) } }),
      ),
  };
}

/** Storage whose next `count` batch transactions fail at the submission insert, after the route's own writes. */
function failingAtInsert(storage: Storage, state: { failures: number }): Storage {
  return {
    ...storage,
    transaction: (fn) =>
      storage.transaction((tx) =>
        fn({
          ...tx,
          submissions: {
            ...tx.submissions,
            recordMany: (inputs) => {
              if (state.failures > 0) {
                state.failures -= 1;
                return Promise.reject(new Error('disk full'));
              }
              return tx.submissions.recordMany(inputs);
            },
          },
        }),
      ),
  };
}

for (const [name, url] of backends) {
  describe(`the webhook route over the real pipeline [${name}]`, () => {
    let storage: Storage;
    let dispose: () => Promise<void>;
    let app: Hono;
    let contactId: string;
    const faults = { failures: 0 };
    const claimSizes: number[] = [];

    before(async () => {
      ({ storage, dispose } = await openTestStorage(url));
      ({ contactId } = await seedLead(storage, WS, `+${PHONE}`));
      const faulty = failingAtInsert(countingClaims(storage, claimSizes), faults);
      const deps = createIngestDeps(faulty, { rulesTtlMs: 0 });
      app = createWebhookRoutes({
        storage: faulty, now: () => new Date(NOW), defaultWorkspaceId: WS, log: silentLogger, verifyToken: undefined, appSecrets: [SECRET],
        ingestCompletion: (input) => ingestCompletion(deps, input),
      });
    });
    after(() => dispose());

    const post = (body: string) => app.request('/webhooks/whatsapp', { method: 'POST', body, headers: { 'x-hub-signature-256': signBody(body, SECRET) } });
    const outcomesOf = async (response: Response) => ((await response.json()) as Outcomes).outcomes;

    test('a concurrent burst commits each answer once with its receipt, inbound time and completed send; a redelivery in the burst is a duplicate', async () => {
      const sends = [];
      for (let i = 0; i < 12; i += 1) sends.push(await addSend(storage, WS, contactId));
      const bodies = sends.map((s, i) => completionBody(`wamid.burst.${i}`, s.flowToken));
      const first = bodies[0] ?? '';
      const responses = await Promise.all([...bodies, first, completionBody('wamid.burst.unknown', 'no-such-token')].map(post));
      assert.deepEqual(responses.map((r) => r.status), responses.map(() => 200));
      const outcomes = (await Promise.all(responses.map(outcomesOf))).map((o) => o[0]);
      const statuses = outcomes.map((o) => (o?.outcome === 'duplicate' ? 'duplicate' : o?.ingest?.status));
      assert.equal(statuses.filter((s) => s === 'routed').length, 12);
      assert.equal(statuses.filter((s) => s === 'duplicate').length, 1);
      assert.equal(outcomes.at(-1)?.ingest?.reason, 'unknown_flow_token');
      for (const s of sends) assert.equal((await storage.sends.find(WS, s.sendId))?.status, 'completed');
      assert.equal((await storage.submissions.list(WS, { flowId: 'lead' })).filter((s) => s.messageId === 'wamid.burst.0').length, 1);
      // Every receipt was committed with its answer: claiming one again finds it taken.
      for (let i = 0; i < 12; i += 1) assert.equal(await storage.channels.claimWebhookReceipt(WS, { key: `msg:wamid.burst.${i}`, kind: 'flow_reply', at: NOW }), false);
      assert.equal((await storage.contacts.findConversation(WS, contactId))?.lastInboundAt, 1772359200000);
      assert.equal((await storage.inbox.list(WS, { queue: 'exceptions' })).some((item) => item.title.includes('unknown flow token')), true);
    });

    test('a burst from first-time senders claims its receipts and records inbound times per batch, creating each contact once', async () => {
      const sends = [];
      for (let i = 0; i < 10; i += 1) sends.push(await addSend(storage, WS, contactId));
      // Five new senders, each answering twice (two different sends) within the burst.
      const bodies = sends.map((s, i) => completionBody(`wamid.fresh.${i}`, s.flowToken, '500', `35192000000${i % 5}`));
      claimSizes.length = 0;
      const responses = await Promise.all(bodies.map(post));
      const outcomes = (await Promise.all(responses.map(outcomesOf))).map((o) => o[0]?.ingest?.status);
      assert.deepEqual(outcomes, bodies.map(() => 'routed'));
      // Merged: fewer claim statements than webhooks, and every receipt claimed exactly once.
      assert.ok(claimSizes.length < bodies.length, `claims per statement: ${claimSizes.join(',')}`);
      assert.equal(claimSizes.reduce((a, b) => a + b, 0), bodies.length);
      for (let i = 0; i < 5; i += 1) {
        const contacts = await storage.contacts.findByPhones(WS, [`+35192000000${i}`, `35192000000${i}`]);
        assert.deepEqual(contacts.map((c) => c.phone), [`+35192000000${i}`]);
        const contact = contacts[0];
        assert.equal(contact && (await storage.contacts.findConversation(WS, contact.id))?.lastInboundAt, 1772359200000);
      }
    });

    test('a delivery redelivered after it was stored is answered 200 as a duplicate and stored once', async () => {
      const send = await addSend(storage, WS, contactId);
      const body = completionBody('wamid.again', send.flowToken, '20000');
      assert.equal((await outcomesOf(await post(body)))[0]?.ingest?.status, 'routed');
      const again = await post(body);
      assert.equal(again.status, 200);
      assert.equal((await outcomesOf(again))[0]?.outcome, 'duplicate');
      assert.equal((await storage.submissions.list(WS, { sendId: send.sendId })).length, 1);
    });

    test('a failure after the receipt was written rolls it back with the answer: 500, then the retried delivery is processed', async () => {
      const send = await addSend(storage, WS, contactId);
      const body = completionBody('wamid.crash', send.flowToken);
      faults.failures = 1;
      assert.equal((await post(body)).status, 500);
      assert.equal((await storage.submissions.list(WS, { sendId: send.sendId })).length, 0);
      assert.equal((await storage.sends.find(WS, send.sendId))?.status, 'queued');
      const retried = await post(body);
      assert.equal(retried.status, 200);
      assert.equal((await outcomesOf(retried))[0]?.ingest?.status, 'routed');
      assert.equal((await storage.submissions.list(WS, { sendId: send.sendId })).length, 1);
    });
  });
}
