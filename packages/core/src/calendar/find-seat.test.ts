import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findSeat } from './find-seat.js';

test('a real booking takes the lowest free seat', () => {
  assert.deepEqual(findSeat([], 3, false), { seat: 1 });
  assert.deepEqual(findSeat([{ seat: 1, preview: false }, { seat: 3, preview: false }], 3, false), { seat: 2 }, 'a cancelled seat is taken again');
});

test('a real booking finds the slot full once every seat is taken', () => {
  assert.equal(findSeat([{ seat: 1, preview: false }, { seat: 2, preview: false }], 2, false), undefined);
});

test('a preview takes no real seat and counts real bookings and other previews together', () => {
  assert.deepEqual(findSeat([{ seat: 1, preview: false }], 2, true), { seat: null });
  assert.equal(findSeat([{ seat: 1, preview: false }, { seat: null, preview: true }], 2, true), undefined);
});

test('previews never take a real seat from a customer', () => {
  assert.deepEqual(findSeat([{ seat: null, preview: true }, { seat: null, preview: true }], 2, false), { seat: 1 });
});
