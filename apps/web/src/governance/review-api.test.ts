import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toAuditRow, toReview } from './review-api.js';

test('toReview reads the report: breaking contract changes name the rules reading them', () => {
  const review = toReview({
    version: 2, state: 'in_review', author: 'token:dee', submittedBy: 'token:dee', base: 1,
    settings: { reviewRequired: true, approvalsRequired: 1 },
    approvals: [], events: [{ kind: 'submit', actor: 'token:dee', role: 'designer', body: null, at: 5 }],
    contract: {
      changes: [{ kind: 'removed', path: 'urgency', type: 'string' }, { kind: 'added', path: 'email', type: 'string' }],
      breaking: [{ change: { kind: 'removed', path: 'urgency' }, readers: [{ ruleName: 'Urgent leads', read: { by: 'condition' } }] }],
    },
    routing: { changes: [{ actor: 'token:dee', at: 9, before: [{ name: 'Urgent leads' }], after: [{ name: 'Every lead' }] }] },
    scenarios: {
      version: 2, total: 2, passed: 1, failed: 1,
      results: [
        { name: 'a lead completes', passed: true, steps: 3, failure: null, transcript: ['screen LEAD'] },
        { name: 'urgent leads', passed: false, steps: 0, failure: { step: 1, stepJson: '{"fill":{"urgency":"high"}}', message: 'nothing named "urgency"' }, transcript: ['screen LEAD', 7] },
      ],
    },
    can: { approve: true, comment: true },
  });
  assert.ok(review);
  assert.deepEqual(review.contract, [
    { text: 'removed urgency (string)', breaking: true, readers: ['Urgent leads (condition)'] },
    { text: 'added email (string)', breaking: false, readers: [] },
  ]);
  assert.deepEqual(review.routingChanges[0]?.after, ['Every lead']);
  assert.deepEqual([review.can.approve, review.can.publish], [true, false]);
  assert.deepEqual([review.scenarios.total, review.scenarios.passed, review.scenarios.failed], [2, 1, 1]);
  assert.deepEqual(review.scenarios.results[1], { name: 'urgent leads', passed: false, step: 1, stepJson: '{"fill":{"urgency":"high"}}', message: 'nothing named "urgency"', transcript: ['screen LEAD'] });
  assert.deepEqual(review.scenarios.results[0]?.message, undefined);
  assert.equal(toReview({ state: 'x' }), undefined);
  assert.deepEqual(toReview({ version: 1 })?.scenarios, { total: 0, passed: 0, failed: 0, results: [] }, 'no scenarios read as none');
});

test('toAuditRow shortens long before/after values', () => {
  const row = toAuditRow({ id: 'a', at: 1, actor: 'token:x', action: 'routing.replace', targetType: 'flow', targetId: 'lead', before: { rules: 'x'.repeat(300) } });
  assert.equal(row?.target, 'flow lead');
  assert.ok((row?.before?.length ?? 0) <= 160);
  assert.equal(row?.after, undefined);
});
