import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRelative } from './relative-time.js';

const NOW = Date.UTC(2026, 0, 10, 12, 0, 0);

test('words a past moment as "… ago" and a future one as "in …"', () => {
  assert.equal(formatRelative(NOW - 3 * 60_000, NOW), '3 min ago');
  assert.equal(formatRelative(NOW + 3 * 60_000, NOW), 'in 3 min');
  assert.equal(formatRelative(NOW - 45_000, NOW), '45 s ago');
  assert.equal(formatRelative(NOW + 45_000, NOW), 'in 45 s');
  assert.equal(formatRelative(NOW - 5 * 3_600_000, NOW), '5 h ago');
  assert.equal(formatRelative(NOW + 2 * 86_400_000, NOW), 'in 2 d');
});

test('words a moment within half a second of now as "now"', () => {
  assert.equal(formatRelative(NOW, NOW), 'now');
  assert.equal(formatRelative(NOW + 400, NOW), 'now');
});
