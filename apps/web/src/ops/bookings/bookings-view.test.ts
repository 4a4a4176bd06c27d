import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSlot, toBooking, toCalendarResource, toFreeSlot } from './bookings-view.js';

describe('bookings page readers', () => {
  it('reads a booking with its customer, and refuses one without an id, slot or known status', () => {
    const booking = toBooking({ id: 'b1', slotStart: '2026-06-01T10:00:00.000Z', status: 'confirmed', contact: { id: 'c1', phone: '+351911', name: null }, submissionId: 's1', createdAt: 'x' });
    assert.deepEqual(booking?.contact, { id: 'c1', phone: '+351911', name: null });
    assert.equal(booking?.submissionId, 's1');
    assert.equal(toBooking({ id: 'b1', slotStart: '2026-06-01T10:00:00.000Z', status: 'held' }), undefined);
    assert.equal(toBooking({ slotStart: '2026-06-01T10:00:00.000Z', status: 'confirmed' }), undefined);
    assert.equal(toBooking({ id: 'b2', slotStart: 'x', status: 'cancelled', contact: null })?.contact, null);
  });

  it('reads resources and free slots with defaults', () => {
    assert.deepEqual(toCalendarResource({ id: 'room' }), { id: 'room', name: 'room', capacity: 1, slotMinutes: 0, timeZone: 'UTC' });
    assert.deepEqual(toFreeSlot({ id: 'room@2026-06-01T10:00', start: '2026-06-01T10:00', label: 'Room · Mon 10:00', remaining: 2 }), { id: 'room@2026-06-01T10:00', label: 'Mon 1 Jun, 10:00', remaining: 2 });
    assert.equal(toFreeSlot({ id: 'room@x', label: 'Room · soon' })?.label, 'Room · soon');
    assert.equal(toFreeSlot(7), undefined);
  });

  it('shows a slot in the resource\'s time zone', () => {
    assert.equal(formatSlot('2026-06-01T10:00:00.000Z', 'UTC'), 'Mon 1 Jun, 10:00');
    assert.equal(formatSlot('2026-06-01T10:00:00.000Z', 'America/Sao_Paulo'), 'Mon 1 Jun, 07:00');
    assert.equal(formatSlot('not a date', 'UTC'), 'not a date');
    assert.equal(formatSlot('2026-06-01T10:00:00.000Z', 'Not/AZone'), '2026-06-01T10:00:00.000Z');
  });
});
