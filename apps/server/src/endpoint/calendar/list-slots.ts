import { WEEKDAYS, type CalendarResource, type Slot } from './calendar-resource.js';

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** Options of a slot listing: the clock is passed in, never read. */
export interface ListSlotsOptions {
  readonly now: Date;
  /** How many local days to list, starting today. */
  readonly days: number;
  /** Stop after this many slots (Dropdown allows 200 options). */
  readonly limit?: number;
}

/**
 * Lists the future slots of a resource that still have room, given the number of bookings per
 * slot start. Pure: the clock and the bookings are passed in.
 */
export function listSlots(resource: CalendarResource, booked: ReadonlyMap<string, number>, options: ListSlotsOptions): Slot[] {
  const slots: Slot[] = [];
  const limit = options.limit ?? 200;
  const localNow = new Date(options.now.getTime() + resource.utcOffsetMinutes * 60_000);
  const nowKey = toLocalKey(localNow);
  const today = Date.UTC(localNow.getUTCFullYear(), localNow.getUTCMonth(), localNow.getUTCDate());
  for (let day = 0; day < options.days; day++) {
    const date = new Date(today + day * 86_400_000);
    const weekday = WEEKDAYS[(date.getUTCDay() + 6) % 7];
    const ranges = weekday === undefined ? undefined : resource.openingHours[weekday];
    for (const [open, close] of ranges ?? []) {
      const from = minutesOf(open);
      const to = minutesOf(close);
      if (from === undefined || to === undefined) continue;
      for (let minute = from; minute + resource.slotMinutes <= to; minute += resource.slotMinutes) {
        const start = toLocalKey(new Date(date.getTime() + minute * 60_000));
        if (start <= nowKey) continue;
        const remaining = resource.capacity - (booked.get(start) ?? 0);
        if (remaining <= 0) continue;
        slots.push({ id: `${resource.id}@${start}`, resourceId: resource.id, start, remaining, label: slotLabel(resource, start) });
        if (slots.length >= limit) return slots;
      }
    }
  }
  return slots;
}

/** Whether `start` is a real, future slot start of the resource's opening hours. */
export function isSlotStart(resource: CalendarResource, start: string, now: Date): boolean {
  const date = new Date(`${start.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return false;
  const localNow = toLocalKey(new Date(now.getTime() + resource.utcOffsetMinutes * 60_000));
  if (start <= localNow) return false;
  const weekday = WEEKDAYS[(date.getUTCDay() + 6) % 7];
  const minute = minutesOf(start.slice(11));
  if (weekday === undefined || minute === undefined) return false;
  return (resource.openingHours[weekday] ?? []).some(([open, close]) => {
    const from = minutesOf(open);
    const to = minutesOf(close);
    return from !== undefined && to !== undefined && minute >= from && minute + resource.slotMinutes <= to && (minute - from) % resource.slotMinutes === 0;
  });
}

/** A short label for a slot (fits a Dropdown title's 30 characters): "Hair · Tue 3 Mar 09:00". */
export function slotLabel(resource: CalendarResource, start: string): string {
  const date = new Date(`${start.slice(0, 10)}T00:00:00Z`);
  const when = `${DAY_NAMES[date.getUTCDay()] ?? ''} ${date.getUTCDate()} ${MONTH_NAMES[date.getUTCMonth()] ?? ''} ${start.slice(11, 16)}`;
  const room = 30 - when.length - 3;
  const name = resource.name.length > room ? resource.name.slice(0, Math.max(room, 0)) : resource.name;
  return name.length > 0 ? `${name} · ${when}` : when;
}

function minutesOf(hhmm: string): number | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (match === null) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  return hours <= 24 && minutes < 60 ? hours * 60 + minutes : undefined;
}

function toLocalKey(date: Date): string {
  return date.toISOString().slice(0, 16);
}
