import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateRoutingRules } from './evaluate-routing-rules.js';
import { parseRoutingRule } from './parse-routing-rule.js';
import type { RoutingRule } from './routing-rule.js';

function rule(value: unknown): RoutingRule {
  const parsed = parseRoutingRule(value);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.rule;
}

const ticket = (queue: string): unknown => ({ type: 'ticket', queue });

describe('conditions on fields', () => {
  const answer = { budget: '15000', country: 'PT', interests: ['crm', 'billing'], note: 'Call me ASAP', address: { city: 'Porto' }, empty: '', items: [{ sku: 'A1' }] };
  const context = { contact: { tags: ['vip'] }, flow: { id: 'lead' } };
  const cases: [string, unknown, boolean][] = [
    ['equals a string', { field: 'country', equals: 'PT' }, true],
    ['equals fails on another value', { field: 'country', equals: 'ES' }, false],
    ['equals compares a numeric string with a number', { field: 'budget', equals: 15000 }, true],
    ['notEquals', { field: 'country', notEquals: 'ES' }, true],
    ['in a list', { field: 'country', in: ['ES', 'PT'] }, true],
    ['not in a list', { field: 'country', notIn: ['ES', 'PT'] }, false],
    ['numeric range holds', { field: 'budget', gte: 10000, lt: 20000 }, true],
    ['numeric range fails above', { field: 'budget', gt: 15000 }, false],
    ['range on a non-number is false', { field: 'country', gte: 0 }, false],
    ['range on a missing field is false', { field: 'missing', lte: 10 }, false],
    ['contains in a string, case-insensitive', { field: 'note', contains: 'asap' }, true],
    ['contains in an array', { field: 'interests', contains: 'billing' }, true],
    ['contains missing from an array', { field: 'interests', contains: 'support' }, false],
    ['exists on a present field', { field: 'country', exists: true }, true],
    ['exists is false for an empty string', { field: 'empty', exists: true }, false],
    ['exists false on a missing field', { field: 'missing', exists: false }, true],
    ['nested path', { field: 'address.city', equals: 'Porto' }, true],
    ['array index in a path', { field: 'items.0.sku', equals: 'A1' }, true],
    ['context field with $', { field: '$contact.tags', contains: 'vip' }, true],
    ['all group', { all: [{ field: 'country', equals: 'PT' }, { field: 'budget', gt: 100 }] }, true],
    ['all group with one failing', { all: [{ field: 'country', equals: 'PT' }, { field: 'budget', gt: 1e9 }] }, false],
    ['any group', { any: [{ field: 'country', equals: 'ES' }, { field: 'budget', gt: 100 }] }, true],
    ['not', { not: { field: 'country', equals: 'PT' } }, false],
  ];
  for (const [name, when, expected] of cases) {
    it(`${name} → ${String(expected)}`, () => {
      const result = evaluateRoutingRules([rule({ id: 'r', when, actions: [ticket('q')] })], answer, context);
      assert.deepEqual(result.matchedRuleIds, expected ? ['r'] : []);
    });
  }
});

describe('rule order, stop and default', () => {
  const rules = [
    rule({ id: 'vip', when: { field: 'budget', gte: 10000 }, actions: [ticket('sales-vip')], stop: true }),
    rule({ id: 'pt', when: { field: 'country', equals: 'PT' }, actions: [ticket('iberia')] }),
    rule({ id: 'all', actions: [{ type: 'tag', tags: ['lead'] }] }),
    rule({ id: 'off', enabled: false, actions: [ticket('never')] }),
    rule({ id: 'fallback', default: true, actions: [ticket('triage')] }),
  ];
  it('stops at the first matching rule with stop', () => {
    const r = evaluateRoutingRules(rules, { budget: 20000, country: 'PT' });
    assert.deepEqual(r.matchedRuleIds, ['vip']);
    assert.deepEqual(r.actions, [{ ruleId: 'vip', action: { type: 'ticket', queue: 'sales-vip' } }]);
  });
  it('collects every matching rule without stop, in order, skipping disabled ones', () => {
    const r = evaluateRoutingRules(rules, { budget: 50, country: 'PT' });
    assert.deepEqual(r.matchedRuleIds, ['pt', 'all']);
    assert.equal(r.usedDefault, false);
  });
  it('applies the default only when nothing else matched', () => {
    const r = evaluateRoutingRules(rules.filter((x) => x.id !== 'all'), { budget: 50, country: 'ES' });
    assert.deepEqual(r.matchedRuleIds, ['fallback']);
    assert.equal(r.usedDefault, true);
    assert.deepEqual(r.actions.map((a) => (a.action.type === 'ticket' ? a.action.queue : undefined)), ['triage']);
  });
  it('returns no actions when no rule and no default applies', () => {
    const r = evaluateRoutingRules([rules[1] ?? rule({ actions: [] })], { country: 'ES' });
    assert.deepEqual(r, { matchedRuleIds: [], actions: [], usedDefault: true });
  });
  it('reads nothing from non-object answers without throwing', () => {
    for (const answer of [null, 42, 'text', [1, 2]]) assert.deepEqual(evaluateRoutingRules([rules[1] ?? rule({ actions: [] })], answer).matchedRuleIds, []);
  });
});
