import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId, newSecret } from './new-id.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('row ids are version 7 UUIDs that carry their millisecond and sort by it', () => {
  const at = Date.parse('2026-11-22T04:00:00.123Z');
  const id = newId(at);
  assert.match(id, UUID_V7);
  assert.equal(parseInt(id.replace(/-/g, '').slice(0, 12), 16), at);
  const ids = [newId(at + 5), newId(at), newId(at + 1000), newId(at - 1)];
  assert.deepEqual([...ids].sort(), [ids[3], ids[1], ids[0], ids[2]]);
});

test('row ids made in the same millisecond differ', () => {
  const at = Date.now();
  const ids = new Set(Array.from({ length: 10_000 }, () => newId(at)));
  assert.equal(ids.size, 10_000);
  for (const id of ids) assert.match(id, UUID_V7);
});

test('row ids made one after another in the same millisecond sort in the order they were made', () => {
  const at = Date.parse('2026-11-22T04:00:00.123Z');
  const ids = Array.from({ length: 1000 }, () => newId(at));
  assert.deepEqual([...ids].sort(), ids);
  for (const id of ids) assert.equal(parseInt(id.replace(/-/g, '').slice(0, 12), 16), at);
});

test('secrets are URL-safe with the requested entropy', () => {
  assert.match(newSecret(), /^[A-Za-z0-9_-]{32}$/);
  assert.notEqual(newSecret(), newSecret());
});
