import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { runWithDeadline } from './run-with-deadline.js';

describe('runWithDeadline', () => {
  it('returns the value of synchronous and asynchronous work', async () => {
    assert.deepEqual(await runWithDeadline(() => 42, 50), { kind: 'value', value: 42 });
    assert.deepEqual(await runWithDeadline(async () => 'later', 50), { kind: 'value', value: 'later' });
  });

  it('reports a synchronous throw and a rejection without throwing', async () => {
    const boom = new Error('boom');
    assert.deepEqual(await runWithDeadline(() => {
      throw boom;
    }, 50), { kind: 'threw', error: boom });
    assert.deepEqual(await runWithDeadline(() => Promise.reject(boom), 50), { kind: 'threw', error: boom });
  });

  it('times out slow work, aborts its signal and drops its late result', async () => {
    let signal: AbortSignal | undefined;
    const started = performance.now();
    const outcome = await runWithDeadline(async (s) => {
      signal = s();
      await sleep(200);
      throw new Error('late rejection is swallowed');
    }, 30);
    assert.deepEqual(outcome, { kind: 'timeout' });
    assert.ok(performance.now() - started < 150, 'answered at the deadline, not when the work ended');
    assert.equal(signal?.aborted, true);
    await sleep(200);
  });

  it('keeps every deadline when many calls share the timer: the slow ones time out, the fast ones do not', async () => {
    const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => runWithDeadline(async (signal) => {
      await sleep(i % 2 === 0 ? 5 : 150);
      return signal().aborted ? 'aborted' : i;
    }, 60)));
    outcomes.forEach((outcome, i) => {
      if (i % 2 === 0) assert.deepEqual(outcome, { kind: 'value', value: i });
      else assert.deepEqual(outcome, { kind: 'timeout' });
    });
  });

  it('makes no signal unless asked, and one asked for after the deadline is already aborted', async () => {
    let late: (() => AbortSignal) | undefined;
    const outcome = await runWithDeadline(async (signal) => {
      late = signal;
      await sleep(80);
      return 'late';
    }, 20);
    assert.deepEqual(outcome, { kind: 'timeout' });
    assert.equal(late?.().aborted, true);
    assert.equal(late?.(), late?.(), 'the same signal every time');
    await sleep(100);
  });

  it('applies different timeouts independently', async () => {
    const [short, long] = await Promise.all([
      runWithDeadline(() => sleep(80).then(() => 'short'), 20),
      runWithDeadline(() => sleep(80).then(() => 'long'), 500),
    ]);
    assert.deepEqual(short, { kind: 'timeout' });
    assert.deepEqual(long, { kind: 'value', value: 'long' });
  });

  it('sets deadlines from each call\'s own start, also after earlier calls finished', async () => {
    assert.deepEqual(await runWithDeadline(() => sleep(5).then(() => 1), 40), { kind: 'value', value: 1 });
    await sleep(60);
    // Had the shared timer kept the first call's deadline, this call would time out early.
    assert.deepEqual(await runWithDeadline(() => sleep(20).then(() => 2), 40), { kind: 'value', value: 2 });
  });
});
