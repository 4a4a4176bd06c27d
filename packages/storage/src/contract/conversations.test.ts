import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_MESSAGE_TEXT } from '../repositories/conversations-repository.js';
import { describeContract } from '../test-support/describe-contract.js';

const T0 = Date.parse('2026-05-04T09:00:00Z');

describeContract('conversations', (h) => {
  const contactIn = async (ws: string, phone = '+351910000001') => (await h.storage.contacts.upsert(ws, { phone, at: T0 })).id;

  test('an inbound message is stored once however often its webhook is delivered, and opens the window', async () => {
    const ws = await h.newWorkspace();
    const entry = { workspaceId: ws, phones: ['+351910000001'], name: 'Ana', at: T0, message: { wamid: 'wamid.in.1', type: 'text', text: 'Is my order late?' } };
    await h.storage.contacts.recordInboundMany([entry]);
    await h.storage.contacts.recordInboundMany([entry]);
    const contact = await h.storage.contacts.findByPhone(ws, '+351910000001');
    assert.ok(contact);
    const messages = await h.storage.conversations.listMessages(ws, contact.id);
    assert.deepEqual(messages.map((m) => [m.direction, m.author, m.type, m.text, m.wamid, m.at]), [['inbound', 'customer', 'text', 'Is my order late?', 'wamid.in.1', T0]]);
    assert.equal((await h.storage.conversations.find(ws, contact.id))?.lastInboundAt, T0);
  });

  test('keeps at most MAX_MESSAGE_TEXT characters of a message', async () => {
    const ws = await h.newWorkspace();
    const contactId = await contactIn(ws);
    await h.storage.conversations.recordMessages(ws, [{ contactId, direction: 'inbound', author: 'customer', type: 'text', text: 'x'.repeat(MAX_MESSAGE_TEXT + 500), wamid: 'w', at: T0 }]);
    const [stored] = await h.storage.conversations.listMessages(ws, contactId);
    assert.equal(stored?.text?.length, MAX_MESSAGE_TEXT);
  });

  test('applies statuses forward only, and failed with Meta\'s error only before delivery', async () => {
    const ws = await h.newWorkspace();
    const contactId = await contactIn(ws);
    const reply = await h.storage.conversations.appendMessage(ws, { contactId, direction: 'outbound', author: 'operator', authorName: 'rui', type: 'text', text: 'Which order?', status: 'queued', at: T0 });
    assert.ok(reply);
    await h.storage.conversations.settleMessage(ws, reply.id, { wamid: 'wamid.out.1', status: 'sent' }, T0 + 1);
    assert.equal(await h.storage.conversations.applyStatus(ws, 'wamid.out.1', { status: 'read', at: T0 + 3 }), 'applied');
    assert.equal(await h.storage.conversations.applyStatus(ws, 'wamid.out.1', { status: 'delivered', at: T0 + 2 }), 'stale');
    assert.equal(await h.storage.conversations.applyStatus(ws, 'wamid.out.1', { status: 'failed', at: T0 + 4, errorCode: 131047, errorTitle: 'Re-engagement message' }), 'stale');
    assert.equal(await h.storage.conversations.applyStatus(ws, 'wamid.unknown', { status: 'read', at: T0 }), 'unknown');
    const other = await h.storage.conversations.appendMessage(ws, { contactId, direction: 'outbound', author: 'operator', type: 'text', text: 'Hello?', wamid: 'wamid.out.2', status: 'sent', at: T0 + 5 });
    assert.ok(other);
    assert.equal(await h.storage.conversations.applyStatus(ws, 'wamid.out.2', { status: 'failed', at: T0 + 6, errorCode: 131047, errorTitle: 'Re-engagement message' }), 'applied');
    const messages = await h.storage.conversations.listMessages(ws, contactId);
    assert.deepEqual(messages.map((m) => [m.text, m.status, m.errorCode, m.errorTitle, m.authorName]), [
      ['Which order?', 'read', null, null, 'rui'],
      ['Hello?', 'failed', 131047, 'Re-engagement message', null],
    ]);
  });

  test('a conversation has an owner and a state apart from the contact; a new customer message reopens it', async () => {
    const ws = await h.newWorkspace();
    const contactId = await contactIn(ws);
    const assigned = await h.storage.conversations.update(ws, contactId, { assignee: 'rui', state: 'pending', at: T0 });
    assert.deepEqual([assigned?.assignee, assigned?.state, assigned?.stateAt], ['rui', 'pending', T0]);
    assert.deepEqual((await h.storage.contacts.find(ws, contactId))?.fields, {});
    await h.storage.conversations.update(ws, contactId, { state: 'resolved', at: T0 + 1 });
    assert.deepEqual((await h.storage.conversations.list(ws, { state: 'resolved' })).map((c) => [c.contactId, c.assignee]), [[contactId, 'rui']]);
    await h.storage.contacts.recordInboundMany([{ workspaceId: ws, phones: ['+351910000001'], at: T0 + 2 }]);
    assert.equal((await h.storage.conversations.find(ws, contactId))?.state, 'open');
    assert.equal(await h.storage.conversations.update(ws, 'no-such-contact', { state: 'open', at: T0 }), undefined);
  });

  test('messages and conversations are scoped by workspace', async () => {
    const ws = await h.newWorkspace();
    const other = await h.newWorkspace();
    const contactId = await contactIn(ws);
    await h.storage.conversations.recordMessages(ws, [{ contactId, direction: 'inbound', author: 'customer', type: 'text', text: 'mine', wamid: 'wamid.same', at: T0 }]);
    // The same WhatsApp id in another workspace is another message.
    const otherContact = await contactIn(other);
    assert.equal(await h.storage.conversations.recordMessages(other, [{ contactId: otherContact, direction: 'inbound', author: 'customer', type: 'text', text: 'theirs', wamid: 'wamid.same', at: T0 }]), 1);
    assert.deepEqual(await h.storage.conversations.listMessages(other, contactId), []);
    assert.equal(await h.storage.conversations.update(other, contactId, { assignee: 'x', at: T0 }), undefined);
    assert.equal(await h.storage.conversations.applyStatus(other, 'wamid.same', { status: 'read', at: T0 }), 'unknown');
  });

  test('quick replies: create, rename, refuse a taken title, delete', async () => {
    const ws = await h.newWorkspace();
    const greeting = await h.storage.conversations.saveQuickReply(ws, { title: 'Greeting', text: 'Hello! How can I help?', at: T0 });
    assert.ok(greeting);
    const photo = await h.storage.conversations.saveQuickReply(ws, { title: 'Photo', text: 'Could you send a photo of the damage?', at: T0 });
    assert.ok(photo);
    assert.equal(await h.storage.conversations.saveQuickReply(ws, { id: photo.id, title: 'Greeting', text: 'dup', at: T0 }), undefined);
    await h.storage.conversations.saveQuickReply(ws, { id: photo.id, title: 'Ask for a photo', text: 'Could you send a photo?', at: T0 + 1 });
    assert.deepEqual((await h.storage.conversations.listQuickReplies(ws)).map((r) => [r.title, r.text]), [['Ask for a photo', 'Could you send a photo?'], ['Greeting', 'Hello! How can I help?']]);
    assert.equal(await h.storage.conversations.deleteQuickReply(ws, greeting.id), true);
    assert.equal(await h.storage.conversations.deleteQuickReply(ws, greeting.id), false);
    assert.deepEqual(await h.storage.conversations.listQuickReplies(await h.newWorkspace()), []);
  });

  test('a campaign exclusion list is its own table, not a contact tag', async () => {
    const ws = await h.newWorkspace();
    const a = await contactIn(ws, '+351910000001');
    const b = await contactIn(ws, '+351910000002');
    await h.storage.campaigns.excludeContact(ws, 'spring', a, T0);
    await h.storage.campaigns.excludeContact(ws, 'spring', a, T0);
    assert.deepEqual([...(await h.storage.campaigns.findExcludedContacts(ws, 'spring', [a, b]))], [a]);
    assert.deepEqual([...(await h.storage.campaigns.findExcludedContacts(ws, 'autumn', [a, b]))], []);
    assert.deepEqual((await h.storage.contacts.find(ws, a))?.tags, []);
  });
});
