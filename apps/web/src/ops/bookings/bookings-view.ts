import { isJsonObject } from '@flowline/core';
import { readJson } from '../read-json.js';

/** A bookable resource as `GET /calendar/resources` lists it. */
export interface CalendarResourceView {
  readonly id: string;
  readonly name: string;
  readonly capacity: number;
  readonly slotMinutes: number;
  readonly timeZone: string;
}

/** A booking as `GET /calendar/resources/{id}/bookings` lists it. */
export interface BookingView {
  readonly id: string;
  readonly slotStart: string;
  readonly status: 'confirmed' | 'cancelled';
  readonly contact: { readonly id: string; readonly phone: string; readonly name: string | null } | null;
  readonly submissionId: string | null;
  readonly createdAt: string;
}

/** A free slot as `GET /calendar/resources/{id}/slots` lists it. */
export interface FreeSlotView {
  readonly id: string;
  /** Local start in the resource's time zone, as people read it ("Thu 3 Dec, 02:00"). */
  readonly label: string;
  readonly remaining: number;
}

export function toCalendarResource(value: unknown): CalendarResourceView | undefined {
  if (!isJsonObject(value)) return undefined;
  const id = readJson.string(value['id']);
  if (id === undefined) return undefined;
  return {
    id,
    name: readJson.string(value['name']) ?? id,
    capacity: readJson.number(value['capacity']) ?? 1,
    slotMinutes: readJson.number(value['slotMinutes']) ?? 0,
    timeZone: readJson.string(value['timeZone']) ?? 'UTC',
  };
}

export function toBooking(value: unknown): BookingView | undefined {
  if (!isJsonObject(value)) return undefined;
  const id = readJson.string(value['id']);
  const slotStart = readJson.string(value['slotStart']);
  const status = value['status'] === 'confirmed' || value['status'] === 'cancelled' ? value['status'] : undefined;
  if (id === undefined || slotStart === undefined || status === undefined) return undefined;
  const c = value['contact'];
  const contactId = isJsonObject(c) ? readJson.string(c['id']) : undefined;
  return {
    id,
    slotStart,
    status,
    contact: isJsonObject(c) && contactId !== undefined ? { id: contactId, phone: readJson.string(c['phone']) ?? '', name: readJson.string(c['name']) ?? null } : null,
    submissionId: readJson.string(value['submissionId']) ?? null,
    createdAt: readJson.string(value['createdAt']) ?? '',
  };
}

export function toFreeSlot(value: unknown): FreeSlotView | undefined {
  if (!isJsonObject(value)) return undefined;
  const id = readJson.string(value['id']);
  if (id === undefined) return undefined;
  const start = readJson.string(value['start']);
  return { id, label: start === undefined ? readJson.string(value['label']) ?? id : formatLocalStart(start), remaining: readJson.number(value['remaining']) ?? 0 };
}

/** A local slot start `YYYY-MM-DDTHH:mm` (already in the resource's zone) as people read it; the text itself when malformed. */
export function formatLocalStart(start: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(start) ? formatSlot(`${start}:00Z`, 'UTC') : start;
}

/** A slot start in the resource's own time zone, as people read it ("Mon 1 Jun, 10:00"); the raw text when unreadable. */
export function formatSlot(iso: string, timeZone: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  } catch {
    return at.toISOString();
  }
}
