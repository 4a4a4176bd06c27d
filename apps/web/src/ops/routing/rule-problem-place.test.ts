import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newRuleDraft } from './rule-draft.js';
import { toProblemPlace } from './rule-problem-place.js';

const draft = { ...newRuleDraft('r', 'Rule 1'), actions: [{ type: 'ticket' as const, options: {} }, { type: 'tag' as const, options: {} }] };

test('names the part of the rule form a problem is in, not its JSON pointer', () => {
  assert.equal(toProblemPlace('/when/all/0/field', draft), 'Condition 1 · Field');
  assert.equal(toProblemPlace('/when/any/2/gte', draft), 'Condition 3 · Value');
  assert.equal(toProblemPlace('/when/all/1', draft), 'Condition 2');
  assert.equal(toProblemPlace('/when/field', draft), 'Condition 1 · Field');
  assert.equal(toProblemPlace('/when', draft), 'Condition 1');
  assert.equal(toProblemPlace('/actions/1/tags', draft), 'Action 2 (tag) · tags');
  assert.equal(toProblemPlace('/actions/0', draft), 'Action 1 (ticket)');
  assert.equal(toProblemPlace('/name', draft), 'Rule name');
  assert.equal(toProblemPlace('', draft), 'This rule');
  for (const pointer of ['/when/all/0/field', '/actions/1/tags', '/when']) assert.doesNotMatch(toProblemPlace(pointer, draft), /\//);
});
