import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignArm, seededUniform } from './assign-arm.js';

test('puts the same recipient in the same arm for the same seed', () => {
  const arms = [{ key: 'A', weight: 1 }, { key: 'B', weight: 1 }];
  for (let i = 0; i < 100; i++) assert.equal(assignArm('seed-1', `contact-${i}`, arms), assignArm('seed-1', `contact-${i}`, arms));
  const differs = Array.from({ length: 100 }, (_, i) => assignArm('seed-1', `c${i}`, arms) !== assignArm('seed-2', `c${i}`, arms)).filter(Boolean).length;
  assert.ok(differs > 20, 'another seed makes another split');
});

test('splits in the proportions of the weights (within 4 standard errors over 20,000 recipients)', () => {
  const arms = [{ key: 'A', weight: 1 }, { key: 'B', weight: 3 }];
  let b = 0;
  const n = 20_000;
  for (let i = 0; i < n; i++) if (assignArm('split', `+3460000${i}`, arms) === 'B') b++;
  const se = Math.sqrt((0.75 * 0.25) / n);
  assert.ok(Math.abs(b / n - 0.75) < 4 * se, `${b / n}`);
});

test('draws uniformly in [0, 1)', () => {
  const buckets = new Array<number>(10).fill(0);
  for (let i = 0; i < 10_000; i++) {
    const u = seededUniform('s', String(i));
    assert.ok(u >= 0 && u < 1);
    buckets[Math.floor(u * 10)] = (buckets[Math.floor(u * 10)] ?? 0) + 1;
  }
  // Chi-square with 9 degrees of freedom: 27.88 is the 0.999 quantile.
  const chi = buckets.reduce((sum, c) => sum + (c - 1000) ** 2 / 1000, 0);
  assert.ok(chi < 27.88, `chi-square ${chi}`);
});

test('refuses an empty split or a weight that is not positive', () => {
  assert.throws(() => assignArm('s', 'x', []), RangeError);
  assert.throws(() => assignArm('s', 'x', [{ key: 'A', weight: 0 }]), RangeError);
});
