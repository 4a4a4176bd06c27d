import assert from 'node:assert/strict';
import { test } from 'node:test';
import { saveContactBody, updateContactBody } from './contact-requests.js';
import { updateConversationBody } from './conversation-requests.js';

test('a contact is saved by its phone, read into E.164', () => {
  assert.deepEqual(saveContactBody.parse({ phone: '+34 600 111 222', tags: ['vip'] }), { ok: true, value: { phone: '+34600111222', tags: ['vip'] } });
  assert.deepEqual(updateContactBody.parse({ language: null }), { ok: true, value: { language: null } });
});

test("a conversation's state is one of the API's conversation states", () => {
  assert.equal(updateConversationBody.parse({ state: 'resolved' }).ok, true);
  assert.equal(updateConversationBody.parse({ state: 'closed' }).ok, false);
});
