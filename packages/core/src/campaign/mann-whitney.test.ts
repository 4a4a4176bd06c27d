import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mannWhitneyU, median } from './mann-whitney.js';

const near = (actual: number, expected: number, places: number, label: string) =>
  assert.ok(Math.abs(actual - expected) < 0.5 * 10 ** -places, `${label}: ${actual} is not ${expected} to ${places} places`);

test('matches the example of R\'s wilcox.test documentation (Hollander & Wolfe 1973, p. 69)', () => {
  // R documentation of wilcox.test, the "permeability constants" example: W = 35. The two-sided p-value of the
  // normal approximation with continuity correction, wilcox.test(x, y, exact = FALSE), is 0.2446
  // (the same as scipy.stats.mannwhitneyu(x, y, method="asymptotic")).
  const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
  const y = [1.15, 0.88, 0.9, 0.74, 1.21];
  const result = mannWhitneyU(x, y);
  assert.equal(result.u, 35);
  near(result.pValue, 0.2446, 4, 'p with correction');
  near(mannWhitneyU(x, y, { continuityCorrection: false }).pValue, 0.2207, 4, 'p without correction');
  assert.equal(result.probabilityGreater, 0.7);
});

test('corrects the variance for ties', () => {
  // Midranks and the tie-corrected variance; p-values as scipy.stats.mannwhitneyu(a, b, method="asymptotic")
  // and R's wilcox.test(a, b, exact = FALSE) report them (0.006373 corrected, 0.005492 without correction).
  const a = [1, 2, 2, 3, 3, 3, 4, 5];
  const b = [3, 4, 4, 5, 5, 6, 7, 7, 8];
  const result = mannWhitneyU(a, b);
  assert.equal(result.u, 7.5);
  near(result.pValue, 0.006373, 6, 'p with correction');
  near(mannWhitneyU(a, b, { continuityCorrection: false }).pValue, 0.005492, 6, 'p without correction');
  assert.ok(result.z < 0, 'the first sample is smaller');
});

test('swapping the samples mirrors U and keeps the p-value', () => {
  const a = [5, 9, 12, 40, 41];
  const b = [3, 4, 8, 10];
  const ab = mannWhitneyU(a, b);
  const ba = mannWhitneyU(b, a);
  assert.equal(ab.u + ba.u, a.length * b.length);
  near(ab.pValue, ba.pValue, 12, 'p');
});

test('says nothing with an empty sample or when everything ties', () => {
  assert.equal(mannWhitneyU([], [1, 2]).pValue, 1);
  assert.equal(mannWhitneyU([2, 2], [2, 2, 2]).pValue, 1);
  assert.throws(() => mannWhitneyU([Number.NaN], [1]), RangeError);
});

test('medians of odd and even samples', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([]), undefined);
});
