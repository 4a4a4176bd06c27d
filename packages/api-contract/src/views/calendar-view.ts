import { array, integer, nullable, object, oneOf, string, type Infer } from '../schema.js';

/** A bookable resource (a room, a person, a service) with its opening hours. */
export const resourceView = object({
  id: string(), name: string(), capacity: integer(), slotMinutes: integer(), timeZone: string({ description: 'IANA time zone' }),
  openingHours: array(object({ weekday: integer(), opens: string(), closes: string() })),
});
/** A calendar resource as the API answers it. */
export type ResourceView = Infer<typeof resourceView>;

/** A free slot of a resource, as a Flow's calendar data source offers it. */
export const slotView = object({ id: string({ description: 'the slot id a reschedule takes (resourceId@local start)' }), start: string({ description: 'local YYYY-MM-DDTHH:mm' }), remaining: integer(), label: string() });
/** A free slot as the API answers it. */
export type SlotView = Infer<typeof slotView>;

/** A booking with who made it: the contact, and the submission answered through the same send. */
export const bookingView = object({
  id: string(),
  resourceId: string(),
  slotStart: string({ format: 'date-time' }),
  slotEnd: string({ format: 'date-time' }),
  status: oneOf(['confirmed', 'cancelled']),
  contact: nullable(object({ id: string(), phone: string(), name: nullable(string()) })),
  submissionId: nullable(string({ description: 'the submission whose routing (or Flow endpoint) made the booking, when known' })),
  createdAt: string({ format: 'date-time' }),
  cancelledAt: nullable(string({ format: 'date-time' })),
});
/** A booking as the API answers it. */
export type BookingView = Infer<typeof bookingView>;
