import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeContract } from '../test-support/describe-contract.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const LEASE = 30_000;

describeContract('operations stats', (h) => {
  test('counts open outbox actions by status across workspaces, with the age of the oldest undelivered one', async () => {
    const before = await h.storage.operationsStats(T0);
    const [a, b] = [await h.newWorkspace(), await h.newWorkspace()];
    await h.storage.outbox.enqueue(a, [0, 1, 2].map((i) => ({ kind: 'webhook', payload: { i }, idempotencyKey: `ops-${i}` })), T0 - 90_000);
    await h.storage.outbox.enqueue(b, [{ kind: 'slack', payload: {}, idempotencyKey: 'ops-dead', maxAttempts: 1 }], T0 - 10_000);
    const [claimedA] = await h.storage.outbox.claimDueActions(1, T0 - 5_000, LEASE, { workspaceId: a });
    const [claimedB] = await h.storage.outbox.claimDueActions(1, T0 - 5_000, LEASE, { workspaceId: b });
    assert.ok(claimedA && claimedB);
    assert.equal((await h.storage.outbox.markFailed(claimedB, { at: T0 - 4_000, error: 'HTTP 410', permanent: true })).ok, true);
    const after = await h.storage.operationsStats(T0);
    assert.deepEqual(
      { pending: after.outbox.pending - before.outbox.pending, delivering: after.outbox.delivering - before.outbox.delivering, failed: after.outbox.failed - before.outbox.failed, dead: after.outbox.dead - before.outbox.dead },
      { pending: 2, delivering: 1, failed: 0, dead: 1 },
    );
    assert.ok(after.outboxOldestAgeMs >= 90_000, `oldest age ${after.outboxOldestAgeMs}`);
    // Delivered actions leave the counts.
    assert.equal((await h.storage.outbox.markDelivered(claimedA, { at: T0 })).ok, true);
    assert.equal((await h.storage.operationsStats(T0)).outbox.delivering, after.outbox.delivering - 1);
  });

  test('reports no pending migration on an up-to-date database, and pool figures only on PostgreSQL', async () => {
    assert.deepEqual(await h.storage.pendingMigrations(), []);
    const pool = h.storage.poolStats();
    if (h.backend === 'sqlite') assert.equal(pool, undefined);
    else {
      assert.ok(pool !== undefined && pool.max >= 1 && pool.total >= pool.idle && pool.total <= pool.max, JSON.stringify(pool));
    }
  });
});
