import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTimeZone, parseClockTime, toLocalWeekdayMinutes } from './local-time.js';

test('knows IANA time zones and refuses made-up ones', () => {
  assert.equal(isTimeZone('Europe/Lisbon'), true);
  assert.equal(isTimeZone('UTC'), true);
  assert.equal(isTimeZone('Etc/GMT-1'), true);
  assert.equal(isTimeZone('Mars/Olympus_Mons'), false);
  assert.equal(isTimeZone(''), false);
});

test('reads the local weekday and minutes of an instant in a time zone', () => {
  // Monday 2026-03-02 08:10 UTC.
  const at = Date.parse('2026-03-02T08:10:00Z');
  assert.deepEqual(toLocalWeekdayMinutes(at, 'UTC'), { weekday: 1, minutes: 8 * 60 + 10 });
  assert.deepEqual(toLocalWeekdayMinutes(at, 'Asia/Tokyo'), { weekday: 1, minutes: 17 * 60 + 10 });
  assert.deepEqual(toLocalWeekdayMinutes(at, 'America/New_York'), { weekday: 1, minutes: 3 * 60 + 10 });
  assert.deepEqual(toLocalWeekdayMinutes(Date.parse('2026-03-02T02:00:00Z'), 'America/Los_Angeles'), { weekday: 0, minutes: 18 * 60 });
});

test('follows daylight saving time: the same UTC hour is an hour later in Lisbon in summer', () => {
  assert.equal(toLocalWeekdayMinutes(Date.parse('2026-01-15T09:00:00Z'), 'Europe/Lisbon').minutes, 9 * 60);
  assert.equal(toLocalWeekdayMinutes(Date.parse('2026-07-15T09:00:00Z'), 'Europe/Lisbon').minutes, 10 * 60);
});

test('parses HH:MM clock times into minutes, 24:00 being the end of the day', () => {
  assert.equal(parseClockTime('00:00'), 0);
  assert.equal(parseClockTime('09:30'), 570);
  assert.equal(parseClockTime('24:00'), 1440);
  for (const bad of ['24:01', '9:30', '09:60', '25:00', '09:30:00', '']) assert.equal(parseClockTime(bad), undefined, bad);
});
