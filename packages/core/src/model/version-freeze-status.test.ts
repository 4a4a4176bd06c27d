import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findVersionFreezeStatus } from './version-freeze-status.js';

test('a version frozen before the given day is frozen, with its date', () => {
  assert.deepEqual(findVersionFreezeStatus('3.0', new Date('2026-01-01T00:00:00Z')), { kind: 'frozen', version: '3.0', frozenOn: '2025-04-08' });
});

test('before its freeze date a version with an announced freeze is freezing, with the days left', () => {
  assert.deepEqual(findVersionFreezeStatus('5.0', new Date('2025-09-09T00:00:00Z')), { kind: 'freezing', version: '5.0', frozenOn: '2025-09-10', daysLeft: 1 });
});

test('without a clock a version marked frozen counts as frozen', () => {
  assert.equal(findVersionFreezeStatus('2.1')?.kind, 'frozen');
});

test('publishable and unknown versions have no freeze status', () => {
  assert.equal(findVersionFreezeStatus('7.3', new Date('2026-01-01T00:00:00Z')), undefined);
  assert.equal(findVersionFreezeStatus('9.9', new Date('2026-01-01T00:00:00Z')), undefined);
});
