import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RecordInput } from '../repositories/submissions-repository.js';
import { describeContract } from '../test-support/describe-contract.js';
import { seedSend } from '../test-support/seed-send.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const LEASE = 30_000;

function completion(ws: string, send: { id: string; flowToken: string } | undefined, messageId: string, at: number): RecordInput {
  return {
    submission: {
      workspaceId: ws, flowId: 'booking', version: 1, messageId, answers: { m: messageId }, contract: { ok: true, problems: [] }, receivedAt: at,
      ...(send === undefined ? {} : { sendId: send.id, flowToken: send.flowToken }),
    },
    actions: [
      { kind: 'ticket', payload: { m: messageId }, idempotencyKey: `${messageId}:0` },
      { kind: 'webhook', payload: { m: messageId }, idempotencyKey: `${messageId}:1` },
    ],
    events: [{ type: 'submitted', flowId: 'booking', version: 1, at }],
    completeSend: send !== undefined,
  };
}

describeContract('batch writes', (h) => {
  test('records many submissions across workspaces at once and completes each send with its own answer time', async () => {
    const a = await h.newWorkspace();
    const b = await h.newWorkspace();
    const { contact, send: first } = await seedSend(h.storage, a);
    const second = await h.storage.sends.create(a, { flowId: 'booking', version: 1, contactId: contact.id, channel: 'sandbox', at: 2 });
    assert.ok(second.ok);
    const { send: other } = await seedSend(h.storage, b);
    const result = await h.storage.submissions.recordMany([completion(a, first, 'w1', T0), completion(a, second.value, 'w2', T0 + 7), completion(b, other, 'w3', T0 + 9), completion(b, undefined, 'w4', T0 + 11)]);
    assert.ok(result.ok);
    assert.equal(result.value.length, 4);
    assert.deepEqual(result.value.map((r) => r.actionIds.length), [2, 2, 2, 2]);
    assert.deepEqual((await h.storage.submissions.list(a)).map((s) => [s.messageId, s.answers]).sort(), [['w1', { m: 'w1' }], ['w2', { m: 'w2' }]]);
    assert.equal((await h.storage.outbox.list(b)).length, 4);
    assert.deepEqual(await h.storage.events.countByType(a, 'booking'), { submitted: 2 });
    const sends = await h.storage.sends.list(a);
    assert.deepEqual(sends.map((s) => [s.id, s.status, s.updatedAt]).sort(), [[first.id, 'completed', T0], [second.value.id, 'completed', T0 + 7]].sort());
    assert.equal((await h.storage.sends.find(b, other.id))?.status, 'completed');
  });

  test('writes nothing when one submission of the batch is a duplicate', async () => {
    const ws = await h.newWorkspace();
    const { send } = await seedSend(h.storage, ws);
    assert.ok((await h.storage.submissions.recordMany([completion(ws, undefined, 'dup', T0)])).ok);
    const result = await h.storage.submissions.recordMany([completion(ws, send, 'fresh', T0 + 1), completion(ws, undefined, 'dup', T0 + 2)]);
    assert.equal(result.ok ? 'ok' : result.code, 'DUPLICATE_SUBMISSION');
    assert.deepEqual((await h.storage.submissions.list(ws)).map((s) => s.messageId), ['dup']);
    assert.equal((await h.storage.outbox.list(ws)).length, 2);
    assert.equal((await h.storage.sends.find(ws, send.id))?.status, 'queued');
  });

  test('refuses a second routed answer to one send, in a later batch or the same one', async () => {
    const ws = await h.newWorkspace();
    const { send } = await seedSend(h.storage, ws);
    const same = await h.storage.submissions.recordMany([completion(ws, send, 'x1', T0), completion(ws, send, 'x2', T0)]);
    assert.equal(same.ok ? 'ok' : same.code, 'SEND_ALREADY_COMPLETED');
    assert.deepEqual(await h.storage.submissions.list(ws), []);
    assert.ok((await h.storage.recordSubmission(completion(ws, send, 'x1', T0))).ok);
    const later = await h.storage.recordSubmission(completion(ws, send, 'x2', T0 + 1));
    assert.equal(later.ok ? 'ok' : later.code, 'SEND_ALREADY_COMPLETED');
    assert.deepEqual((await h.storage.submissions.list(ws)).map((s) => s.messageId), ['x1']);
    const kept = await h.storage.recordSubmission({ ...completion(ws, send, 'x3', T0 + 2), completeSend: false });
    assert.ok(kept.ok, 'without completeSend a second answer is stored (as an exception by the pipeline)');
  });

  test('finds sends by many flow tokens or ids in one query, only in the workspace', async () => {
    const ws = await h.newWorkspace();
    const { contact, send } = await seedSend(h.storage, ws);
    const next = await h.storage.sends.create(ws, { flowId: 'booking', version: 1, contactId: contact.id, channel: 'sandbox', at: 3 });
    assert.ok(next.ok);
    const found = await h.storage.sends.findByFlowTokens(ws, [send.flowToken, next.value.flowToken, 'unknown', send.flowToken]);
    assert.deepEqual(found.map((s) => s.id).sort(), [send.id, next.value.id].sort());
    assert.deepEqual(await h.storage.sends.findByFlowTokens(await h.newWorkspace(), [send.flowToken]), []);
    assert.deepEqual(await h.storage.sends.findByFlowTokens(ws, []), []);
    assert.deepEqual((await h.storage.sends.findMany(ws, [next.value.id, 'unknown', send.id])).map((s) => s.id).sort(), [send.id, next.value.id].sort());
    assert.deepEqual(await h.storage.sends.findMany(await h.newWorkspace(), [send.id]), []);
  });

  test('locates many flow tokens across workspaces in one query, each send naming its workspace', async () => {
    const a = await h.newWorkspace();
    const b = await h.newWorkspace();
    const first = await seedSend(h.storage, a);
    const second = await seedSend(h.storage, b, '+351900000009');
    const found = await h.storage.sends.locateFlowTokens([first.send.flowToken, 'unknown', second.send.flowToken, first.send.flowToken]);
    const byToken = new Map(found.map((s) => [s.flowToken, s]));
    assert.equal(found.length, 2);
    assert.deepEqual([byToken.get(first.send.flowToken)?.workspaceId, byToken.get(first.send.flowToken)?.id], [a, first.send.id]);
    assert.deepEqual([byToken.get(second.send.flowToken)?.workspaceId, byToken.get(second.send.flowToken)?.flowId], [b, second.send.flowId]);
    assert.deepEqual(await h.storage.sends.locateFlowTokens(['unknown']), []);
    assert.deepEqual(await h.storage.sends.locateFlowTokens([]), []);
  });

  test('finds contacts by many phones in one query, exactly as stored and only in the workspace', async () => {
    const ws = await h.newWorkspace();
    const plus = await h.storage.contacts.upsert(ws, { phone: '+351911000001', at: T0 });
    const bare = await h.storage.contacts.upsert(ws, { phone: '351911000002', at: T0 });
    const found = await h.storage.contacts.findByPhones(ws, ['+351911000001', '351911000001', '+351911000002', '351911000002', '+351911000001']);
    assert.deepEqual(found.map((c) => c.id).sort(), [plus.id, bare.id].sort());
    assert.deepEqual(await h.storage.contacts.findByPhones(await h.newWorkspace(), ['+351911000001']), []);
    assert.deepEqual(await h.storage.contacts.findByPhones(ws, []), []);
  });

  test('marks a batch delivered with its log and events, skipping actions whose lease was lost', async () => {
    const ws = await h.newWorkspace();
    await h.storage.outbox.enqueue(ws, Array.from({ length: 3 }, (_, i) => ({ kind: 'webhook', payload: { i }, idempotencyKey: `k${i}` })), T0);
    const claimed = await h.storage.outbox.claimDueActions(3, T0, LEASE, { workspaceId: ws });
    assert.equal(claimed.length, 3);
    const [a, b, c] = claimed;
    assert.ok(a && b && c);
    // c's lease expires and another worker takes it over.
    const [retaken] = await h.storage.outbox.claimDueActions(1, T0 + LEASE, LEASE, { workspaceId: ws });
    assert.ok(retaken);
    const event = (id: string) => ({ type: 'delivered' as const, flowId: 'booking', at: T0 + 5, data: { actionId: id } });
    // Only the first-claimed row was retaken (ordering by next_attempt_at, id); find which.
    const lost = [a, b, c].find((x) => x.id === retaken.id);
    assert.ok(lost);
    const marked = await h.storage.outbox.markDeliveredMany([a, b, c].map((x) => ({ id: x.id, leaseToken: x.leaseToken, statusCode: 200, event: event(x.id) })), T0 + 5);
    const kept = [a, b, c].filter((x) => x !== lost).map((x) => x.id);
    assert.deepEqual([...marked].sort(), [...kept].sort());
    for (const id of kept) {
      assert.equal((await h.storage.outbox.find(ws, id))?.status, 'delivered');
      assert.deepEqual(await h.storage.outbox.listDeliveries(ws, id), [{ attempt: 1, outcome: 'delivered', statusCode: 200, error: null, at: T0 + 5 }]);
    }
    assert.equal((await h.storage.outbox.find(ws, lost.id))?.status, 'delivering');
    const events = await h.storage.events.list(ws, { type: 'delivered' });
    assert.deepEqual(events.map((e) => (e.data as { actionId: string }).actionId).sort(), [...kept].sort());
    assert.deepEqual(await h.storage.outbox.markDeliveredMany([], T0 + 6), []);
    const again = await h.storage.outbox.markDeliveredMany([{ id: retaken.id, leaseToken: retaken.leaseToken }], T0 + 7);
    assert.deepEqual(again, [retaken.id]);
  });
});
