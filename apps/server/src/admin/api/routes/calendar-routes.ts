import { array, bookingsQuery, bookingView, createBookingBody, object, rescheduleBookingBody, resourceView, saveResourceBody, slotsQuery, slotView, type BookingView, type RescheduleBookingBody, type ResourceView } from '@flowline/api-contract';
import type { Booking, CalendarResource, Storage } from '@flowline/storage';
import { parseSlotId } from '../../../endpoint/calendar/calendar-resource.js';
import { listSlots } from '../../../endpoint/calendar/list-slots.js';
import { createStorageCalendarStore } from '../../../endpoint/calendar/storage-calendar-store.js';
import { fromStoredResource, toEpochOfLocal } from '../../../endpoint/calendar/stored-resource.js';
import { fail, notFound, ok, type ApiResponse } from '../api-response.js';
import { defineRoute, type ApiRoute } from '../define-route.js';

const DAY_MS = 86_400_000;
/** The widest window one bookings listing may cover. */
const MAX_RANGE_DAYS = 93;

function toResourceView(r: CalendarResource): ResourceView {
  return { id: r.id, name: r.name, capacity: r.capacity, slotMinutes: r.slotMinutes, timeZone: r.timeZone, openingHours: r.openingHours };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A booking with who made it: the contact, and the submission answered through the same send. */
async function toBookingView(storage: Storage, workspaceId: string, b: Booking): Promise<BookingView> {
  const contact = b.contactId === null ? undefined : await storage.contacts.find(workspaceId, b.contactId);
  const submission = b.sendId === null ? undefined : (await storage.submissions.list(workspaceId, { sendId: b.sendId, limit: 1 }))[0];
  return {
    id: b.id, resourceId: b.resourceId, slotStart: iso(b.slotStart), slotEnd: iso(b.slotEnd), status: b.status,
    contact: contact === undefined ? null : { id: contact.id, phone: contact.phone, name: contact.name },
    submissionId: submission?.id ?? null,
    createdAt: iso(b.createdAt), cancelledAt: b.cancelledAt === null ? null : iso(b.cancelledAt),
  };
}

const BOOKING_REFUSALS: Readonly<Record<string, number>> = { SLOT_FULL: 409, OUTSIDE_OPENING_HOURS: 422, UNKNOWN_BOOKING: 404, UNKNOWN_RESOURCE: 404 };

/** The built-in calendar: resources, the free slots a Flow offers, bookings with who made them; cancel and reschedule. */
export const calendarRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get', path: '/calendar/resources', permission: 'calendar:read', tag: 'calendar',
    summary: 'List the bookable resources (rooms, people, services) with capacity, slot length, time zone and opening hours',
    response: object({ items: array(resourceView) }).json,
    async handle({ auth, deps }) {
      return ok({ items: (await deps.storage.calendar.listResources(auth.workspaceId)).map(toResourceView) });
    },
  }),
  defineRoute({
    method: 'put', path: '/calendar/resources/{resourceId}', permission: 'calendar:resources', tag: 'calendar',
    summary: 'Create or update a resource; its opening hours are replaced (none means always open)',
    body: saveResourceBody,
    response: resourceView.json,
    async handle({ auth, deps, params, body }) {
      const id = params['resourceId'] ?? '';
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return fail(400, 'INVALID_RESOURCE', 'a resource id is 1–64 letters, digits, _ or -');
      const now = deps.now();
      const before = await deps.storage.calendar.findResource(auth.workspaceId, id);
      const saved = await deps.storage.calendar.saveResource(auth.workspaceId, { id, ...body, at: now });
      if (!saved.ok) return fail(422, saved.code, saved.message);
      await deps.storage.audit.append(auth.workspaceId, { actor: auth.actor, action: before === undefined ? 'calendar.resource.create' : 'calendar.resource.update', targetType: 'calendar_resource', targetId: id, details: { before: before === undefined ? null : toResourceView(before), after: toResourceView(saved.value) }, at: now });
      return ok(toResourceView(saved.value));
    },
  }),
  defineRoute({
    method: 'get', path: '/calendar/resources/{resourceId}/slots', permission: 'calendar:read', tag: 'calendar',
    summary: 'The free slots of a resource from now on, exactly as a Flow\'s calendar data source offers them to customers',
    query: slotsQuery,
    response: object({ items: array(slotView) }).json,
    async handle({ auth, deps, params, query }) {
      const resourceId = params['resourceId'] ?? '';
      const now = deps.now();
      const store = createStorageCalendarStore(deps.storage, auth.workspaceId, () => now.getTime(), 0);
      const resource = (await store.resources()).find((r) => r.id === resourceId);
      if (resource === undefined) return notFound('calendar resource');
      const slots = listSlots(resource, await store.bookingCounts(resourceId), { now, days: query.days ?? 14, limit: 500 });
      return ok({ items: slots.map((s) => ({ id: s.id, start: s.start, remaining: s.remaining, label: s.label })) });
    },
  }),
  defineRoute({
    method: 'get', path: '/calendar/resources/{resourceId}/bookings', permission: 'calendar:read', tag: 'calendar',
    summary: 'Bookings of a resource with slots in [from, to) (default: from yesterday, 31 days), with the customer and the submission that made them; previews never appear',
    query: bookingsQuery,
    response: object({ items: array(bookingView) }).json,
    async handle({ auth, deps, params, query }) {
      const resourceId = params['resourceId'] ?? '';
      if ((await deps.storage.calendar.findResource(auth.workspaceId, resourceId)) === undefined) return notFound('calendar resource');
      const now = deps.now().getTime();
      const from = query.from === undefined ? now - DAY_MS : Date.parse(query.from);
      const to = query.to === undefined ? from + 31 * DAY_MS : Date.parse(query.to);
      if (Number.isNaN(from) || Number.isNaN(to) || to <= from) return fail(400, 'INVALID_QUERY', 'from and to must be ISO 8601 instants with from before to');
      if (to - from > MAX_RANGE_DAYS * DAY_MS) return fail(400, 'INVALID_QUERY', `one listing covers at most ${MAX_RANGE_DAYS} days`);
      const bookings = await deps.storage.calendar.listBookings(auth.workspaceId, resourceId, { from, to, includeCancelled: query.includeCancelled === true });
      const items = [];
      for (const booking of bookings) items.push(await toBookingView(deps.storage, auth.workspaceId, booking));
      return ok({ items });
    },
  }),
  defineRoute({
    method: 'post', path: '/calendar/resources/{resourceId}/bookings', permission: 'calendar:bookings', tag: 'calendar', status: 201,
    summary: 'Book a seat for a contact (e.g. a customer who called); the same capacity and opening-hours rules as a Flow\'s booking',
    body: createBookingBody,
    response: bookingView.json,
    async handle({ auth, deps, params, body }) {
      const resourceId = params['resourceId'] ?? '';
      if ((await deps.storage.contacts.find(auth.workspaceId, body.contactId)) === undefined) return notFound('contact');
      const slotStart = await slotStartOf(deps.storage, auth.workspaceId, resourceId, body, deps.now().getTime());
      if (typeof slotStart !== 'number') return slotStart;
      const now = deps.now();
      const booked = await deps.storage.calendar.book(auth.workspaceId, { resourceId, slotStart, contactId: body.contactId, at: now });
      if (!booked.ok) return fail(BOOKING_REFUSALS[booked.code] ?? 422, booked.code, booked.message);
      await deps.storage.audit.append(auth.workspaceId, { actor: auth.actor, action: 'calendar.booking.create', targetType: 'booking', targetId: booked.value.id, details: { resourceId, slotStart: iso(slotStart), contactId: body.contactId }, at: now });
      return ok(await toBookingView(deps.storage, auth.workspaceId, booked.value), 201);
    },
  }),
  defineRoute({
    method: 'post', path: '/calendar/bookings/{bookingId}/cancel', permission: 'calendar:bookings', tag: 'calendar',
    summary: 'Cancel a confirmed booking; its seat is offered again at once',
    response: bookingView.json,
    async handle({ auth, deps, params }) {
      const id = params['bookingId'] ?? '';
      const booking = await deps.storage.calendar.findBooking(auth.workspaceId, id);
      if (booking === undefined || booking.preview) return notFound('booking');
      const now = deps.now();
      if (!(await deps.storage.calendar.cancel(auth.workspaceId, id, now))) return fail(409, 'NOT_CONFIRMED', 'the booking is already cancelled');
      await deps.storage.audit.append(auth.workspaceId, { actor: auth.actor, action: 'calendar.booking.cancel', targetType: 'booking', targetId: id, details: { resourceId: booking.resourceId, slotStart: iso(booking.slotStart) }, at: now });
      const cancelled = await deps.storage.calendar.findBooking(auth.workspaceId, id);
      return cancelled === undefined ? notFound('booking') : ok(await toBookingView(deps.storage, auth.workspaceId, cancelled));
    },
  }),
  defineRoute({
    method: 'post', path: '/calendar/bookings/{bookingId}/reschedule', permission: 'calendar:bookings', tag: 'calendar',
    summary: 'Move a confirmed booking to another slot of its resource in one step (the old seat is freed only if the new one is taken)',
    body: rescheduleBookingBody,
    response: bookingView.json,
    async handle({ auth, deps, params, body }) {
      const id = params['bookingId'] ?? '';
      const booking = await deps.storage.calendar.findBooking(auth.workspaceId, id);
      if (booking === undefined || booking.preview) return notFound('booking');
      const slotStart = await slotStartOf(deps.storage, auth.workspaceId, booking.resourceId, body, deps.now().getTime());
      if (typeof slotStart !== 'number') return slotStart;
      const now = deps.now();
      const moved = await deps.storage.calendar.book(auth.workspaceId, { resourceId: booking.resourceId, slotStart, replaces: id, at: now });
      if (!moved.ok) return fail(BOOKING_REFUSALS[moved.code] ?? 422, moved.code, moved.message);
      await deps.storage.audit.append(auth.workspaceId, { actor: auth.actor, action: 'calendar.booking.reschedule', targetType: 'booking', targetId: id, details: { resourceId: booking.resourceId, from: iso(booking.slotStart), to: iso(slotStart), newBookingId: moved.value.id }, at: now });
      return ok(await toBookingView(deps.storage, auth.workspaceId, moved.value));
    },
  }),
];

/** The instant a reschedule asks for: a slot id of the booking's resource, or an ISO instant (exactly one). */
async function slotStartOf(storage: Storage, workspaceId: string, resourceId: string, body: RescheduleBookingBody, now: number): Promise<number | ApiResponse> {
  if ((body.slot === undefined) === (body.slotStart === undefined)) return fail(400, 'INVALID_BODY', 'give exactly one of slot (a slot id) and slotStart (an ISO 8601 instant)');
  if (body.slotStart !== undefined) {
    const at = Date.parse(body.slotStart);
    return Number.isNaN(at) ? fail(400, 'INVALID_BODY', 'slotStart must be an ISO 8601 instant') : at;
  }
  const parsed = parseSlotId(body.slot);
  if (parsed === undefined || parsed.resourceId !== resourceId) return fail(400, 'INVALID_BODY', `slot must be a slot id of ${resourceId} (${resourceId}@YYYY-MM-DDTHH:mm)`);
  const stored = await storage.calendar.findResource(workspaceId, resourceId);
  if (stored === undefined) return notFound('calendar resource');
  return toEpochOfLocal(parsed.start, fromStoredResource(stored, now).utcOffsetMinutes);
}
