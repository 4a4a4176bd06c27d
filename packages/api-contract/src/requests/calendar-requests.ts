import { array, boolean, integer, object, optional, string, type Infer } from '../schema.js';

/** A resource's opening hours: local times per weekday (none means always open). */
const openingHoursInput = array(object({ weekday: integer({ minimum: 0, maximum: 6, description: '0 = Sunday … 6 = Saturday' }), opens: string({ pattern: '^\\d{2}:\\d{2}$' }), closes: string({ pattern: '^\\d{2}:\\d{2}$' }) }), { maxItems: 70 });

/** The body of `PUT /calendar/resources/{resourceId}`: a bookable resource, created or replaced. */
export const saveResourceBody = object({
  name: string({ minLength: 1, maxLength: 200 }), capacity: integer({ minimum: 1, maximum: 10_000 }), slotMinutes: integer({ minimum: 5, maximum: 24 * 60 }),
  timeZone: string({ maxLength: 64, description: 'IANA time zone, e.g. Europe/Lisbon' }), openingHours: optional(openingHoursInput),
});
/** What `PUT /calendar/resources/{resourceId}` takes. */
export type SaveResourceBody = Infer<typeof saveResourceBody>;

/** The query of `GET /calendar/resources/{resourceId}/slots`. */
export const slotsQuery = object({ days: optional(integer({ minimum: 1, maximum: 60, fromString: true, description: 'local days from today (default 14)' })) });
/** What `GET /calendar/resources/{resourceId}/slots` reads from its query. */
export type SlotsQuery = Infer<typeof slotsQuery>;

/** The query of `GET /calendar/resources/{resourceId}/bookings`: a window of slot starts. */
export const bookingsQuery = object({
  from: optional(string({ format: 'date-time', maxLength: 40 })), to: optional(string({ format: 'date-time', maxLength: 40 })),
  includeCancelled: optional(boolean({ fromString: true })),
});
/** What `GET /calendar/resources/{resourceId}/bookings` reads from its query. */
export type BookingsQuery = Infer<typeof bookingsQuery>;

const slotId = () => optional(string({ maxLength: 200, description: 'a slot id from GET …/slots (resourceId@YYYY-MM-DDTHH:mm, local time)' }));
const slotStart = () => optional(string({ format: 'date-time', maxLength: 40, description: 'or the slot start as an ISO 8601 instant' }));

/** The body of `POST /calendar/resources/{resourceId}/bookings`: a seat for a contact, by slot id or start instant. */
export const createBookingBody = object({
  contactId: string({ maxLength: 100 }),
  slot: slotId(),
  slotStart: slotStart(),
});
/** What `POST /calendar/resources/{resourceId}/bookings` takes. */
export type CreateBookingBody = Infer<typeof createBookingBody>;

/** The body of `POST /calendar/bookings/{bookingId}/reschedule`: the new slot, by slot id or start instant. */
export const rescheduleBookingBody = object({
  slot: slotId(),
  slotStart: slotStart(),
});
/** What `POST /calendar/bookings/{bookingId}/reschedule` takes. */
export type RescheduleBookingBody = Infer<typeof rescheduleBookingBody>;
