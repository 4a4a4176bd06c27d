import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findSubsetMismatch } from './find-subset-mismatch.js';

describe('findSubsetMismatch', () => {
  it('accepts extra keys in objects at any depth', () => {
    assert.equal(findSubsetMismatch({ a: 1, b: { c: 'x' } }, { a: 1, z: 2, b: { c: 'x', d: [] } }), undefined);
  });

  it('names the path of the first differing value', () => {
    assert.deepEqual(findSubsetMismatch({ b: { c: 'x' } }, { b: { c: 'y' } }), { path: 'b.c', expected: 'x', actual: 'y' });
    assert.deepEqual(findSubsetMismatch({ k: 1 }, {}), { path: 'k', expected: 1, actual: undefined });
  });

  it('requires arrays to have the same length and matching items', () => {
    assert.equal(findSubsetMismatch([{ id: '1' }], [{ id: '1', title: 'One' }]), undefined);
    assert.deepEqual(findSubsetMismatch(['a'], ['a', 'b']), { path: '', expected: ['a'], actual: ['a', 'b'] });
    assert.equal(findSubsetMismatch(['a', 'b'], ['a', 'c'])?.path, '1');
  });

  it('does not treat a number and a numeric string as equal', () => {
    assert.ok(findSubsetMismatch(5, '5'));
    assert.ok(findSubsetMismatch({ a: null }, { a: undefined }));
  });
});
