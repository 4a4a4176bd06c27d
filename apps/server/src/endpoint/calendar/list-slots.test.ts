import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CalendarResource } from './calendar-resource.js';
import { parseSlotId } from './calendar-resource.js';
import { isSlotStart, listSlots, slotLabel } from './list-slots.js';
import { createMemoryCalendarStore } from './calendar-store.js';

const hair: CalendarResource = {
  id: 'hair',
  name: 'Hair',
  slotMinutes: 30,
  capacity: 2,
  utcOffsetMinutes: 60,
  openingHours: { mon: [['09:00', '10:30']], tue: [['14:00', '15:00']] },
};
// Monday 2026-03-02 08:10 UTC = 09:10 local.
const now = new Date('2026-03-02T08:10:00Z');

test('lists future slots within opening hours in local time', () => {
  const slots = listSlots(hair, new Map(), { now, days: 2 });
  assert.deepEqual(slots.map((s) => s.start), ['2026-03-02T09:30', '2026-03-02T10:00', '2026-03-03T14:00', '2026-03-03T14:30']);
  assert.equal(slots[0]?.id, 'hair@2026-03-02T09:30');
  assert.equal(slots[0]?.remaining, 2);
});

test('a full slot disappears and a partly booked one shows what remains', () => {
  const booked = new Map([['2026-03-02T09:30', 2], ['2026-03-02T10:00', 1]]);
  const slots = listSlots(hair, booked, { now, days: 1 });
  assert.deepEqual(slots.map((s) => [s.start, s.remaining]), [['2026-03-02T10:00', 1]]);
});

test('labels fit a Dropdown title', () => {
  const label = slotLabel({ ...hair, name: 'A very long resource name indeed' }, '2026-03-03T14:00');
  assert.ok(label.length <= 30, label);
  assert.equal(slotLabel(hair, '2026-03-03T14:00'), 'Hair · Tue 3 Mar 14:00');
});

test('recognises real slot starts only', () => {
  assert.equal(isSlotStart(hair, '2026-03-02T09:30', now), true);
  assert.equal(isSlotStart(hair, '2026-03-02T09:00', now), false, 'past');
  assert.equal(isSlotStart(hair, '2026-03-02T09:45', now), false, 'off grid');
  assert.equal(isSlotStart(hair, '2026-03-04T09:30', now), false, 'closed on wednesday');
});

test('parses slot ids', () => {
  assert.deepEqual(parseSlotId('hair@2026-03-02T09:30'), { resourceId: 'hair', start: '2026-03-02T09:30' });
  assert.equal(parseSlotId('hair'), undefined);
  assert.equal(parseSlotId(7), undefined);
});

test('booking stops at capacity', async () => {
  const store = createMemoryCalendarStore([hair]);
  assert.equal((await store.book('hair', '2026-03-02T09:30', 'r1', 0)).ok, true);
  assert.equal((await store.book('hair', '2026-03-02T09:30', 'r2', 0)).ok, true);
  assert.deepEqual(await store.book('hair', '2026-03-02T09:30', 'r3', 0), { ok: false, reason: 'full' });
  assert.equal((await store.bookingCounts('hair')).get('2026-03-02T09:30'), 2);
});
