import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nextSendTime, parseSendWindow, type SendWindow } from './send-window.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const OFFICE: SendWindow = { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5], timeZone: 'Europe/Lisbon' };

describe('nextSendTime', () => {
  test('inside the window the time is now; before it, today\'s opening; after it, the next allowed day\'s', () => {
    // Wednesday 2026-12-02; Lisbon is on UTC in winter.
    assert.equal(iso(nextSendTime(at('2026-12-02T10:15:00Z'), OFFICE, 'Europe/Lisbon')), '2026-12-02T10:15:00.000Z');
    assert.equal(iso(nextSendTime(at('2026-12-02T06:59:30Z'), OFFICE, 'Europe/Lisbon')), '2026-12-02T09:00:00.000Z');
    assert.equal(iso(nextSendTime(at('2026-12-02T18:00:00Z'), OFFICE, 'Europe/Lisbon')), '2026-12-03T09:00:00.000Z', 'the end is exclusive');
    // Friday evening waits for Monday.
    assert.equal(iso(nextSendTime(at('2026-12-04T19:00:00Z'), OFFICE, 'Europe/Lisbon')), '2026-12-07T09:00:00.000Z');
  });

  test('each contact\'s own zone decides: the same instant is open in São Paulo and closed in Tokyo', () => {
    const now = at('2026-12-02T14:00:00Z'); // 11:00 in São Paulo (UTC-3), 23:00 in Tokyo (UTC+9)
    assert.equal(nextSendTime(now, OFFICE, 'America/Sao_Paulo'), now);
    assert.equal(iso(nextSendTime(now, OFFICE, 'Asia/Tokyo')), '2026-12-03T00:00:00.000Z', 'Thursday 09:00 in Tokyo');
    assert.equal(iso(nextSendTime(now, OFFICE, 'Asia/Kolkata')), '2026-12-03T03:30:00.000Z', 'half-hour zones too');
  });

  test('an opening is kept on the local clock across daylight-saving changes', () => {
    const daily: SendWindow = { start: '09:00', end: '17:00', timeZone: 'America/New_York' };
    // New York springs forward on Sunday 2026-03-08: 09:00 is 14:00Z before and 13:00Z after.
    assert.equal(iso(nextSendTime(at('2026-03-07T23:00:00Z'), daily, 'America/New_York')), '2026-03-08T13:00:00.000Z');
    // Falls back on Sunday 2026-11-01: 09:00 is 13:00Z before, 14:00Z after.
    assert.equal(iso(nextSendTime(at('2026-10-31T22:00:00Z'), daily, 'America/New_York')), '2026-11-01T14:00:00.000Z');
  });

  test('an opening the clock skips (spring forward) opens as late as the skip on the local clock, still inside the window', () => {
    const early: SendWindow = { start: '02:30', end: '05:00', timeZone: 'America/New_York' };
    // 2026-03-08 02:00 EST jumps to 03:00 EDT (07:00Z): 02:30 never happens; the same time after midnight is 03:30 EDT, 07:30Z.
    const next = nextSendTime(at('2026-03-08T05:00:00Z'), early, 'America/New_York');
    assert.equal(iso(next), '2026-03-08T07:30:00.000Z');
  });

  test('a window on one weekday waits up to a week, never sends early', () => {
    const mondays: SendWindow = { start: '10:00', end: '11:00', days: [1], timeZone: 'UTC' };
    assert.equal(iso(nextSendTime(at('2026-12-07T10:30:00Z'), mondays, 'UTC')), '2026-12-07T10:30:00.000Z');
    assert.equal(iso(nextSendTime(at('2026-12-07T11:00:00Z'), mondays, 'UTC')), '2026-12-14T10:00:00.000Z');
  });
});

describe('parseSendWindow', () => {
  test('accepts a window and sorts its days', () => {
    assert.deepEqual(parseSendWindow({ start: '08:30', end: '24:00', days: [5, 1, 1], timeZone: 'Asia/Kolkata' }), { ok: true, window: { start: '08:30', end: '24:00', days: [1, 5], timeZone: 'Asia/Kolkata' } });
  });

  test('says what to fix', () => {
    const message = (value: unknown) => {
      const parsed = parseSendWindow(value);
      return parsed.ok ? '' : parsed.message;
    };
    assert.match(message('9-5'), /must be an object/);
    assert.match(message({ start: '9:00', end: '17:00', timeZone: 'UTC' }), /local clock times such as "09:00"/);
    assert.match(message({ start: '18:00', end: '09:00', timeZone: 'UTC' }), /must be later than/);
    assert.match(message({ start: '09:00', end: '17:00', timeZone: 'Mars/Olympus' }), /IANA time zone/);
    assert.match(message({ start: '09:00', end: '17:00', timeZone: 'UTC', days: [7] }), /weekdays 0 \(Sunday\) to 6/);
    assert.match(message({ start: '09:00', end: '17:00', timeZone: 'UTC', days: [] }), /weekdays/);
  });
});
