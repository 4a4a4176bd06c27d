import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRoutingRule } from '../routing/parse-routing-rule.js';
import { fieldsReadByRule } from '../routing/fields-read-by-rule.js';
import { deriveAnswerContract } from './derive-answer-contract.js';
import { breakingChanges, contractFields, diffAnswerContracts } from './diff-answer-contracts.js';

/** A one-screen Flow whose completion carries the given payload, with a TextInput per form field. */
function flowCompleting(payload: Record<string, unknown>, inputs: Record<string, 'text' | 'number'>): unknown {
  return {
    version: '7.3',
    screens: [{
      id: 'ONLY', title: 'Only', terminal: true,
      layout: { type: 'SingleColumnLayout', children: [
        ...Object.entries(inputs).map(([name, kind]) => ({ type: 'TextInput', name, label: name, 'input-type': kind, required: true })),
        { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload } },
      ] },
    }],
  };
}

test('contractFields lists the completion fields with their types, without flow_token', () => {
  const fields = contractFields(deriveAnswerContract(flowCompleting({ name: '${form.name}', age: '${form.age}' }, { name: 'text', age: 'number' })));
  assert.deepEqual(fields.map((f) => f.path).sort(), ['age', 'name']);
  assert.ok(fields.every((f) => f.type !== 'any'), JSON.stringify(fields));
});

test('diffAnswerContracts reports added, removed, renamed and type-changed fields', () => {
  const before = deriveAnswerContract(flowCompleting({ name: '${form.name}', urgency: '${form.urgency}', age: '${form.age}' }, { name: 'text', urgency: 'text', age: 'number' }));
  const dropped = deriveAnswerContract(flowCompleting({ name: '${form.name}', age: '${form.age}' }, { name: 'text', age: 'number' }));
  assert.deepEqual(diffAnswerContracts(before, dropped).map((c) => `${c.kind} ${c.path}`), ['removed urgency']);
  const renamed = deriveAnswerContract(flowCompleting({ full_name: '${form.name}', urgency: '${form.urgency}', age: '${form.age}' }, { name: 'text', urgency: 'text', age: 'number' }));
  // Two string fields compete (name and urgency are both strings), but only name is gone: a rename.
  assert.deepEqual(diffAnswerContracts(before, renamed).map((c) => c.kind === 'renamed' ? `renamed ${c.path}→${c.to}` : `${c.kind} ${c.path}`), ['renamed name→full_name']);
  const counted = deriveAnswerContract(flowCompleting({ count: 1 }, {}));
  const changes = diffAnswerContracts(counted, deriveAnswerContract(flowCompleting({ count: true }, {})));
  assert.equal(changes.length, 1);
  assert.equal(changes[0]?.kind, 'type_changed');
  const grown = deriveAnswerContract(flowCompleting({ name: '${form.name}', urgency: '${form.urgency}', age: '${form.age}', note: 'x' }, { name: 'text', urgency: 'text', age: 'number' }));
  assert.deepEqual(diffAnswerContracts(before, grown).map((c) => `${c.kind} ${c.path}`), ['added note']);
  assert.deepEqual(diffAnswerContracts(before, before), []);
});

test('fieldsReadByRule finds condition fields and connector fields; breakingChanges flags the rules reading a dropped field', () => {
  const parsed = parseRoutingRule({
    id: 'r1', name: 'Urgent', when: { any: [{ field: 'urgency', equals: 'high' }, { field: '$contact.tags', contains: 'vip' }] },
    actions: [{ type: 'slack', url: 'https://hooks.example/x', text: 'From {{name}} ({{ address.city }})' }, { type: 'set_fields', copy: { phone: 'contact_phone' } }],
  });
  assert.ok(parsed.ok);
  const reads = fieldsReadByRule(parsed.rule);
  assert.deepEqual(reads.map((r) => `${r.by}:${r.field}`).sort(), ['condition:urgency', 'connector:address.city', 'connector:contact_phone', 'connector:name']);
  const rules = [{ ruleId: 'r1', ruleName: 'Urgent', reads }];
  const broken = breakingChanges([
    { kind: 'removed', path: 'urgency', type: 'string' },
    { kind: 'added', path: 'note', type: 'string' },
    { kind: 'removed', path: 'address', type: 'object' },
    { kind: 'removed', path: 'unrelated', type: 'string' },
  ], rules);
  assert.deepEqual(broken.map((b) => b.change.path), ['urgency', 'address']);
  assert.equal(broken[0]?.readers[0]?.ruleName, 'Urgent');
});
