import type { Booking, CalendarResource } from './calendar-resource.js';

/** Outcome of a booking attempt. */
export type BookResult =
  | { readonly ok: true; readonly booking: Booking }
  | { readonly ok: false; readonly reason: 'full' | 'unknown-resource' | 'invalid-slot' };

/** Where calendar resources and bookings live; `book` checks capacity atomically. */
export interface CalendarStore {
  resources(): Promise<readonly CalendarResource[]>;
  /** Number of bookings per slot start of one resource. */
  bookingCounts(resourceId: string): Promise<ReadonlyMap<string, number>>;
  book(resourceId: string, start: string, reference: string, now: number): Promise<BookResult>;
}

/** An in-memory calendar store (bookings are lost on restart). */
export function createMemoryCalendarStore(resources: readonly CalendarResource[]): CalendarStore {
  const byId = new Map(resources.map((resource) => [resource.id, resource]));
  const counts = new Map<string, Map<string, number>>();
  let sequence = 0;
  return {
    resources: () => Promise.resolve([...byId.values()]),
    bookingCounts: (resourceId) => Promise.resolve(new Map(counts.get(resourceId) ?? [])),
    book: (resourceId, start, reference, now) => {
      const resource = byId.get(resourceId);
      if (resource === undefined) return Promise.resolve({ ok: false, reason: 'unknown-resource' });
      const perStart = counts.get(resourceId) ?? new Map<string, number>();
      const taken = perStart.get(start) ?? 0;
      if (taken >= resource.capacity) return Promise.resolve({ ok: false, reason: 'full' });
      perStart.set(start, taken + 1);
      counts.set(resourceId, perStart);
      sequence += 1;
      return Promise.resolve({ ok: true, booking: { id: `b${sequence}`, resourceId, start, reference, createdAt: now } });
    },
  };
}
