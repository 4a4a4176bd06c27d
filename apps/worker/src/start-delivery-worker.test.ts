import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStorage, type Storage } from '@flowline/storage';
import { verifyWebhookSignature } from './connectors/webhook-signature.js';
import { startDeliveryWorker } from './start-delivery-worker.js';
import { enqueueRouted } from './test-support/enqueue-routed.js';
import { startSink } from './test-support/start-sink.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');

describe('startDeliveryWorker', () => {
  let storage: Storage;
  let dir: string;
  let ws = 0;
  const workspace = async (): Promise<string> => {
    const id = `ws-${(ws += 1)}`;
    await storage.workspaces.create({ id, name: id, at: 0 });
    return id;
  };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowline-worker-'));
    storage = await openStorage({ dataDir: dir });
  });
  after(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers a signed webhook with its idempotency key and records a delivered event', async () => {
    const ws = await workspace();
    const sink = await startSink();
    const [action] = await enqueueRouted(storage, ws, [{ type: 'webhook', url: sink.url, secret: 'shh' }], { at: T0 });
    const worker = startDeliveryWorker({ storage, now: () => T0, poll: false, privateHttp: 'loopback' });
    assert.equal(await worker.runOnce(), 1);
    await sink.close();
    const request = sink.requests[0];
    assert.ok(request && action);
    assert.equal(request.headers['idempotency-key'], 'sub:0');
    const signature = request.headers['x-flowline-signature'];
    assert.equal(verifyWebhookSignature('shh', typeof signature === 'string' ? signature : undefined, request.body, T0 / 1000).ok, true);
    assert.deepEqual(JSON.parse(request.body).submission.answers, { email: 'ana@example.com', budget: '25000' });
    assert.equal((await storage.outbox.find(ws, action.id))?.status, 'delivered');
    assert.deepEqual((await storage.events.list(ws, { type: 'delivered' })).map((e) => e.flowId), ['lead']);
  });

  it('marks a batch of webhooks delivered in one call and leaves an action whose lease another worker took over', async () => {
    const ws = await workspace();
    let competing: Promise<unknown> | undefined;
    // While the first request is in flight, a second worker reclaims one action whose lease (1 s) has expired.
    const sink = await startSink((_, index) => {
      if (index === 0) competing = storage.outbox.claimDueActions(1, T0 + 1000, 60_000, { workspaceId: ws });
      return 200;
    }, 30);
    const actions = await enqueueRouted(storage, ws, Array.from({ length: 5 }, () => ({ type: 'webhook' as const, url: sink.url, secret: 's' })), { at: T0, prefix: 'batch' });
    const calls: number[] = [];
    const spied: Storage = { ...storage, outbox: { ...storage.outbox, markDeliveredMany: (items, at) => (calls.push(items.length), storage.outbox.markDeliveredMany(items, at)) } };
    const warnings: unknown[] = [];
    const worker = startDeliveryWorker({ storage: spied, now: () => T0, poll: false, privateHttp: 'loopback', leaseMs: 1000, concurrency: 5, log: (level, event, fields) => level === 'warn' && warnings.push([event, fields?.['actionId']]) });
    assert.equal(await worker.runOnce(), 5);
    await competing;
    await sink.close();
    assert.deepEqual(calls, [5]);
    const statuses = await Promise.all(actions.map(async (a) => (await storage.outbox.find(ws, a.id))?.status));
    assert.deepEqual(statuses.filter((x) => x === 'delivered').length, 4);
    const taken = actions.find((_, i) => statuses[i] === 'delivering');
    assert.ok(taken, 'the reclaimed action stays with its new holder');
    assert.deepEqual(warnings, [['outbox.lease_lost', taken.id]]);
    assert.equal(worker.stats.delivered, 4);
    assert.equal((await storage.events.list(ws, { type: 'delivered' })).length, 4);
  });

  it('refuses a loopback webhook by default and dead-letters it as permanent', async () => {
    const ws = await workspace();
    const [action] = await enqueueRouted(storage, ws, [{ type: 'webhook', url: 'http://127.0.0.1:9/x', secret: 's' }], { at: T0 });
    const worker = startDeliveryWorker({ storage, now: () => T0, poll: false });
    await worker.runOnce();
    const found = await storage.outbox.find(ws, action?.id ?? '');
    assert.equal(found?.status, 'dead');
    assert.match(found?.lastError ?? '', /loopback/);
  });

  it('dead-letters a routed action whose payload does not hold an action of its kind, or holds a bad one', async () => {
    const ws = await workspace();
    const submission = { id: 's', flowId: 'lead', version: 1, sendId: null, contactPhone: '+351910000009', messageId: 'wamid.s', receivedAt: T0, answers: {} };
    const rows = await storage.outbox.enqueue(ws, [
      { kind: 'webhook', idempotencyKey: 'mismatch', payload: { action: { type: 'tag', tags: ['x'] }, ruleId: 'r', submission } },
      { kind: 'tag', idempotencyKey: 'bad', payload: { action: { type: 'tag', tags: [] }, ruleId: 'r', submission } },
      { kind: 'email', idempotencyKey: 'unknown', payload: { action: { type: 'tag', tags: ['x'] }, ruleId: 'r', submission } },
    ], T0);
    const worker = startDeliveryWorker({ storage, now: () => T0, poll: false });
    await worker.runOnce();
    const errors = await Promise.all(rows.map(async (row) => (await storage.outbox.find(ws, row.id))));
    assert.deepEqual(errors.map((row) => row?.status), ['dead', 'dead', 'dead']);
    assert.deepEqual(errors.map((row) => row?.lastError), [
      'the payload holds a tag action, not a webhook one',
      'unreadable payload: /action/tags: "tags" must be a non-empty array of non-empty strings',
      'no connector for action kind "email"',
    ]);
  });

  it('creates inbox tickets, tags, fields, assignment and campaign exclusion exactly once each', async () => {
    const ws = await workspace();
    await enqueueRouted(storage, ws, [
      { type: 'ticket', queue: 'sales', priority: 2, assignee: 'rui' },
      { type: 'tag', tags: ['lead', 'vip'] },
      { type: 'set_fields', fields: { segment: 'smb' }, copy: { email: 'email' } },
      { type: 'assign', assignee: 'ana' },
      { type: 'exclude_from_campaign', campaign: 'spring' },
    ], { at: T0 });
    const worker = startDeliveryWorker({ storage, now: () => T0, poll: false });
    assert.equal(await worker.runOnce(), 5);
    assert.deepEqual((await storage.outbox.list(ws)).filter((a) => a.status !== 'delivered').map((a) => [a.kind, a.status, a.lastError]), []);
    assert.equal(worker.stats.delivered, 5);
    const [ticket] = await storage.inbox.list(ws, { queue: 'sales' });
    assert.equal(ticket?.assignee, 'rui');
    assert.equal(ticket?.priority, 2);
    const contact = await storage.contacts.findByPhone(ws, '+351910000009');
    // Assignment is the conversation's owner and exclusion a campaign's list, not contact data (issue 12 §2).
    assert.deepEqual(new Set(contact?.tags), new Set(['lead', 'vip']));
    assert.deepEqual(contact?.fields, { segment: 'smb', email: 'ana@example.com' });
    assert.equal((await storage.conversations.find(ws, contact?.id ?? ''))?.assignee, 'ana');
    assert.deepEqual([...(await storage.campaigns.findExcludedContacts(ws, 'spring', [contact?.id ?? '']))], [contact?.id]);
    assert.equal(await worker.runOnce(), 0);
  });

  it('books a slot from the answer and dead-letters a second booking of a full slot', async () => {
    const ws = await workspace();
    await storage.calendar.saveResource(ws, { id: 'room', name: 'Room', capacity: 1, slotMinutes: 30, timeZone: 'UTC', openingHours: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '09:00', closes: '17:00' })), at: 0 });
    const [ok] = await enqueueRouted(storage, ws, [{ type: 'book_slot', resourceId: 'room' }], { at: T0, prefix: 'a', answers: { slot: '2026-03-02T10:00:00Z' } });
    const [full] = await enqueueRouted(storage, ws, [{ type: 'book_slot', resourceId: 'room' }], { at: T0, prefix: 'b', answers: { slot: '2026-03-02T10:00:00Z' } });
    const worker = startDeliveryWorker({ storage, now: () => T0, poll: false });
    await worker.runOnce();
    // Both actions are claimed in one batch and delivered concurrently, so either may win the seat:
    // the invariant is one booking and one dead letter naming the full slot, never two bookings.
    const outcomes = await Promise.all([ok, full].map((a) => storage.outbox.find(ws, a?.id ?? '')));
    assert.deepEqual(outcomes.map((a) => a?.status).sort(), ['dead', 'delivered']);
    assert.match(outcomes.find((a) => a?.status === 'dead')?.lastError ?? '', /SLOT_FULL/);
  });

  it('delivers everything to a downstream that fails half the time, retrying with backoff', async () => {
    const ws = await workspace();
    const sink = await startSink((_r, i) => (i % 2 === 0 ? 503 : 200));
    await enqueueRouted(storage, ws, Array.from({ length: 10 }, () => ({ type: 'webhook' as const, url: sink.url, secret: 's' })), { at: T0 });
    let clock = T0;
    const worker = startDeliveryWorker({ storage, now: () => clock, random: () => 0.5, poll: false, privateHttp: 'loopback', backoff: { baseMs: 1000, maxMs: 10_000 }, scope: { workspaceId: ws } });
    for (let round = 0; round < 20 && (await storage.outbox.list(ws, { status: 'delivered' })).length < 10; round += 1) {
      await worker.runOnce();
      clock += 20_000;
    }
    await sink.close();
    assert.equal((await storage.outbox.list(ws, { status: 'delivered' })).length, 10);
    const okKeys = new Set(sink.requests.filter((_r, i) => i % 2 === 1).map((r) => r.headers['idempotency-key']));
    assert.equal(okKeys.size, 10);
    assert.ok(worker.stats.retried > 0);
  });

  it('dead-letters after the maximum attempts, and a requeued action is delivered once the downstream recovers', async () => {
    const ws = await workspace();
    let healthy = false;
    const sink = await startSink(() => (healthy ? 200 : 500));
    const [action] = await enqueueRouted(storage, ws, [{ type: 'webhook', url: sink.url, secret: 's' }], { at: T0 });
    let clock = T0;
    const worker = startDeliveryWorker({ storage, now: () => clock, random: () => 0, poll: false, privateHttp: 'loopback', maxAttempts: 3, scope: { workspaceId: ws } });
    for (let i = 0; i < 5; i += 1) {
      await worker.runOnce();
      clock += 3_600_000;
    }
    const dead = await storage.outbox.find(ws, action?.id ?? '');
    assert.equal(dead?.status, 'dead');
    assert.equal(dead?.attempts, 3);
    assert.deepEqual((await storage.outbox.listDeliveries(ws, action?.id ?? '')).map((d) => d.outcome), ['failed', 'failed', 'dead']);
    healthy = true;
    assert.equal(await storage.outbox.requeue(ws, action?.id ?? '', clock), true);
    await worker.runOnce();
    await sink.close();
    assert.equal((await storage.outbox.find(ws, action?.id ?? ''))?.status, 'delivered');
  });

  it('reports every recorded outcome with the action kind and creation time (the server counts them for /metrics)', async () => {
    const ws = await workspace();
    const sink = await startSink((_, index) => (index === 0 ? 200 : 503));
    await enqueueRouted(storage, ws, [{ type: 'webhook', url: sink.url, secret: 's' }, { type: 'webhook', url: sink.url, secret: 's' }], { at: T0, prefix: 'outcomes' });
    await storage.outbox.enqueue(ws, [{ kind: 'webhook', payload: { not: 'a routed action' }, idempotencyKey: 'outcomes:bad', maxAttempts: 1 }], T0);
    const heard: [string, string, number][] = [];
    const worker = startDeliveryWorker({ storage, now: () => T0 + 500, poll: false, privateHttp: 'loopback', concurrency: 1, scope: { workspaceId: ws }, onOutcome: (kind, outcome, createdAt) => heard.push([kind, outcome, createdAt]) });
    assert.equal(await worker.runOnce(), 3);
    await sink.close();
    assert.deepEqual(heard.map(([kind, outcome, at]) => `${kind} ${outcome} ${at}`).sort(), [`webhook dead ${T0}`, `webhook delivered ${T0}`, `webhook retry ${T0}`]);
    assert.deepEqual(worker.stats, { claimed: 3, delivered: 1, retried: 1, dead: 1, released: 0 });
  });

  it('stops gracefully while polling', async () => {
    const worker = startDeliveryWorker({ storage, pollMs: 20, scope: { workspaceId: 'nobody' } });
    await new Promise((r) => setTimeout(r, 50));
    await worker.stop();
    assert.equal(worker.stats.claimed, 0);
  });

  it('renews the leases of a batch while it delivers, so a slow delivery is not taken over by another worker', async () => {
    const ws = await workspace();
    const lease = 3000;
    // The downstream holds its answer past two leases; the heartbeat (every lease / 3) keeps the claim.
    const sink = await startSink(() => 200, 2 * lease + 500);
    await enqueueRouted(storage, ws, [{ type: 'webhook', url: sink.url, secret: 's' }], { at: Date.now(), prefix: 'slow' });
    const worker = startDeliveryWorker({ storage, poll: false, privateHttp: 'loopback', leaseMs: lease, httpTimeoutMs: 20_000, scope: { workspaceId: ws } });
    const running = worker.runOnce();
    await new Promise((resolve) => setTimeout(resolve, lease + 1000));
    assert.deepEqual(await storage.outbox.claimDueActions(10, Date.now(), lease, { workspaceId: ws }), [], 'past the first lease, the action is still held');
    assert.equal(await running, 1);
    await sink.close();
    assert.equal(sink.requests.length, 1, 'delivered once');
    assert.equal(worker.stats.delivered, 1);
  });

  it('gives back the actions of its batch not yet started when stopped, due at once with the attempt uncounted', async () => {
    const ws = await workspace();
    const sink = await startSink(() => 200, 300);
    const actions = await enqueueRouted(storage, ws, Array.from({ length: 5 }, () => ({ type: 'webhook' as const, url: sink.url, secret: 's' })), { at: Date.now(), prefix: 'stop' });
    const worker = startDeliveryWorker({ storage, poll: false, privateHttp: 'loopback', concurrency: 1, scope: { workspaceId: ws } });
    const running = worker.runOnce();
    while (sink.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await worker.stop();
    assert.equal(await running, 5);
    await sink.close();
    assert.equal(sink.requests.length, 1, 'the delivery in flight finished; nothing new started');
    assert.equal(worker.stats.delivered, 1);
    assert.equal(worker.stats.released, 4);
    const rows = await Promise.all(actions.map((a) => storage.outbox.find(ws, a.id)));
    assert.deepEqual(rows.map((r) => [r?.status, r?.attempts, r?.leaseUntil]).sort(), [['delivered', 1, null], ...Array.from({ length: 4 }, () => ['pending', 0, null])].sort());
    assert.equal((await storage.outbox.claimDueActions(10, Date.now(), 15_000, { workspaceId: ws })).length, 4, 'another worker takes them at once');
  });
});
