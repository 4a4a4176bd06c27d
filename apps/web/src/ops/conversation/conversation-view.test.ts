import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageCaption, toConversationView } from './conversation-view.js';

test('reads a conversation with a completed Flow card and captions statuses and Meta errors', () => {
  const view = toConversationView({
    contact: { id: 'c1', phone: '+351910000001', name: 'Ana' },
    conversation: { contactId: 'c1', assignee: 'rui', state: 'pending' },
    channel: 'sandbox',
    window: { open: false, closesAt: 5 },
    messages: [
      { id: 'm1', direction: 'inbound', author: 'customer', type: 'flow_reply', at: 1, card: { flowId: 'triage', flowName: 'Support triage', version: 2, submission: { id: 's1', flowId: 'triage', version: 2, readable: [{ field: 'issue', label: 'Issue', text: 'Damaged' }] } } },
      { id: 'm2', direction: 'outbound', author: 'operator', authorName: 'token:rui', type: 'text', text: 'Photo?', status: 'failed', errorCode: 131047, errorTitle: 'Re-engagement message', at: 2 },
    ],
    templates: [{ name: 'follow_up', language: 'en_US', flowId: 'triage' }, { name: 'broken' }],
  });
  assert.ok(view);
  assert.deepEqual([view.assignee, view.state, view.channel, view.window.open, view.templates.length], ['rui', 'pending', 'sandbox', false, 1]);
  const [completed, reply] = view.messages;
  assert.ok(completed && reply);
  assert.equal(completed.card?.submission?.readable[0]?.text, 'Damaged');
  assert.equal(messageCaption(reply), 'rui · failed (131047): Re-engagement message');
  assert.equal(messageCaption(completed), 'Customer');
  assert.equal(toConversationView({ messages: [] }), undefined);
});

test("reads a media message's file: stored with its API path, not fetched yet, or none for other messages", () => {
  const view = toConversationView({
    contact: { id: 'c1', phone: '+351910000001' },
    conversation: { contactId: 'c1' },
    messages: [
      { id: 'm1', direction: 'inbound', author: 'customer', type: 'image', text: 'the box', at: 1, media: { id: 'f1', fileName: 'image-1', mimeType: 'image/jpeg', size: 435, status: 'stored', error: null, contentUrl: '/api/v1/conversations/c1/media/f1/content' } },
      { id: 'm2', direction: 'inbound', author: 'customer', type: 'document', at: 2, media: null },
      { id: 'm3', direction: 'inbound', author: 'customer', type: 'text', text: 'hi', at: 3 },
    ],
  });
  assert.ok(view);
  const [image, document, text] = view.messages;
  assert.deepEqual([image?.media?.path, image?.media?.status, image?.media?.mimeType], ['/conversations/c1/media/f1/content', 'stored', 'image/jpeg']);
  assert.equal(document?.media, null);
  assert.equal(text?.media, undefined);
});
