import type { Booking, CalendarResource } from './calendar-resource.js';

/** Outcome of a booking attempt. */
export type BookResult =
  | { readonly ok: true; readonly booking: Booking }
  | { readonly ok: false; readonly reason: 'full' | 'unknown-resource' | 'invalid-slot' };

/** How long a preview's booking holds its seat in the preview calendar (for other previews only). */
export const PREVIEW_HOLD_MS = 30 * 60_000;

/**
 * Where calendar resources and bookings live; `book` checks capacity atomically and is idempotent per
 * reference (booking again with the same reference returns that booking, or moves it to the new slot).
 * With `preview`, counts include the preview calendar's holds and a booking goes into it: customers'
 * counts and bookings never see it.
 */
export interface CalendarStore {
  resources(): Promise<readonly CalendarResource[]>;
  /** Number of bookings per slot start of one resource. */
  bookingCounts(resourceId: string, preview?: boolean): Promise<ReadonlyMap<string, number>>;
  book(resourceId: string, start: string, reference: string, now: number, preview?: boolean): Promise<BookResult>;
}

/** An in-memory calendar store (bookings are lost on restart; preview bookings are held until PREVIEW_HOLD_MS passes). */
export function createMemoryCalendarStore(resources: readonly CalendarResource[], clock: () => number = Date.now): CalendarStore {
  const byId = new Map(resources.map((resource) => [resource.id, resource]));
  const bookings = new Map<string, { booking: Booking; holdUntil: number | undefined }>();
  let sequence = 0;
  const live = (preview: boolean, now: number) =>
    [...bookings.values()].filter((b) => b.holdUntil === undefined || (preview && b.holdUntil > now)).map((b) => b.booking);
  const counts = (resourceId: string, preview: boolean, now: number) => {
    const perStart = new Map<string, number>();
    for (const b of live(preview, now)) if (b.resourceId === resourceId) perStart.set(b.start, (perStart.get(b.start) ?? 0) + 1);
    return perStart;
  };
  return {
    resources: () => Promise.resolve([...byId.values()]),
    bookingCounts: (resourceId, preview = false) => Promise.resolve(counts(resourceId, preview, clock())),
    book: (resourceId, start, reference, now, preview = false) => {
      const resource = byId.get(resourceId);
      if (resource === undefined) return Promise.resolve({ ok: false, reason: 'unknown-resource' });
      const key = `${preview ? 'preview' : 'real'}:${reference}`;
      const earlier = bookings.get(key);
      if (earlier !== undefined && (earlier.holdUntil === undefined || earlier.holdUntil > now)) {
        if (earlier.booking.resourceId === resourceId && earlier.booking.start === start) return Promise.resolve({ ok: true, booking: earlier.booking });
      }
      if ((counts(resourceId, preview, now).get(start) ?? 0) >= resource.capacity) return Promise.resolve({ ok: false, reason: 'full' });
      sequence += 1;
      const booking: Booking = { id: `${preview ? 'preview-' : ''}b${sequence}`, resourceId, start, reference, createdAt: now, ...(preview ? { preview } : {}) };
      bookings.set(key, { booking, holdUntil: preview ? now + PREVIEW_HOLD_MS : undefined });
      return Promise.resolve({ ok: true, booking });
    },
  };
}
