/** Day keys of opening hours, Monday first. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A bookable resource of the slot calendar: a person, room or service line. */
export interface CalendarResource {
  readonly id: string;
  readonly name: string;
  /** Length of one slot in minutes. */
  readonly slotMinutes: number;
  /** How many bookings one slot takes before it is full. */
  readonly capacity: number;
  /** The resource's local time as an offset from UTC (fixed; no DST rules). */
  readonly utcOffsetMinutes: number;
  /** Opening hours per weekday as local "HH:mm" ranges, e.g. `{ mon: [["09:00", "12:00"]] }`. */
  readonly openingHours: Readonly<Partial<Record<Weekday, readonly (readonly [string, string])[]>>>;
}

/** A slot offered to the customer. `start` is local time "YYYY-MM-DDTHH:mm"; `id` is `resourceId@start`. */
export interface Slot {
  readonly id: string;
  readonly resourceId: string;
  readonly start: string;
  readonly remaining: number;
  readonly label: string;
}

/** A confirmed booking of one slot. */
export interface Booking {
  readonly id: string;
  readonly resourceId: string;
  readonly start: string;
  /** Opaque reference of who booked (a hash of the Flow, flow token and step), never personal data. */
  readonly reference: string;
  readonly createdAt: number;
  /** A booking of a preview or simulation, held in the preview calendar (its id starts with `preview-`). */
  readonly preview?: boolean;
}

/** Splits a slot id `resourceId@YYYY-MM-DDTHH:mm` into its parts, or undefined when malformed. */
export function parseSlotId(id: unknown): { resourceId: string; start: string } | undefined {
  if (typeof id !== 'string') return undefined;
  const at = id.lastIndexOf('@');
  if (at <= 0) return undefined;
  const start = id.slice(at + 1);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(start)) return undefined;
  return { resourceId: id.slice(0, at), start };
}
