import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelayMs, DEFAULT_BACKOFF, NO_JITTER } from './backoff-delay.js';

describe('backoffDelayMs', () => {
  it('doubles per attempt with jitter between half and the whole step', () => {
    const options = { baseMs: 1000, maxMs: 60_000 };
    assert.deepEqual([1, 2, 3, 4].map((a) => backoffDelayMs(a, () => 0, options)), [500, 1000, 2000, 4000]);
    assert.deepEqual([1, 2, 3, 4].map((a) => backoffDelayMs(a, () => 0.999999, options)), [1000, 2000, 4000, 8000]);
  });
  it('never exceeds the maximum', () => {
    assert.equal(backoffDelayMs(40, () => 0.999999, { baseMs: 1000, maxMs: 60_000 }), 60_000);
  });
  it('waits the whole step with NO_JITTER: 2 s doubling up to an hour by default', () => {
    assert.deepEqual([1, 2, 3, 12, 13, 40].map((a) => backoffDelayMs(a, NO_JITTER)), [2000, 4000, 8000, 3_600_000, 3_600_000, 3_600_000]);
    assert.deepEqual(DEFAULT_BACKOFF, { baseMs: 2000, maxMs: 3_600_000 });
  });
  it('keeps a random() outside [0, 1] inside the step', () => {
    assert.equal(backoffDelayMs(1, () => -3), 1000);
    assert.equal(backoffDelayMs(1, () => 7), 2000);
  });
});
