import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toComparison, toPercent, toPoints, toProgress } from './campaign-views.js';

test('reads the comparison the API serves, ignoring what is not of its shape', () => {
  const view = toComparison({
    confidence: 0.95,
    verdict: { kind: 'clear-difference', text: 'B completes more often' },
    arms: [{ key: 'A', label: 'A', sent: 100, completed: 33, completionRate: 0.33, completionInterval: { lower: 0.25, upper: 0.43 }, dropOffs: [{ name: 'DETAILS', count: 4, share: 1 }], outcomes: 'nope' }, 'junk'],
    versusControl: [{ key: 'B', completion: { difference: 0.08, lower: 0.03, upper: 0.13, clear: true }, completionTime: { pValue: 0.2 } }],
  });
  assert.equal(view.arms.length, 1);
  assert.deepEqual(view.arms[0]?.interval, { lower: 0.25, upper: 0.43 });
  assert.deepEqual(view.arms[0]?.outcomes, []);
  assert.deepEqual(view.versusControl[0], { key: 'B', difference: 0.08, lower: 0.03, upper: 0.13, clear: true, timeP: 0.2 });
  assert.equal(view.timeVerdict.text, '');
});

test('reads progress counts and formats percentages and points', () => {
  const progress = toProgress({ totals: { sent: 5, queued: 'x' }, arms: [{ key: 'A', label: 'Arm A', sent: 5 }], failures: [{ code: 131026, reason: 'undeliverable', count: 2 }], actionsByKind: [{ kind: 'ticket', count: 3 }, 'junk'] });
  assert.deepEqual(progress.totals, { sent: 5 });
  assert.deepEqual(progress.actionsByKind, [{ kind: 'ticket', count: 3 }]);
  assert.equal(progress.arms[0]?.counts['sent'], 5);
  assert.equal(progress.failures[0]?.code, 131026);
  assert.equal(toPercent(0.414), '41 %');
  assert.equal(toPoints(-0.021, 0.127), '−2 to 13 points');
});
