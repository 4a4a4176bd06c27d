import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeContract } from '../test-support/describe-contract.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const LEASE = 30_000;

/** Enqueues `n` webhook actions in a workspace; tests claim with a workspace scope, so earlier tests' leftovers never interfere. */
async function enqueue(h: { storage: import('../open-storage.js').Storage }, ws: string, n: number, at = T0) {
  return h.storage.outbox.enqueue(ws, Array.from({ length: n }, (_, i) => ({ kind: 'webhook', payload: { i }, idempotencyKey: `${ws}:${i}` })), at);
}

describeContract('outbox', (h) => {
  test('claims due actions once, leases them and counts the attempt', async () => {
    const ws = await h.newWorkspace();
    await enqueue(h, ws, 2);
    await h.storage.outbox.enqueue(ws, [{ kind: 'later', payload: null, idempotencyKey: 'later', notBefore: T0 + 60_000 }], T0);
    const claimed = await h.storage.outbox.claimDueActions(10, T0, LEASE, { workspaceId: ws });
    assert.deepEqual(claimed.map((c) => [c.kind, c.status, c.attempts, c.leaseUntil]), [
      ['webhook', 'delivering', 1, T0 + LEASE],
      ['webhook', 'delivering', 1, T0 + LEASE],
    ]);
    assert.deepEqual(await h.storage.outbox.claimDueActions(10, T0 + 1, LEASE, { workspaceId: ws }), []);
    const first = claimed[0];
    assert.ok(first);
    const done = await h.storage.outbox.markDelivered(first, { at: T0 + 5, statusCode: 200 });
    assert.equal(done.ok && done.value.status, 'delivered');
    assert.deepEqual(await h.storage.outbox.listDeliveries(ws, first.id), [{ attempt: 1, outcome: 'delivered', statusCode: 200, error: null, at: T0 + 5 }]);
  });

  test('reclaims an action whose lease expired, and refuses the stale worker', async () => {
    const ws = await h.newWorkspace();
    await enqueue(h, ws, 1);
    const [stale] = await h.storage.outbox.claimDueActions(1, T0, LEASE, { workspaceId: ws });
    assert.ok(stale);
    const [fresh] = await h.storage.outbox.claimDueActions(1, T0 + LEASE, LEASE, { workspaceId: ws });
    assert.equal(fresh?.id, stale.id);
    assert.equal(fresh?.attempts, 2);
    const late = await h.storage.outbox.markDelivered(stale, { at: T0 + LEASE + 1 });
    assert.equal(late.ok ? 'ok' : late.code, 'LEASE_LOST');
    assert.ok(fresh);
    assert.equal((await h.storage.outbox.markDelivered(fresh, { at: T0 + LEASE + 2 })).ok, true);
  });

  test('retries a failed action at its retry time and buries it after the last attempt', async () => {
    const ws = await h.newWorkspace();
    await h.storage.outbox.enqueue(ws, [{ kind: 'slack', payload: {}, idempotencyKey: 'k', maxAttempts: 2 }], T0);
    const [a1] = await h.storage.outbox.claimDueActions(5, T0, LEASE, { workspaceId: ws });
    assert.ok(a1);
    const failed = await h.storage.outbox.markFailed(a1, { at: T0 + 1, error: 'HTTP 503', statusCode: 503, retryAt: T0 + 10_000 });
    assert.deepEqual(failed.ok && [failed.value.status, failed.value.nextAttemptAt, failed.value.lastError], ['failed', T0 + 10_000, 'HTTP 503']);
    assert.deepEqual(await h.storage.outbox.claimDueActions(5, T0 + 9_999, LEASE, { workspaceId: ws }), []);
    const [a2] = await h.storage.outbox.claimDueActions(5, T0 + 10_000, LEASE, { workspaceId: ws });
    assert.ok(a2);
    const dead = await h.storage.outbox.markFailed(a2, { at: T0 + 10_001, error: 'HTTP 503' });
    assert.equal(dead.ok && dead.value.status, 'dead');
    assert.deepEqual(await h.storage.outbox.claimDueActions(5, T0 + 10 * 3_600_000, LEASE, { workspaceId: ws }), []);
    assert.deepEqual((await h.storage.outbox.listDeliveries(ws, a1.id)).map((d) => d.outcome), ['failed', 'dead']);
    assert.equal(await h.storage.outbox.requeue(ws, a1.id, T0 + 20_000), true);
    assert.equal((await h.storage.outbox.claimDueActions(5, T0 + 20_000, LEASE, { workspaceId: ws }))[0]?.attempts, 1);
  });

  test('a failure recorded without a retry time waits the backoff’s whole step: 2 s, then 4 s', async () => {
    const ws = await h.newWorkspace();
    await h.storage.outbox.enqueue(ws, [{ kind: 'slack', payload: {}, idempotencyKey: 'default-backoff' }], T0);
    const [first] = await h.storage.outbox.claimDueActions(5, T0, LEASE, { workspaceId: ws });
    assert.ok(first);
    const failed = await h.storage.outbox.markFailed(first, { at: T0 + 5, error: 'HTTP 503' });
    assert.deepEqual(failed.ok && [failed.value.status, failed.value.nextAttemptAt], ['failed', T0 + 5 + 2_000]);
    assert.deepEqual(await h.storage.outbox.claimDueActions(5, T0 + 2_004, LEASE, { workspaceId: ws }), []);
    const [second] = await h.storage.outbox.claimDueActions(5, T0 + 2_005, LEASE, { workspaceId: ws });
    assert.ok(second);
    const again = await h.storage.outbox.markFailed(second, { at: T0 + 3_000, error: 'HTTP 503' });
    assert.equal(again.ok && again.value.nextAttemptAt, T0 + 3_000 + 4_000);
  });

  test('marks an action dead when its final attempt’s lease expires', async () => {
    const ws = await h.newWorkspace();
    await h.storage.outbox.enqueue(ws, [{ kind: 'crm', payload: {}, idempotencyKey: 'once', maxAttempts: 1 }], T0);
    const [claimed] = await h.storage.outbox.claimDueActions(1, T0, LEASE, { workspaceId: ws });
    assert.ok(claimed);
    assert.deepEqual(await h.storage.outbox.claimDueActions(1, T0 + LEASE, LEASE, { workspaceId: ws }), []);
    assert.equal((await h.storage.outbox.find(ws, claimed.id))?.status, 'dead');
  });

  test('gives each action to exactly one of many concurrent claimers', async () => {
    const ws = await h.newWorkspace();
    await enqueue(h, ws, 60);
    const other = await h.openAnother();
    const rounds = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? h.storage : other).outbox.claimDueActions(7, T0, LEASE, { workspaceId: ws })));
    const ids = rounds.flat().map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length, 'no action was claimed twice');
    assert.equal(ids.length, 60);
    const delivered = await Promise.all(rounds.flat().map((c, i) => (i % 2 === 0 ? h.storage : other).outbox.markDelivered(c, { at: T0 + 1 })));
    assert.equal(delivered.filter((d) => d.ok).length, 60);
    assert.equal((await h.storage.outbox.list(ws, { status: 'delivered', limit: 100 })).length, 60);
  });

  test('does not let a workspace read or requeue another workspace’s actions', async () => {
    const a = await h.newWorkspace();
    const b = await h.newWorkspace();
    const [action] = await enqueue(h, a, 1);
    assert.ok(action);
    assert.equal(await h.storage.outbox.find(b, action.id), undefined);
    assert.deepEqual(await h.storage.outbox.list(b), []);
    assert.equal(await h.storage.outbox.requeue(b, action.id, T0), false);
  });
});

describeContract('outbox across workspaces', (h) => {
  test('an unscoped claim serves every workspace and a kind scope only its kinds', async () => {
    const a = await h.newWorkspace();
    const b = await h.newWorkspace();
    await h.storage.outbox.enqueue(a, [{ kind: 'slack', payload: {}, idempotencyKey: 'x' }], T0);
    await h.storage.outbox.enqueue(b, [{ kind: 'webhook', payload: {}, idempotencyKey: 'x' }], T0 + 1);
    const slackOnly = await h.storage.outbox.claimDueActions(10, T0 + 2, LEASE, { kinds: ['slack'] });
    assert.deepEqual(slackOnly.map((c) => [c.workspaceId, c.kind]), [[a, 'slack']]);
    const rest = await h.storage.outbox.claimDueActions(10, T0 + 2, LEASE);
    assert.deepEqual(rest.map((c) => [c.workspaceId, c.kind]), [[b, 'webhook']]);
  });
});
