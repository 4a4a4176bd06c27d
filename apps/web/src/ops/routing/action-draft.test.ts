import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRoutingAction, ROUTING_ACTION_TYPES } from '@flowline/core';
import { fromActionDraft, newActionDraft, OPTION_TEXT, toActionDraft, type ActionDraft, type DraftProblem } from './action-draft.js';

function written(draft: ActionDraft): { json: Record<string, unknown>; problems: DraftProblem[] } {
  const problems: DraftProblem[] = [];
  return { json: fromActionDraft(draft, '/actions/0', problems), problems };
}

describe('action drafts', () => {
  it('reads every option kind of the registry into text and writes the same JSON back', () => {
    const actions = [
      { type: 'webhook', url: 'https://crm.example/hook', secret: 's3cret', headers: { 'X-Api-Key': 'k' }, timeoutMs: 5000 },
      { type: 'ticket', queue: 'sales', priority: -2, title: '{{name}}' },
      { type: 'tag', tags: ['lead', 'vip'] },
      { type: 'set_fields', fields: { plan: 'pro', seats: 3 }, copy: { city: 'address.city' } },
      { type: 'book_slot', resourceId: 'room-1', slotField: 'when' },
    ];
    for (const action of actions) {
      const draft = toActionDraft(action);
      assert.ok(draft !== undefined);
      const { json, problems } = written(draft);
      assert.deepEqual(problems, []);
      assert.deepEqual(json, action);
      assert.ok(parseRoutingAction(json, '').ok);
    }
  });

  it('shows tags as a comma list and maps as JSON text', () => {
    assert.deepEqual(toActionDraft({ type: 'tag', tags: ['a', 'b'] })?.options, { tags: 'a, b' });
    assert.deepEqual(toActionDraft({ type: 'set_fields', copy: { c: 'x.y' } })?.options, { copy: '{"c":"x.y"}' });
  });

  it('never shows a stored secret, and keeps it when its input is left empty', () => {
    const draft = toActionDraft({ type: 'webhook', url: 'https://x.example', secret: { set: true } });
    assert.deepEqual(draft, { type: 'webhook', options: { url: 'https://x.example' }, kept: ['secret'] });
    if (draft === undefined) return;
    assert.deepEqual(written(draft).json, { type: 'webhook', url: 'https://x.example', secret: { set: true } });
    assert.deepEqual(written({ ...draft, options: { ...draft.options, secret: 'new' } }).json['secret'], 'new');
  });

  it('skips what is not an action of a known type', () => {
    for (const value of [null, 'ticket', { type: 'email' }, {}]) assert.equal(toActionDraft(value), undefined);
  });

  it('reports option text that is not JSON at the option, and leaves a non-integer for core to name', () => {
    const bad = written({ type: 'set_fields', options: { fields: '{plan: pro}' } });
    assert.deepEqual(bad.problems, [{ pointer: '/actions/0/fields', message: '"fields" must be a JSON object, e.g. {"plan": "pro"}' }]);
    assert.equal(written({ type: 'ticket', options: { queue: 'q', priority: 'high' } }).json['priority'], 'high');
  });

  it('starts a new action of any type with empty options, and has a secret input only for secrets', () => {
    for (const type of ROUTING_ACTION_TYPES) assert.deepEqual(newActionDraft(type), { type, options: {} });
    assert.deepEqual(Object.entries(OPTION_TEXT).filter(([, form]) => form.secret).map(([kind]) => kind), ['secret']);
  });
});
