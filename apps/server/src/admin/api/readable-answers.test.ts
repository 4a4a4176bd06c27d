import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeApi } from './test-support/describe-api.js';

const FLOW = {
  version: '7.0',
  screens: [{
    id: 'ASK', title: 'Account', terminal: true, sensitive: ['pin'],
    layout: { type: 'SingleColumnLayout', children: [{ type: 'Form', name: 'form', children: [
      { type: 'RadioButtonsGroup', name: 'plan', label: 'Your plan', 'data-source': [{ id: 'p1', title: 'Family 5G' }, { id: 'p2', title: 'Solo' }] },
      { type: 'TextInput', name: 'pin', label: 'PIN', 'input-type': 'passcode' },
      { type: 'OptIn', name: 'news', label: 'News by WhatsApp' },
      { type: 'Footer', label: 'Send', 'on-click-action': { name: 'complete', payload: { plan: '${form.plan}', pin: '${form.pin}', news: '${form.news}' } } },
    ] }] },
  }],
};

describeApi('API readable answers', (h) => {
  let submissionId = '';
  let contactId = '';

  test('seeds a Flow with a sensitive field and one answer', async () => {
    assert.equal((await h().call('POST', '/api/v1/flows', { body: { id: 'account', name: 'Account', flowJson: FLOW } })).status, 201);
    const contact = await h().storage.contacts.upsert(h().workspaceA, { phone: '+351913000111', at: h().clock.now });
    contactId = contact.id;
    const send = await h().storage.sends.create(h().workspaceA, { flowId: 'account', version: 1, contactId, channel: 'sandbox', at: h().clock.now });
    assert.ok(send.ok);
    const recorded = await h().storage.recordSubmission({
      submission: { workspaceId: h().workspaceA, flowId: 'account', version: 1, sendId: send.value.id, messageId: 'wamid.account.1', answers: { plan: 'p1', pin: 'S3CR3T-PIN', news: false }, contract: { ok: true, problems: [] }, receivedAt: h().clock.now },
      actions: [], events: [],
    });
    assert.ok(recorded.ok);
    submissionId = recorded.value.submission.id;
  });

  test('an operator reads labels, option titles and Yes/No, and sees the sensitive field', async () => {
    const res = await h().call('GET', `/api/v1/submissions/${submissionId}`, { token: h().tokens.operator });
    assert.equal(res.status, 200, res.text);
    const readable = res.body['readable'] as Array<{ label: string; text: string; masked: boolean }>;
    assert.deepEqual(readable.map((r) => [r.label, r.text, r.masked]), [['Your plan', 'Family 5G', false], ['PIN', 'S3CR3T-PIN', false], ['News by WhatsApp', 'No', false]]);
    assert.equal((res.body['answers'] as Record<string, unknown>)['pin'], 'S3CR3T-PIN');
  });

  test('a viewer gets the sensitive field masked in the readable answers and in the raw answers, on every route', async () => {
    const one = await h().call('GET', `/api/v1/submissions/${submissionId}`, { token: h().tokens.viewer });
    const list = await h().call('GET', '/api/v1/submissions?flowId=account', { token: h().tokens.viewer });
    const contact = await h().call('GET', `/api/v1/contacts/${contactId}/answers`, { token: h().tokens.viewer });
    const views = [one.body, (list.body['items'] as Record<string, unknown>[])[0], (contact.body['answers'] as Record<string, unknown>[])[0]];
    for (const view of views) {
      assert.ok(view !== undefined);
      const pin = (view['readable'] as Array<{ field: string; text: string; masked: boolean }>).find((r) => r.field === 'pin');
      assert.deepEqual([pin?.text, pin?.masked], ['••••', true]);
      assert.equal((view['answers'] as Record<string, unknown>)['pin'], '••••');
      assert.equal((view['answers'] as Record<string, unknown>)['plan'], 'p1', 'other fields stay as received');
    }
    for (const res of [one, list, contact]) assert.ok(!res.text.includes('S3CR3T-PIN'), 'the PIN appears nowhere in a viewer\'s answer');
  });
});
