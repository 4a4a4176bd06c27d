import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldsReadByRule } from './fields-read-by-rule.js';
import { parseRoutingAction } from './parse-routing-action.js';
import { parseRoutingRule } from './parse-routing-rule.js';
import { ROUTING_ACTION_OPTIONS, ROUTING_ACTION_TYPES, routingActionOptions, type RoutingAction, type RoutingActionOf } from './routing-action.js';

/** A minimal valid action of every type, as stored. */
const MINIMAL: { readonly [T in keyof typeof ROUTING_ACTION_OPTIONS]: RoutingActionOf<T> } = {
  webhook: { type: 'webhook', url: 'https://crm.example/hook', secret: { sealed: 'abc' } },
  slack: { type: 'slack', url: 'https://hooks.slack.example/x', text: 'New lead {{email}}' },
  ticket: { type: 'ticket', queue: 'sales', priority: 2 },
  assign: { type: 'assign', assignee: 'ana' },
  tag: { type: 'tag', tags: ['lead'] },
  set_fields: { type: 'set_fields', copy: { city: 'address.city' } },
  book_slot: { type: 'book_slot', resourceId: 'room-1' },
  exclude_from_campaign: { type: 'exclude_from_campaign', campaign: 'spring' },
};

/** What a connector sees of an action once its type is known: the typed configuration, no probing. */
function describeAction(action: RoutingAction): string {
  switch (action.type) {
    case 'webhook':
    case 'slack':
      return action.url;
    case 'ticket':
      return `${action.queue}:${action.priority ?? 0}`;
    case 'assign':
      return action.assignee;
    case 'tag':
      return action.tags.join(',');
    case 'set_fields':
      return Object.keys({ ...action.fields, ...action.copy }).join(',');
    case 'book_slot':
      return action.slotField ?? 'slot';
    case 'exclude_from_campaign':
      return action.campaign;
  }
}

describe('the action registry', () => {
  it('lists every action type of the registry, in its order', () => {
    assert.deepEqual(ROUTING_ACTION_TYPES, Object.keys(ROUTING_ACTION_OPTIONS));
    assert.deepEqual(ROUTING_ACTION_TYPES, ['webhook', 'slack', 'ticket', 'assign', 'tag', 'set_fields', 'book_slot', 'exclude_from_campaign']);
    assert.deepEqual(routingActionOptions('book_slot').map(([key]) => key), ['resourceId', 'slotField']);
  });
});

describe('parseRoutingAction', () => {
  for (const type of ROUTING_ACTION_TYPES) {
    it(`parses a ${type} action into the typed union, keeping its stored JSON as it is`, () => {
      const stored: unknown = JSON.parse(JSON.stringify(MINIMAL[type]));
      const parsed = parseRoutingAction(stored, '/a');
      assert.ok(parsed.ok, JSON.stringify(parsed));
      assert.equal(parsed.action.type, type);
      assert.equal(JSON.stringify(parsed.action), JSON.stringify(stored));
      assert.notEqual(describeAction(parsed.action), '');
    });
  }

  it('reports every bad option with its code and pointer, and a missing required one at the action', () => {
    const parsed = parseRoutingAction({ type: 'ticket', priority: 1.5, title: '' }, '/actions/3');
    assert.equal(parsed.ok, false);
    if (parsed.ok) return;
    assert.deepEqual(parsed.problems.map((p) => [p.code, p.pointer, p.message]), [
      ['FLOWLINE_ROUTING_INVALID_ACTION', '/actions/3', 'a ticket action needs "queue"'],
      ['FLOWLINE_ROUTING_INVALID_ACTION', '/actions/3/priority', '"priority" must be an integer'],
      ['FLOWLINE_ROUTING_INVALID_ACTION', '/actions/3/title', '"title" must be a non-empty string'],
    ]);
  });

  it('refuses an option named like a property every object has', () => {
    const parsed = parseRoutingAction(JSON.parse('{"type": "tag", "tags": ["a"], "constructor": 1}'), '');
    assert.equal(parsed.ok, false);
    if (!parsed.ok) assert.deepEqual(parsed.problems.map((p) => p.pointer), ['/constructor']);
  });

  it('accepts a kept secret and a sealed one, and refuses a secret map with a bad header name', () => {
    assert.ok(parseRoutingAction({ type: 'webhook', url: 'https://x.example', secret: { set: true }, headers: { 'X-Key': { sealed: 's' } } }, '').ok);
    const bad = parseRoutingAction({ type: 'webhook', url: 'https://x.example', secret: 's', headers: { 'bad header': 'v' } }, '');
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.equal(bad.problems[0]?.pointer, '/headers');
  });
});

describe('fieldsReadByRule', () => {
  it('reads the answer fields the registry marks: templates, copy sources and the slot field with its default', () => {
    const parsed = parseRoutingRule({ name: 'r', when: { field: 'budget', gt: 1 }, actions: [MINIMAL.slack, { type: 'ticket', queue: 'q', title: '{{ name }} wants {{plan.tier}}' }, MINIMAL.set_fields, MINIMAL.book_slot, MINIMAL.webhook] });
    assert.ok(parsed.ok);
    assert.deepEqual(fieldsReadByRule(parsed.rule), [
      { field: 'budget', by: 'condition' },
      { field: 'email', by: 'connector', connector: 'slack' },
      { field: 'name', by: 'connector', connector: 'ticket' },
      { field: 'plan.tier', by: 'connector', connector: 'ticket' },
      { field: 'address.city', by: 'connector', connector: 'set_fields' },
      { field: 'slot', by: 'connector', connector: 'book_slot' },
    ]);
  });
});
