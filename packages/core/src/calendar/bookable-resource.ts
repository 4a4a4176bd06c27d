import { isTimeZone, parseClockTime, toLocalWeekdayMinutes } from './local-time.js';

/** Opening hours of a resource on one weekday (0 = Sunday), as local `HH:MM` clock times. */
export interface OpeningHours {
  weekday: number;
  opens: string;
  closes: string;
}

/** What the booking rules read of a calendar resource: seats per slot, slot length, zone and opening hours. */
export interface BookableResource {
  readonly capacity: number;
  readonly slotMinutes: number;
  readonly timeZone: string;
  /** None means always open. */
  readonly openingHours?: readonly OpeningHours[];
}

/** What is wrong with a resource definition, in words a person can act on, or undefined when it is sound. */
export function findResourceProblem(resource: BookableResource): string | undefined {
  if (!Number.isInteger(resource.capacity) || resource.capacity < 1) return 'capacity must be a positive integer';
  if (!Number.isInteger(resource.slotMinutes) || resource.slotMinutes < 1) return 'slotMinutes must be a positive integer';
  if (!isTimeZone(resource.timeZone)) return `unknown time zone ${resource.timeZone}`;
  for (const h of resource.openingHours ?? []) {
    const opens = parseClockTime(h.opens);
    const closes = parseClockTime(h.closes);
    if (!Number.isInteger(h.weekday) || h.weekday < 0 || h.weekday > 6) return 'weekday must be 0 (Sunday) to 6';
    if (opens === undefined || closes === undefined || opens >= closes) return `opening hours ${h.opens}-${h.closes} are not HH:MM with opens before closes`;
  }
  return undefined;
}

/** Whether the slot [start, start + slotMinutes) lies inside one opening-hours window, in the resource's time zone. */
export function isWithinOpeningHours(resource: BookableResource, slotStart: number): boolean {
  const hours = resource.openingHours ?? [];
  if (hours.length === 0) return true;
  const { weekday, minutes } = toLocalWeekdayMinutes(slotStart, resource.timeZone);
  const end = minutes + resource.slotMinutes;
  return hours.some((h) => h.weekday === weekday && (parseClockTime(h.opens) ?? Infinity) <= minutes && end <= (parseClockTime(h.closes) ?? -1));
}

/** Epoch ms at which the slot starting at `slotStart` ends. */
export function slotEndOf(resource: Pick<BookableResource, 'slotMinutes'>, slotStart: number): number {
  return slotStart + resource.slotMinutes * 60_000;
}
