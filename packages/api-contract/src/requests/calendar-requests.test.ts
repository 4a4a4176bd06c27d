import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bookingsQuery, createBookingBody, saveResourceBody } from './calendar-requests.js';

test('a resource takes a name, capacity, slot length and time zone, with opening hours as HH:MM per weekday', () => {
  assert.deepEqual(saveResourceBody.parse({ name: 'Room', capacity: 2, slotMinutes: 30, timeZone: 'Europe/Lisbon', openingHours: [{ weekday: 1, opens: '09:00', closes: '17:00' }] }).ok, true);
  assert.deepEqual(saveResourceBody.parse({ name: 'Room', capacity: 0, slotMinutes: 30, timeZone: 'UTC', openingHours: [{ weekday: 7, opens: '9:00', closes: '17:00' }] }), {
    ok: false,
    issues: [{ pointer: '/capacity', message: 'must be at least 1' }, { pointer: '/openingHours/0/weekday', message: 'must be at most 6' }, { pointer: '/openingHours/0/opens', message: 'must match ^\\d{2}:\\d{2}$' }],
  });
});

test('a booking names its contact; the bookings query reads includeCancelled from text', () => {
  assert.deepEqual(createBookingBody.parse({}), { ok: false, issues: [{ pointer: '/contactId', message: 'is required' }] });
  assert.deepEqual(bookingsQuery.parse({ includeCancelled: 'true' }), { ok: true, value: { includeCancelled: true } });
});
