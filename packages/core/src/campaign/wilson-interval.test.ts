import { test } from 'node:test';
import assert from 'node:assert/strict';
import { differenceInterval } from './difference-interval.js';
import { normalQuantile, zForConfidence } from './normal-distribution.js';
import { wilsonInterval } from './wilson-interval.js';

const near = (actual: number, expected: number, places: number, label: string) =>
  assert.ok(Math.abs(actual - expected) < 0.5 * 10 ** -places, `${label}: ${actual} is not ${expected} to ${places} places`);

test('matches the Wilson score intervals published by Newcombe (1998), Table I, method 3', () => {
  // R. G. Newcombe, "Two-sided confidence intervals for the single proportion: comparison of seven
  // methods", Statistics in Medicine 17 (1998) 857–872, Table I (score method without continuity correction);
  // the first row is also the worked example of Wikipedia's "Binomial proportion confidence interval".
  const table: readonly [number, number, number, number][] = [
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ];
  for (const [x, n, lower, upper] of table) {
    const interval = wilsonInterval(x, n);
    near(interval.lower, lower, 4, `${x}/${n} lower`);
    near(interval.upper, upper, 4, `${x}/${n} upper`);
  }
});

test('matches the differences of proportions published by Newcombe (1998), Table II, method 10', () => {
  // R. G. Newcombe, "Interval estimation for the difference between independent proportions: comparison of
  // eleven methods", Statistics in Medicine 17 (1998) 873–890, Table II, method 10 (hybrid score, no correction).
  const table: readonly [number, number, number, number, number, number][] = [
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
    [10, 10, 0, 10, 0.6075, 1],
  ];
  for (const [a, m, b, n, lower, upper] of table) {
    const d = differenceInterval(a, m, b, n);
    near(d.difference, a / m - b / n, 12, `${a}/${m} − ${b}/${n} difference`);
    near(d.lower, lower, 4, `${a}/${m} − ${b}/${n} lower`);
    near(d.upper, upper, 4, `${a}/${m} − ${b}/${n} upper`);
  }
});

test('the normal quantiles are the textbook critical values', () => {
  near(zForConfidence(0.95), 1.959964, 6, 'z 95 %');
  near(zForConfidence(0.99), 2.575829, 6, 'z 99 %');
  near(zForConfidence(0.9), 1.644854, 6, 'z 90 %');
  near(normalQuantile(0.001), -3.090232, 5, 'z 0.001');
});

test('a wider confidence gives a wider interval, and no trials say nothing', () => {
  const narrow = wilsonInterval(40, 100, 0.9);
  const wide = wilsonInterval(40, 100, 0.99);
  assert.ok(wide.lower < narrow.lower && wide.upper > narrow.upper);
  assert.deepEqual(wilsonInterval(0, 0), { lower: 0, upper: 1 });
  assert.deepEqual(wilsonInterval(29, 29).upper, 1);
});

test('refuses counts that are not counts', () => {
  assert.throws(() => wilsonInterval(5, 4), RangeError);
  assert.throws(() => wilsonInterval(-1, 4), RangeError);
  assert.throws(() => wilsonInterval(1.5, 4), RangeError);
  assert.throws(() => zForConfidence(1), RangeError);
});
