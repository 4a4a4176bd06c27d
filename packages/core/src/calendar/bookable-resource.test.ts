import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findResourceProblem, isWithinOpeningHours, slotEndOf, type BookableResource } from './bookable-resource.js';

// Mondays 09:00-12:00 and Tuesdays 14:00-15:00 in Lisbon (UTC+0 in winter), 30-minute slots.
const hair: BookableResource = {
  capacity: 2,
  slotMinutes: 30,
  timeZone: 'Europe/Lisbon',
  openingHours: [{ weekday: 1, opens: '09:00', closes: '12:00' }, { weekday: 2, opens: '14:00', closes: '15:00' }],
};

test('a sound resource has no problem; opening hours are optional', () => {
  assert.equal(findResourceProblem(hair), undefined);
  assert.equal(findResourceProblem({ capacity: 1, slotMinutes: 15, timeZone: 'UTC' }), undefined);
});

test('names the first thing wrong with a resource definition', () => {
  const cases: [Partial<BookableResource>, string][] = [
    [{ capacity: 0 }, 'capacity must be a positive integer'],
    [{ capacity: 1.5 }, 'capacity must be a positive integer'],
    [{ slotMinutes: 0 }, 'slotMinutes must be a positive integer'],
    [{ timeZone: 'Mars/Olympus_Mons' }, 'unknown time zone Mars/Olympus_Mons'],
    [{ openingHours: [{ weekday: 7, opens: '09:00', closes: '10:00' }] }, 'weekday must be 0 (Sunday) to 6'],
    [{ openingHours: [{ weekday: 1, opens: '10:00', closes: '09:00' }] }, 'opening hours 10:00-09:00 are not HH:MM with opens before closes'],
    [{ openingHours: [{ weekday: 1, opens: '9:00', closes: '10:00' }] }, 'opening hours 9:00-10:00 are not HH:MM with opens before closes'],
  ];
  for (const [change, message] of cases) assert.equal(findResourceProblem({ ...hair, ...change }), message);
});

test('a slot is bookable only when it lies wholly inside one opening-hours window, in local time', () => {
  // Monday 2026-03-02, Lisbon = UTC in March.
  assert.equal(isWithinOpeningHours(hair, Date.parse('2026-03-02T09:00:00Z')), true, 'at opening');
  assert.equal(isWithinOpeningHours(hair, Date.parse('2026-03-02T11:30:00Z')), true, 'last slot ends at closing');
  assert.equal(isWithinOpeningHours(hair, Date.parse('2026-03-02T11:45:00Z')), false, 'runs past closing');
  assert.equal(isWithinOpeningHours(hair, Date.parse('2026-03-02T08:30:00Z')), false, 'before opening');
  assert.equal(isWithinOpeningHours(hair, Date.parse('2026-03-03T14:30:00Z')), true, 'Tuesday afternoon');
  assert.equal(isWithinOpeningHours(hair, Date.parse('2026-03-03T09:00:00Z')), false, 'Tuesday morning is closed');
});

test('opening hours are read in the resource time zone, daylight saving time included', () => {
  // 2026-07-06 is a Monday; Lisbon is UTC+1 in summer, so 09:00 local is 08:00 UTC.
  assert.equal(isWithinOpeningHours(hair, Date.parse('2026-07-06T08:00:00Z')), true);
  assert.equal(isWithinOpeningHours(hair, Date.parse('2026-07-06T11:00:00Z')), false);
});

test('a resource without opening hours is always open', () => {
  assert.equal(isWithinOpeningHours({ capacity: 1, slotMinutes: 60, timeZone: 'UTC', openingHours: [] }, Date.parse('2026-03-01T03:00:00Z')), true);
});

test('a slot ends slotMinutes after it starts', () => {
  assert.equal(slotEndOf(hair, Date.parse('2026-03-02T09:00:00Z')), Date.parse('2026-03-02T09:30:00Z'));
});
