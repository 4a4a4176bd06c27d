import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeNextAttempt } from './next-attempt.js';

const NOW = Date.UTC(2026, 0, 10, 12, 0, 0);

test('a delivered delivery has no next attempt, whenever its last attempt was', () => {
  assert.equal(describeNextAttempt({ status: 'delivered', nextAttemptAt: NOW - 3 * 60_000 }, NOW), 'none (delivered)');
  assert.equal(describeNextAttempt({ status: 'dead', nextAttemptAt: NOW - 60_000 }, NOW), 'none (dead letter; retry by hand)');
  assert.equal(describeNextAttempt({ status: 'delivering', nextAttemptAt: NOW - 60_000 }, NOW), 'in progress');
});

test('a pending or failed delivery is due now, or due in the future in words', () => {
  assert.equal(describeNextAttempt({ status: 'failed', nextAttemptAt: NOW + 90_000 }, NOW), 'in 2 min');
  assert.equal(describeNextAttempt({ status: 'pending', nextAttemptAt: NOW - 10_000 }, NOW), 'due now');
  assert.equal(describeNextAttempt({ status: 'failed', nextAttemptAt: NOW + 30_000 }, NOW), 'in 30 s');
});
