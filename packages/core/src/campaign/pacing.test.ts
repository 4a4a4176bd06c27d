import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifySendFailure } from './classify-send-failure.js';
import { slotSlack, slowDown, speedUp, startPacing, takeSlot, type PacingState } from './pacing.js';

/** Takes slots as a busy dispatcher would, at the given call times; returns the start times. */
function run(state: PacingState, calls: readonly number[]): number[] {
  const out: number[] = [];
  let s = state;
  for (const now of calls) {
    const slot = takeSlot(s, Math.max(now, out[out.length - 1] ?? 0));
    out.push(slot.at);
    s = slot.state;
  }
  return out;
}

function maxInAnySecond(times: readonly number[]): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while ((times[i] ?? 0) - (times[j] ?? 0) >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

test('spaces sends 1/rate apart and never puts more than rate + slack + 1 in any second (within 5 %)', () => {
  const eager = run(startPacing(80, 0), new Array<number>(800).fill(0));
  assert.equal(eager[799], 799 * 12.5);
  assert.ok(maxInAnySecond(eager) <= 81);
  // A late, jittery caller uses at most `slotSlack` missed slots: it catches up a little, never saves up.
  for (const rate of [80, 250, 1000]) {
    const interval = 1000 / rate;
    const jittery = run(startPacing(rate, 0), Array.from({ length: rate * 20 }, (_, i) => i * interval * 0.9 + (i % 7 === 0 ? 300 : 0)));
    const peak = maxInAnySecond(jittery);
    assert.ok(peak <= rate + slotSlack(rate) + 1 && peak <= rate * 1.05, `${rate}/s: ${peak}`);
  }
  assert.deepEqual([slotSlack(80), slotSlack(1000)], [1, 20]);
});

test('a sender that pauses between batches still keeps the rate', () => {
  // Batches of 20 at 80/s with 20 ms of work (claiming the next batch) before each: slots lost only past the slack.
  let s = startPacing(80, 0);
  let now = 0;
  const times: number[] = [];
  for (let batch = 0; batch < 40; batch++) {
    now += 20;
    for (let i = 0; i < 20; i++) {
      const slot = takeSlot(s, now);
      s = slot.state;
      now = slot.at;
      times.push(now);
    }
  }
  const rate = (times.length - 1) / (((times[times.length - 1] ?? 0) - (times[0] ?? 0)) / 1000);
  assert.ok(rate > 79 && rate <= 80.5, `${rate}/s`);
});

test('halves the rate and pauses after a throughput error, then recovers to the ceiling', () => {
  let s = startPacing(80, 0);
  s = slowDown(s, 1000, 500);
  assert.equal(s.rate, 40);
  assert.equal(takeSlot(s, 1000).at, 1500);
  assert.equal(slowDown(s, 1200).rate, 40, 'errors of sends in flight during the pause count once');
  for (let i = 0; i < 5; i++) s = slowDown(s, 2000 + i * 2000);
  assert.equal(s.rate, 1.25);
  for (let i = 0; i < 200; i++) s = speedUp(s);
  assert.equal(s.rate, 80);
  assert.throws(() => startPacing(1001, 0), RangeError);
  assert.throws(() => startPacing(0, 0), RangeError);
});

test('slows down on 130429 and 131056, fails 131026 and 131047, stops on a paused template', () => {
  assert.equal(classifySendFailure(400, 130429).kind, 'slow-down');
  assert.equal(classifySendFailure(400, 131056).kind, 'slow-down');
  assert.equal(classifySendFailure(400, 131026).kind, 'fail-recipient');
  assert.equal(classifySendFailure(400, 131047).kind, 'fail-recipient');
  assert.deepEqual(classifySendFailure(400, 132015), { kind: 'stop-campaign', status: 'template-paused' });
  assert.deepEqual(classifySendFailure(400, 131048), { kind: 'stop-campaign', status: 'quality-limited' });
  assert.deepEqual(classifySendFailure(401, 190), { kind: 'stop-campaign', status: 'account-blocked' });
  assert.equal(classifySendFailure(500, 131000).kind, 'retry');
  assert.equal(classifySendFailure(503, undefined).kind, 'retry');
  assert.equal(classifySendFailure(0, undefined).kind, 'unknown-outcome', 'no answer: Meta may have accepted it');
});
