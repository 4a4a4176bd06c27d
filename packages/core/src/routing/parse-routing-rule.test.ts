import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRoutingRule } from './parse-routing-rule.js';

describe('parseRoutingRule', () => {
  it('parses a complete rule with defaults filled in', () => {
    const r = parseRoutingRule({ name: 'VIP', when: { field: 'budget', gte: 10 }, actions: [{ type: 'webhook', url: 'https://crm.example/hook', secret: 's' }] }, { fallbackId: 'x1' });
    assert.ok(r.ok);
    assert.equal(r.rule.id, 'x1');
    assert.equal(r.rule.enabled, true);
    assert.equal(r.rule.stop, false);
    assert.deepEqual(r.rule.when, { kind: 'field', field: ['budget'], gte: 10 });
  });

  const invalid: [string, unknown, string, string][] = [
    ['a non-object', 'rule', 'FLOWLINE_ROUTING_INVALID_RULE', ''],
    ['missing actions', { name: 'n' }, 'FLOWLINE_ROUTING_INVALID_RULE', '/actions'],
    ['an unknown rule property', { actions: [], priority: 1 }, 'FLOWLINE_ROUTING_UNKNOWN_PROPERTY', '/priority'],
    ['an unknown operator', { when: { field: 'a', like: 'x' }, actions: [] }, 'FLOWLINE_ROUTING_UNKNOWN_OPERATOR', '/when/like'],
    ['a field condition without operator', { when: { field: 'a' }, actions: [] }, 'FLOWLINE_ROUTING_INVALID_CONDITION', '/when'],
    ['a range with a string bound', { when: { field: 'a', gt: '5' }, actions: [] }, 'FLOWLINE_ROUTING_INVALID_CONDITION', '/when/gt'],
    ['in without an array', { when: { field: 'a', in: 'x' }, actions: [] }, 'FLOWLINE_ROUTING_INVALID_CONDITION', '/when/in'],
    ['an empty field path segment', { when: { field: 'a..b', exists: true }, actions: [] }, 'FLOWLINE_ROUTING_INVALID_CONDITION', '/when/field'],
    ['an empty all group', { when: { all: [] }, actions: [] }, 'FLOWLINE_ROUTING_INVALID_CONDITION', '/when'],
    ['a nested bad condition', { when: { any: [{ field: 'a', exists: true }, { field: 'b', exists: 'yes' }] }, actions: [] }, 'FLOWLINE_ROUTING_INVALID_CONDITION', '/when/any/1/exists'],
    ['a default rule with when', { default: true, when: { field: 'a', exists: true }, actions: [] }, 'FLOWLINE_ROUTING_INVALID_RULE', '/when'],
    ['an unknown action type', { actions: [{ type: 'email' }] }, 'FLOWLINE_ROUTING_UNKNOWN_ACTION', '/actions/0/type'],
    ['a webhook without secret', { actions: [{ type: 'webhook', url: 'https://x.example' }] }, 'FLOWLINE_ROUTING_INVALID_ACTION', '/actions/0'],
    ['a webhook with a non-http URL', { actions: [{ type: 'webhook', url: 'ftp://x', secret: 's' }] }, 'FLOWLINE_ROUTING_INVALID_ACTION', '/actions/0/url'],
    ['a tag action with no tags', { actions: [{ type: 'tag', tags: [] }] }, 'FLOWLINE_ROUTING_INVALID_ACTION', '/actions/0/tags'],
    ['an unknown action option', { actions: [{ type: 'assign', assignee: 'ana', queue: 'x' }] }, 'FLOWLINE_ROUTING_INVALID_ACTION', '/actions/0/queue'],
    ['set_fields with nothing to set', { actions: [{ type: 'set_fields' }] }, 'FLOWLINE_ROUTING_INVALID_ACTION', '/actions/0'],
  ];
  for (const [name, value, code, pointer] of invalid) {
    it(`reports ${name}`, () => {
      const r = parseRoutingRule(value);
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.ok(
        r.problems.some((p) => p.code === code && p.pointer === pointer),
        `expected ${code} at "${pointer}", got ${JSON.stringify(r.problems)}`,
      );
    });
  }

  it('never throws on deep or odd input', () => {
    let deep: unknown = { field: 'a', exists: true };
    for (let i = 0; i < 40; i += 1) deep = { not: deep };
    const r = parseRoutingRule({ when: deep, actions: [] });
    assert.equal(r.ok, false);
    for (const odd of [null, undefined, [], 0, { actions: null }, { when: [], actions: [null] }]) assert.equal(parseRoutingRule(odd).ok, false);
  });
});
