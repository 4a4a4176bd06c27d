import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareArms, formatDuration, type ArmOutcomes } from './compare-arms.js';

function arm(key: string, sent: number, completed: number, extra: Partial<ArmOutcomes> = {}): ArmOutcomes {
  return { key, label: key, sent, opened: completed, completed, completionTimesMs: [], resolutionTimesMs: [], dropOffs: {}, outcomes: {}, ...extra };
}

test('names the arm that completes more often, with the interval of the difference in points', () => {
  const result = compareArms([arm('A', 1000, 330), arm('B', 1000, 410)]);
  assert.equal(result.verdict.kind, 'clear-difference');
  // B − A = 8 points; Newcombe's 95 % interval is 3.7 to 12.2 points.
  assert.equal(result.verdict.text, 'B completes more often: 41 % vs 33 %, 95 % CI of the difference 4–12 points.');
  const [versus] = result.versusControl;
  assert.ok(versus !== undefined && versus.completion.clear && Math.abs(versus.completion.difference - 0.08) < 1e-12);
});

test('names the control when the other arm does worse, with the difference turned positive', () => {
  const result = compareArms([arm('A', 1000, 410), arm('B', 1000, 330)]);
  assert.equal(result.verdict.text, 'A completes more often: 41 % vs 33 %, 95 % CI of the difference 4–12 points.');
});

test('says there is no clear difference when the interval covers zero', () => {
  const result = compareArms([arm('A', 200, 70), arm('B', 200, 76)]);
  assert.equal(result.verdict.kind, 'no-clear-difference');
  assert.match(result.verdict.text, /^No clear difference in completion yet: B 38 % vs A 35 %, 95 % CI of the difference −6 to 12 points\.$/);
});

test('says "not enough data yet" below the minimum per arm, naming the short arms', () => {
  const result = compareArms([arm('A', 12, 3), arm('B', 40, 30)]);
  assert.equal(result.verdict.kind, 'not-enough-data');
  assert.match(result.verdict.text, /Not enough data yet: each arm needs at least 30 sent messages \(A has 12\)/);
  assert.equal(compareArms([arm('A', 100, 3)]).verdict.kind, 'not-enough-data');
});

test('adjusts the confidence of each comparison when there are more than two arms', () => {
  const result = compareArms([arm('A', 1000, 330), arm('B', 1000, 410), arm('C', 1000, 340)]);
  assert.ok(Math.abs(result.pairwiseConfidence - 0.975) < 1e-12);
  assert.match(result.verdict.text, /^B completes more often: 41 % vs 33 %, 97\.5 % CI/);
});

test('compares times to complete with Mann–Whitney and names the faster arm', () => {
  const slow = Array.from({ length: 40 }, (_, i) => 180_000 + i * 1000);
  const fast = Array.from({ length: 40 }, (_, i) => 120_000 + i * 1000);
  const result = compareArms([arm('A', 100, 40, { completionTimesMs: slow }), arm('B', 100, 40, { completionTimesMs: fast })]);
  assert.equal(result.timeVerdict.kind, 'clear-difference');
  assert.equal(result.timeVerdict.text, 'B is completed faster: median 2 min 20 s vs 3 min 20 s (Mann–Whitney p < 0.001).');
  const few = compareArms([arm('A', 100, 3, { completionTimesMs: [1, 2, 3] }), arm('B', 100, 3, { completionTimesMs: [4, 5, 6] })]);
  assert.equal(few.timeVerdict.kind, 'not-enough-data');
});

test('reports drop-off screens and routed outcomes as shares with intervals', () => {
  const result = compareArms([arm('A', 100, 40, { dropOffs: { DETAILS: 15, START: 5 }, outcomes: { booking: 30, ticket: 10 } }), arm('B', 100, 50)]);
  const [a] = result.arms;
  assert.deepEqual(a?.dropOffs.map((s) => [s.name, s.count, s.share]), [['DETAILS', 15, 0.75], ['START', 5, 0.25]]);
  assert.deepEqual(a?.outcomes.map((s) => [s.name, s.share]), [['booking', 0.75], ['ticket', 0.25]]);
  assert.ok((a?.outcomes[0]?.interval.lower ?? 1) < 0.75 && (a?.outcomes[0]?.interval.upper ?? 0) > 0.75);
});

test('formats durations for people', () => {
  assert.equal(formatDuration(45_000), '45 s');
  assert.equal(formatDuration(185_000), '3 min 5 s');
  assert.equal(formatDuration(7_800_000), '2 h 10 min');
});
