import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideBookingMove, isSameSlot, toBookingParties } from './booking-move.js';

const nine = Date.parse('2026-03-02T09:00:00Z');
const ten = Date.parse('2026-03-02T10:00:00Z');
const earlier = { id: 'b1', resourceId: 'hair', slotStart: nine, contactId: 'c1', sendId: 's1', reference: 'r1' };

test('a first booking books a seat and moves nothing', () => {
  assert.deepEqual(decideBookingMove({ resourceId: 'hair', slotStart: nine, preview: false }, undefined), { kind: 'book', moves: undefined });
});

test('booking the same slot again is the earlier booking', () => {
  assert.deepEqual(decideBookingMove({ resourceId: 'hair', slotStart: nine, preview: false }, earlier), { kind: 'unchanged', booking: earlier });
  assert.deepEqual(decideBookingMove({ resourceId: 'hair', slotStart: nine, preview: false, replaces: 'b1' }, earlier), { kind: 'unchanged', booking: earlier });
});

test('another slot moves the earlier booking', () => {
  assert.deepEqual(decideBookingMove({ resourceId: 'hair', slotStart: ten, preview: false }, earlier), { kind: 'book', moves: earlier });
  assert.deepEqual(decideBookingMove({ resourceId: 'nails', slotStart: nine, preview: false, replaces: 'b1' }, earlier), { kind: 'book', moves: earlier });
});

test('rescheduling a booking that is not there, or from a preview, is refused', () => {
  assert.deepEqual(decideBookingMove({ resourceId: 'hair', slotStart: ten, preview: false, replaces: 'gone' }, undefined), { kind: 'unknown-booking' });
  assert.deepEqual(decideBookingMove({ resourceId: 'hair', slotStart: ten, preview: true, replaces: 'b1' }, earlier), { kind: 'unknown-booking' });
});

test('same slot means same resource and same start', () => {
  assert.equal(isSameSlot({ resourceId: 'hair', slotStart: nine }, { resourceId: 'hair', slotStart: nine }), true);
  assert.equal(isSameSlot({ resourceId: 'hair', slotStart: nine }, { resourceId: 'hair', slotStart: ten }), false);
  assert.equal(isSameSlot({ resourceId: 'hair', slotStart: nine }, { resourceId: 'nails', slotStart: nine }), false);
});

test('a reschedule keeps the contact, send and reference it does not name', () => {
  assert.deepEqual(toBookingParties({ replaces: 'b1' }, earlier), { contactId: 'c1', sendId: 's1', reference: 'r1' });
  assert.deepEqual(toBookingParties({ replaces: 'b1', contactId: 'c2' }, earlier), { contactId: 'c2', sendId: 's1', reference: 'r1' });
});

test('a booking moved by its reference inherits nothing', () => {
  assert.deepEqual(toBookingParties({ reference: 'r1' }, earlier), { contactId: null, sendId: null, reference: 'r1' });
  assert.deepEqual(toBookingParties({}, undefined), { contactId: null, sendId: null, reference: null });
});
