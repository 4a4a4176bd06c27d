import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FLOW_ID_PATTERN } from '../views/vocabulary.js';
import { addVersionBody, createFlowBody } from './flow-requests.js';

test('a Flow id is a lower-case slug of at most 64 characters', () => {
  const id = new RegExp(FLOW_ID_PATTERN);
  assert.deepEqual(['support-triage', 'a', 'x'.repeat(64), 'Support', '-a', 'x'.repeat(65)].map((v) => id.test(v)), [true, true, true, false, false, false]);
});

test('creating a Flow takes an id and a name, and Flow JSON as text or as an object', () => {
  assert.deepEqual(createFlowBody.parse({ id: 'f', name: 'F', flowJson: { version: '7.2' } }), { ok: true, value: { id: 'f', name: 'F', flowJson: { version: '7.2' } } });
  assert.deepEqual(createFlowBody.parse({ id: 'F!', name: '' }), {
    ok: false,
    issues: [{ pointer: '/id', message: `must match ${FLOW_ID_PATTERN}` }, { pointer: '/name', message: 'must be at least 1 characters' }],
  });
  assert.deepEqual(addVersionBody.parse({}), { ok: false, issues: [{ pointer: '/flowJson', message: 'is required' }] });
});
