import type { CalendarResource as StoredResource, OpeningHours } from '@flowline/storage';
import { WEEKDAYS, type CalendarResource, type Weekday } from './calendar-resource.js';

/** Storage counts weekdays from Sunday (0); the server's opening hours are keyed Monday first. */
const STORED_WEEKDAY: Readonly<Record<Weekday, number>> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 0 };

/** The IANA zone of a fixed UTC offset: `UTC`, or `Etc/GMT∓h` for whole hours (POSIX sign is inverted). */
export function toTimeZone(utcOffsetMinutes: number): string | undefined {
  if (utcOffsetMinutes === 0) return 'UTC';
  if (utcOffsetMinutes % 60 !== 0 || Math.abs(utcOffsetMinutes) > 14 * 60) return undefined;
  const hours = utcOffsetMinutes / 60;
  return `Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}`;
}

/** The offset from UTC, in minutes, of a time zone at an instant. */
export function offsetAt(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
  }).formatToParts(new Date(at));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? '0');
  const local = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
  return Math.round((local - Math.floor(at / 60_000) * 60_000) / 60_000);
}

/** A server resource as the storage package's resource input (the seed format → storage). */
export function toStoredResource(resource: CalendarResource): { id: string; name: string; capacity: number; slotMinutes: number; timeZone: string; openingHours: OpeningHours[] } | undefined {
  const timeZone = toTimeZone(resource.utcOffsetMinutes);
  if (timeZone === undefined) return undefined;
  const openingHours: OpeningHours[] = [];
  for (const day of WEEKDAYS) {
    for (const [opens, closes] of resource.openingHours[day] ?? []) openingHours.push({ weekday: STORED_WEEKDAY[day], opens, closes });
  }
  return { id: resource.id, name: resource.name, capacity: resource.capacity, slotMinutes: resource.slotMinutes, timeZone, openingHours };
}

/** A stored resource as the slot calendar's resource, with its zone's offset at `at` (listings use a fixed offset). */
export function fromStoredResource(stored: StoredResource, at: number): CalendarResource {
  const openingHours: Partial<Record<Weekday, [string, string][]>> = {};
  for (const hours of stored.openingHours) {
    const day = WEEKDAYS.find((d) => STORED_WEEKDAY[d] === hours.weekday);
    if (day === undefined) continue;
    (openingHours[day] ??= []).push([hours.opens, hours.closes]);
  }
  for (const ranges of Object.values(openingHours)) ranges.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return { id: stored.id, name: stored.name, slotMinutes: stored.slotMinutes, capacity: stored.capacity, utcOffsetMinutes: offsetAt(stored.timeZone, at), openingHours };
}

/** Epoch ms of a local slot start "YYYY-MM-DDTHH:mm" at a fixed offset. */
export function toEpochOfLocal(start: string, utcOffsetMinutes: number): number {
  return Date.parse(`${start}:00Z`) - utcOffsetMinutes * 60_000;
}

/** The local slot key "YYYY-MM-DDTHH:mm" of an instant at a fixed offset. */
export function toLocalStart(epochMs: number, utcOffsetMinutes: number): string {
  return new Date(epochMs + utcOffsetMinutes * 60_000).toISOString().slice(0, 16);
}
