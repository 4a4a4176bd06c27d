import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeContract } from '../test-support/describe-contract.js';
import { seedSend } from '../test-support/seed-send.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');

describeContract('channels, webhook receipts and the sandbox phone', (h) => {
  test('claims a webhook receipt once per workspace and lets a failed one be released', async () => {
    const a = await h.newWorkspace();
    const b = await h.newWorkspace();
    assert.equal(await h.storage.channels.claimWebhookReceipt(a, { key: 'msg:wamid.1', kind: 'message', at: T0 }), true);
    assert.equal(await h.storage.channels.claimWebhookReceipt(a, { key: 'msg:wamid.1', kind: 'message', at: T0 + 1 }), false);
    assert.equal(await h.storage.channels.claimWebhookReceipt(b, { key: 'msg:wamid.1', kind: 'message', at: T0 }), true);
    await h.storage.channels.releaseWebhookReceipt(a, 'msg:wamid.1');
    assert.equal(await h.storage.channels.claimWebhookReceipt(a, { key: 'msg:wamid.1', kind: 'message', at: T0 + 2 }), true);
  });

  test('claims many receipts in one call: new ones true, taken keys and repeats within the list false', async () => {
    const a = await h.newWorkspace();
    const b = await h.newWorkspace();
    assert.equal(await h.storage.channels.claimWebhookReceipt(a, { key: 'msg:taken', kind: 'message', at: T0 }), true);
    const claims = await h.storage.channels.claimWebhookReceipts([
      { workspaceId: a, key: 'msg:taken', kind: 'flow_reply', at: T0 },
      { workspaceId: a, key: 'msg:new', kind: 'flow_reply', at: T0 },
      { workspaceId: b, key: 'msg:taken', kind: 'flow_reply', at: T0 },
      { workspaceId: a, key: 'msg:new', kind: 'flow_reply', at: T0 + 1 },
    ]);
    assert.deepEqual(claims, [false, true, true, false]);
    assert.deepEqual(await h.storage.channels.claimWebhookReceipts([]), []);
    assert.equal(await h.storage.channels.claimWebhookReceipt(a, { key: 'msg:new', kind: 'message', at: T0 }), false);
    // Rolled back with its transaction: the claims are gone and can be made again.
    await h.storage.transaction(async (tx) => {
      assert.deepEqual(await tx.channels.claimWebhookReceipts([{ workspaceId: a, key: 'msg:rolled', kind: 'message', at: T0 }]), [true]);
      throw new Error('roll back');
    }).catch(() => undefined);
    assert.deepEqual(await h.storage.channels.claimWebhookReceipts([{ workspaceId: a, key: 'msg:rolled', kind: 'message', at: T0 }]), [true]);
  });

  test('locates a workspace by its phone number id and a Flow by its Graph id', async () => {
    const ws = await h.newWorkspace();
    await h.storage.channels.save(ws, { id: 'main', kind: 'whatsapp', phoneNumberId: `pn-${ws}`, config: { waba: '1' }, at: T0 });
    const channel = await h.storage.channels.locatePhoneNumberId(`pn-${ws}`);
    assert.deepEqual([channel?.workspaceId, channel?.kind, channel?.config], [ws, 'whatsapp', { waba: '1' }]);
    assert.equal(await h.storage.channels.locatePhoneNumberId('nobody'), undefined);
    await h.storage.channels.linkGraphFlow(ws, 'booking', `g-${ws}`, T0);
    await h.storage.channels.linkGraphFlow(ws, 'booking', `g2-${ws}`, T0 + 1);
    assert.equal(await h.storage.channels.findGraphFlowId(ws, 'booking'), `g2-${ws}`);
    assert.deepEqual(await h.storage.channels.locateGraphFlow(`g2-${ws}`), { workspaceId: ws, flowId: 'booking' });
    assert.equal(await h.storage.channels.locateGraphFlow(`g-${ws}`), undefined);
  });

  test('records Flow health webhooks newest first', async () => {
    const ws = await h.newWorkspace();
    await h.storage.channels.recordFlowHealth(ws, { flowId: 'f', graphFlowId: '1', event: 'ENDPOINT_AVAILABILITY', alertState: 'ACTIVATED', details: { availability: 80 }, at: T0 });
    await h.storage.channels.recordFlowHealth(ws, { graphFlowId: '1', event: 'FLOW_STATUS_CHANGE', newStatus: 'THROTTLED', details: {}, at: T0 + 5 });
    const all = await h.storage.channels.listFlowHealth(ws);
    assert.deepEqual(all.map((e) => [e.event, e.flowId, e.newStatus, e.alertState]), [['FLOW_STATUS_CHANGE', null, 'THROTTLED', null], ['ENDPOINT_AVAILABILITY', 'f', null, 'ACTIVATED']]);
    assert.deepEqual((await h.storage.channels.listFlowHealth(ws, { flowId: 'f' }))[0]?.details, { availability: 80 });
  });

  test('finds a send by the id of the message that carried it', async () => {
    const ws = await h.newWorkspace();
    const { send } = await seedSend(h.storage, ws);
    await h.storage.sends.updateStatus(ws, send.id, { status: 'sent', messageId: 'wamid.out', at: T0 });
    assert.equal((await h.storage.sends.findByMessageId(ws, 'wamid.out'))?.id, send.id);
    assert.equal(await h.storage.sends.findByMessageId(await h.newWorkspace(), 'wamid.out'), undefined);
  });

  test('keeps sandbox chats in order and opens one session per Flow message', async () => {
    const ws = await h.newWorkspace();
    const { contact, send } = await seedSend(h.storage, ws);
    const first = await h.storage.sandbox.appendMessage(ws, { contactId: contact.id, messageId: 'wamid.a', direction: 'customer', kind: 'text', body: { text: 'hi' }, at: T0 });
    assert.ok(first.ok);
    const again = await h.storage.sandbox.appendMessage(ws, { contactId: contact.id, messageId: 'wamid.a', direction: 'customer', kind: 'text', body: {}, at: T0 });
    assert.equal(again.ok ? 'ok' : again.code, 'DUPLICATE_MESSAGE');
    await h.storage.sandbox.appendMessage(ws, { contactId: contact.id, messageId: 'wamid.b', direction: 'business', kind: 'flow', sendId: send.id, body: { cta: 'Go' }, at: T0 + 10 });
    assert.deepEqual((await h.storage.sandbox.listMessages(ws, contact.id)).map((m) => [m.messageId, m.direction, m.sendId]), [['wamid.a', 'customer', null], ['wamid.b', 'business', send.id]]);
    assert.deepEqual(await h.storage.sandbox.listChats(ws), [{ contactId: contact.id, messages: 2, lastMessageAt: T0 + 10 }]);
    const opened = await h.storage.sandbox.openSession(ws, { messageId: 'wamid.b', contactId: contact.id, sendId: send.id, flowId: 'booking', version: 1, state: { stack: ['A'] }, status: 'active', at: T0 + 20 });
    assert.equal(opened.created, true);
    const reopened = await h.storage.sandbox.openSession(ws, { messageId: 'wamid.b', contactId: contact.id, flowId: 'booking', version: 1, state: {}, status: 'active', at: T0 + 30 });
    assert.deepEqual([reopened.created, reopened.session.id, reopened.session.state], [false, opened.session.id, { stack: ['A'] }]);
    assert.equal(await h.storage.sandbox.updateSession(ws, opened.session.id, { state: { stack: ['B'] }, status: 'completed', at: T0 + 40 }), true);
    const found = await h.storage.sandbox.findSession(ws, opened.session.id);
    assert.deepEqual([found?.state, found?.status, found?.updatedAt], [{ stack: ['B'] }, 'completed', T0 + 40]);
    assert.equal(await h.storage.sandbox.findSession(await h.newWorkspace(), opened.session.id), undefined);
  });

  test('reads a sandbox chat in the order its messages were appended, even when they share one time', async () => {
    const ws = await h.newWorkspace();
    const { contact } = await seedSend(h.storage, ws);
    const other = await h.storage.contacts.upsert(ws, { phone: '+15550009999', at: T0 });
    const ids = Array.from({ length: 24 }, (_, i) => `wamid.same-${String(i).padStart(2, '0')}-${(i * 7919) % 97}`);
    for (const [i, messageId] of ids.entries()) {
      // Another chat interleaved: each chat keeps its own order.
      await h.storage.sandbox.appendMessage(ws, { contactId: contact.id, messageId, direction: i % 2 === 0 ? 'customer' : 'business', kind: 'text', body: { i }, at: T0 });
      await h.storage.sandbox.appendMessage(ws, { contactId: other.id, messageId: `${messageId}.other`, direction: 'customer', kind: 'text', body: { i }, at: T0 });
    }
    // A message stamped earlier but appended last still reads last.
    await h.storage.sandbox.appendMessage(ws, { contactId: contact.id, messageId: 'wamid.late', direction: 'customer', kind: 'text', body: {}, at: T0 - 1000 });
    assert.deepEqual((await h.storage.sandbox.listMessages(ws, contact.id)).map((m) => m.messageId), [...ids, 'wamid.late']);
    assert.deepEqual((await h.storage.sandbox.listMessages(ws, other.id)).map((m) => m.messageId), ids.map((id) => `${id}.other`));
  });
});
