import type { Booking } from '../../endpoint/calendar/calendar-resource.js';
import type { CalendarStore } from '../../endpoint/calendar/calendar-store.js';

/**
 * The calendar of one scenario run: the slots as customers see them (their bookings count; other previews'
 * holds do not), plus the run's own bookings, kept in memory and gone with the run. Nothing is written, so a
 * run changes no one's calendar and every run of the same scenario finds the same free slots.
 */
export function createScenarioCalendar(customers: CalendarStore): CalendarStore {
  const own = new Map<string, Booking>();
  let sequence = 0;
  const counts = async (resourceId: string, except?: Booking): Promise<Map<string, number>> => {
    const perStart = new Map(await customers.bookingCounts(resourceId, false));
    for (const booking of own.values()) {
      if (booking.resourceId === resourceId && booking !== except) perStart.set(booking.start, (perStart.get(booking.start) ?? 0) + 1);
    }
    return perStart;
  };
  return {
    resources: () => customers.resources(),
    bookingCounts: (resourceId) => counts(resourceId),
    async book(resourceId, start, reference, now) {
      const resource = (await customers.resources()).find((r) => r.id === resourceId);
      if (resource === undefined) return { ok: false, reason: 'unknown-resource' };
      // Idempotent per reference, as the real calendar: the same step books the same seat, or moves it.
      const earlier = own.get(reference);
      if (earlier !== undefined && earlier.resourceId === resourceId && earlier.start === start) return { ok: true, booking: earlier };
      if (((await counts(resourceId, earlier)).get(start) ?? 0) >= resource.capacity) return { ok: false, reason: 'full' };
      sequence += 1;
      const booking: Booking = { id: `preview-scenario-${sequence}`, resourceId, start, reference, createdAt: now, preview: true };
      own.set(reference, booking);
      return { ok: true, booking };
    },
  };
}
