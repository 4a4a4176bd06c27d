import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateRoutingRules, parseRoutingRule } from '@flowline/core';
import { fromRuleDraft, newRuleDraft, toRuleDraft, type RuleDraft } from './rule-draft.js';
import { formatList, formatOperand, parseList, parseOperand } from './operand-text.js';

function saved(draft: RuleDraft): Record<string, unknown> {
  const result = fromRuleDraft(draft);
  assert.ok(result.ok, `expected a valid rule, got ${JSON.stringify(result)}`);
  return result.rule;
}

describe('rule drafts', () => {
  it('writes an all-of rule with a numeric range, a list and an existence test', () => {
    const draft: RuleDraft = {
      ...newRuleDraft('r1', 'Big leads'),
      conditions: [
        { field: 'budget', operator: 'between', value: '1000', upper: '50000', },
        { field: 'country', operator: 'in', value: 'PT, ES', upper: '' },
        { field: 'email', operator: 'exists', value: '', upper: '' },
      ],
      actions: [{ type: 'ticket', options: { queue: 'sales', priority: '2' } }, { type: 'tag', options: { tags: 'lead, big' } }],
    };
    assert.deepEqual(saved(draft), {
      name: 'Big leads', enabled: true, stop: false,
      when: { all: [{ field: 'budget', gte: 1000, lte: 50000 }, { field: 'country', in: ['PT', 'ES'] }, { field: 'email', exists: true }] },
      actions: [{ type: 'ticket', queue: 'sales', priority: 2 }, { type: 'tag', tags: ['lead', 'big'] }],
    });
  });

  it('writes a single condition without a group, and any-of with a group', () => {
    const one = saved({ ...newRuleDraft('a', 'One'), conditions: [{ field: 'topic', operator: 'equals', value: 'billing', upper: '' }] });
    assert.deepEqual(one['when'], { field: 'topic', equals: 'billing' });
    const any = saved({ ...newRuleDraft('b', 'Any'), mode: 'any', conditions: [{ field: 'a', operator: 'missing', value: '', upper: '' }, { field: 'n', operator: 'gt', value: '10', upper: '' }] });
    assert.deepEqual(any['when'], { any: [{ field: 'a', exists: false }, { field: 'n', gt: 10 }] });
  });

  it('writes default and always rules without a condition', () => {
    assert.equal(saved({ ...newRuleDraft('d', 'Fallback'), mode: 'default' })['default'], true);
    assert.equal('when' in saved({ ...newRuleDraft('d', 'Always'), mode: 'always' }), false);
  });

  it('reads back every rule it writes (round trip through the API shape)', () => {
    const drafts: RuleDraft[] = [
      { ...newRuleDraft('x', 'Mixed'), mode: 'any', stop: true, conditions: [{ field: 'score', operator: 'lte', value: '3', upper: '' }, { field: 'code', operator: 'equals', value: '"42"', upper: '' }, { field: 'tags', operator: 'contains', value: 'vip', upper: '' }] },
      { ...newRuleDraft('y', 'Range'), conditions: [{ field: 'age', operator: 'between', value: '18', upper: '65', }] },
      { ...newRuleDraft('z', 'Webhook'), mode: 'always', conditions: [], actions: [{ type: 'webhook', options: { url: 'https://crm.example/hook', secret: 's3cret' } }] },
    ];
    for (const draft of drafts) {
      const rule = saved(draft);
      const back = toRuleDraft({ ...rule, id: 'stored-id', flowId: 'f', position: 0 }, draft.key);
      assert.deepEqual(back, draft);
    }
  });

  it('shows a stored webhook secret as kept (never as text) and sends it back as {"set": true} unless replaced', () => {
    const stored = { name: 'Hook', actions: [{ type: 'webhook', url: 'https://crm.example/hook', secret: { set: true }, headers: { 'X-Api-Key': { set: true } } }] };
    const draft = toRuleDraft(stored, 'h');
    assert.deepEqual(draft.actions[0], { type: 'webhook', options: { url: 'https://crm.example/hook', headers: '{"X-Api-Key":{"set":true}}' }, kept: ['secret'] });
    assert.deepEqual(saved(draft)['actions'], stored.actions);
    const replaced = { ...draft, actions: [{ ...draft.actions[0]!, options: { ...draft.actions[0]!.options, secret: 'new-secret' } }] };
    assert.equal((saved(replaced)['actions'] as Record<string, unknown>[])[0]?.['secret'], 'new-secret');
  });

  it('keeps a nested condition it cannot show as editable JSON, and writes it back unchanged', () => {
    const when = { any: [{ not: { field: 'a', equals: 1 } }, { all: [{ field: 'b', exists: true }] }] };
    const draft = toRuleDraft({ name: 'Nested', when, actions: [] }, 'k');
    assert.equal(draft.advancedWhen, JSON.stringify(when, null, 2));
    assert.deepEqual(saved(draft)['when'], when);
  });

  it('reports a bound that is not a number, an empty field and bad JSON options, with pointers', () => {
    const result = fromRuleDraft({
      ...newRuleDraft('p', 'Bad'),
      conditions: [{ field: '', operator: 'gt', value: 'ten', upper: '' }],
      actions: [{ type: 'set_fields', options: { fields: '{plan: pro}' } }],
    });
    assert.equal(result.ok, false);
    if (result.ok) return;
    const pointers = result.problems.map((p) => p.pointer);
    assert.ok(pointers.includes('/when/all/0/field'));
    assert.ok(pointers.includes('/when/all/0'));
    assert.ok(pointers.includes('/actions/0/fields'));
  });

  it('passes on core\'s problems, e.g. a ticket without its queue', () => {
    const result = fromRuleDraft({ ...newRuleDraft('q', 'No queue'), mode: 'always', actions: [{ type: 'ticket', options: {} }] });
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.problems[0]?.message ?? '', /queue/);
  });

  it('produces rules that core evaluates as the editor says', () => {
    const rule = saved({ ...newRuleDraft('r', 'Sales'), conditions: [{ field: 'budget', operator: 'gte', value: '500', upper: '' }], actions: [{ type: 'ticket', options: { queue: 'sales' } }] });
    const parsed = parseRoutingRule(rule, { fallbackId: 'r' });
    assert.ok(parsed.ok);
    if (!parsed.ok) return;
    assert.deepEqual(evaluateRoutingRules([parsed.rule], { budget: 800 }, {}).matchedRuleIds, ['r']);
    assert.deepEqual(evaluateRoutingRules([parsed.rule], { budget: 100 }, {}).matchedRuleIds, []);
  });
});

describe('operand text', () => {
  it('reads numbers, booleans and quoted strings as JSON and other text as itself', () => {
    assert.equal(parseOperand('42'), 42);
    assert.equal(parseOperand(' true '), true);
    assert.equal(parseOperand('"42"'), '42');
    assert.equal(parseOperand('beauty salon'), 'beauty salon');
    assert.equal(parseOperand('{oops'), '{oops');
  });

  it('formats strings that look like other values quoted, so they read back the same', () => {
    for (const value of ['42', 'true', 'plain', ' padded', 7, false, null, ['a']]) assert.deepEqual(parseOperand(formatOperand(value)), value);
  });

  it('reads comma lists and JSON arrays, and formats lists that hold commas as JSON', () => {
    assert.deepEqual(parseList('a, 2, "3"'), ['a', 2, '3']);
    assert.deepEqual(parseList('["x, y", 1]'), ['x, y', 1]);
    assert.equal(parseList('[broken'), undefined);
    for (const list of [['PT', 'ES'], ['x, y', 'z'], [1, '1'], []]) assert.deepEqual(parseList(formatList(list)), list);
  });
});
