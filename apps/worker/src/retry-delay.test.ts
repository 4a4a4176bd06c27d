import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryDelayMs } from './retry-delay.js';

describe('retryDelayMs', () => {
  it('doubles per attempt with jitter between half and the whole step', () => {
    const options = { baseMs: 1000, maxMs: 60_000 };
    assert.deepEqual([1, 2, 3, 4].map((a) => retryDelayMs(a, () => 0, options)), [500, 1000, 2000, 4000]);
    assert.deepEqual([1, 2, 3, 4].map((a) => retryDelayMs(a, () => 0.999999, options)), [1000, 2000, 4000, 8000]);
  });
  it('never exceeds the maximum', () => {
    assert.equal(retryDelayMs(40, () => 0.999999, { baseMs: 1000, maxMs: 60_000 }), 60_000);
  });
});
