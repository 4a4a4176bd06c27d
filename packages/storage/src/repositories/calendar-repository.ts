import { decideBookingMove, findResourceProblem, findSeat, isSameSlot, isWithinOpeningHours, slotEndOf, toBookingParties, type OpeningHours } from '@flowline/core';
import type { BookingTable, CalendarResourceTable, OpeningHoursTable } from '../database.js';
import { inTransaction, type Backend, type Executor } from '../dialect/executor.js';
import { toEpochMs, type Instant } from '../instant.js';
import { isUniqueViolation } from '../dialect/is-unique-violation.js';
import { newId } from '../new-id.js';
import { fail, succeed, type StorageResult } from '../storage-result.js';

export type { OpeningHours };

/** Something bookable (a room, a person, a service) with a capacity per slot. */
export interface CalendarResource {
  workspaceId: string;
  id: string;
  name: string;
  capacity: number;
  slotMinutes: number;
  timeZone: string;
  openingHours: OpeningHours[];
  createdAt: number;
}

/** A booking of one seat in one slot of a resource. */
export interface Booking {
  id: string;
  workspaceId: string;
  resourceId: string;
  slotStart: number;
  slotEnd: number;
  status: 'confirmed' | 'cancelled';
  contactId: string | null;
  sendId: string | null;
  reference: string | null;
  createdAt: number;
  cancelledAt: number | null;
  /** A booking of a preview or simulation: in the preview calendar, never seen by customers. */
  preview: boolean;
  /** Until when a preview booking holds its seat for other previews; null for real bookings. */
  holdUntil: number | null;
}

/** What a booking request carries; `preview` puts it in the preview calendar, holding its seat until `holdUntil`. */
export interface BookingInput {
  resourceId: string;
  slotStart: Instant;
  contactId?: string;
  sendId?: string;
  /**
   * Who books, for idempotency: at most one confirmed booking per reference (per calendar). Booking
   * again with the same reference returns that booking for the same slot, or moves it to the new slot.
   */
  reference?: string;
  at: Instant;
  preview?: { holdUntil: Instant };
  /**
   * Reschedules: the id of a confirmed (real) booking that moves to this slot in the same transaction,
   * keeping its contact, send and reference; its old seat is freed only if the new one is taken.
   */
  replaces?: string;
}

/** Why a resource definition was refused. */
export type ResourceProblem = 'INVALID_RESOURCE';

/** Why a booking was refused. */
export type BookingProblem = 'UNKNOWN_RESOURCE' | 'OUTSIDE_OPENING_HOURS' | 'SLOT_FULL' | 'UNKNOWN_BOOKING';

/** Calendar resources, their opening hours and bookings, scoped by workspace. */
export interface CalendarRepository {
  /** Creates or updates a resource and replaces its opening hours (none means always open). */
  saveResource(
    workspaceId: string,
    resource: { id: string; name: string; capacity: number; slotMinutes: number; timeZone: string; openingHours?: readonly OpeningHours[]; at: Instant },
  ): Promise<StorageResult<CalendarResource, ResourceProblem>>;
  findResource(workspaceId: string, resourceId: string): Promise<CalendarResource | undefined>;
  listResources(workspaceId: string): Promise<CalendarResource[]>;
  /** Books one seat of the slot starting at `slotStart`; never exceeds capacity, even under concurrent calls. */
  book(workspaceId: string, booking: BookingInput): Promise<StorageResult<Booking, BookingProblem>>;
  /** Cancels a confirmed booking and frees its seat. */
  cancel(workspaceId: string, bookingId: string, at: Instant): Promise<boolean>;
  findBooking(workspaceId: string, bookingId: string): Promise<Booking | undefined>;
  /**
   * Bookings of a resource with slots starting in [from, to), ordered by slot: the real ones, plus
   * (with `previewAt`) the preview bookings still holding their seat at that instant.
   */
  listBookings(workspaceId: string, resourceId: string, range: { from: Instant; to: Instant; includeCancelled?: boolean; previewAt?: Instant }): Promise<Booking[]>;
}

function toBooking(row: BookingTable): Booking {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    resourceId: row.resource_id,
    slotStart: row.slot_start,
    slotEnd: row.slot_end,
    status: row.status === 'cancelled' ? 'cancelled' : 'confirmed',
    contactId: row.contact_id,
    sendId: row.send_id,
    reference: row.reference,
    createdAt: row.created_at,
    cancelledAt: row.cancelled_at,
    preview: row.preview === 1,
    holdUntil: row.hold_until,
  };
}

function toResource(row: CalendarResourceTable, hours: readonly OpeningHoursTable[]): CalendarResource {
  return {
    workspaceId: row.workspace_id,
    id: row.id,
    name: row.name,
    capacity: row.capacity,
    slotMinutes: row.slot_minutes,
    timeZone: row.time_zone,
    openingHours: hours.map((h) => ({ weekday: h.weekday, opens: h.opens, closes: h.closes })),
    createdAt: row.created_at,
  };
}

/**
 * Creates the calendar repository: its SQL, with the booking rules taken from core's calendar (opening
 * hours, seats, moves); bookings take a per-resource lock and a unique slot seat.
 */
export function createCalendarRepository(db: Executor, backend: Backend): CalendarRepository {
  const findResource = async (tx: Executor, workspaceId: string, resourceId: string, lock: boolean) => {
    const row = await tx
      .selectFrom('calendar_resources')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', resourceId)
      // PostgreSQL: bookings of one resource queue on its row; SQLite write transactions are already exclusive.
      .$if(lock && backend === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    if (!row) return undefined;
    const hours = await tx
      .selectFrom('opening_hours')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('resource_id', '=', resourceId)
      .orderBy('weekday')
      .orderBy('opens')
      .execute();
    return toResource(row, hours);
  };

  return {
    saveResource(workspaceId, resource) {
      const problem = findResourceProblem(resource);
      if (problem !== undefined) return Promise.resolve(fail('INVALID_RESOURCE', problem));
      const row: CalendarResourceTable = {
        workspace_id: workspaceId,
        id: resource.id,
        name: resource.name,
        capacity: resource.capacity,
        slot_minutes: resource.slotMinutes,
        time_zone: resource.timeZone,
        created_at: toEpochMs(resource.at),
      };
      return inTransaction(db, async (tx) => {
        await tx
          .insertInto('calendar_resources')
          .values(row)
          .onConflict((oc) => oc.columns(['workspace_id', 'id']).doUpdateSet({ name: row.name, capacity: row.capacity, slot_minutes: row.slot_minutes, time_zone: row.time_zone }))
          .execute();
        await tx.deleteFrom('opening_hours').where('workspace_id', '=', workspaceId).where('resource_id', '=', resource.id).execute();
        const hours = (resource.openingHours ?? []).map((h) => ({ workspace_id: workspaceId, resource_id: resource.id, weekday: h.weekday, opens: h.opens, closes: h.closes }));
        if (hours.length > 0) await tx.insertInto('opening_hours').values(hours).execute();
        const saved = await findResource(tx, workspaceId, resource.id, false);
        return saved ? succeed(saved) : fail('INVALID_RESOURCE', 'the resource could not be read back');
      });
    },

    findResource: (workspaceId, resourceId) => findResource(db, workspaceId, resourceId, false),

    async listResources(workspaceId) {
      const rows = await db.selectFrom('calendar_resources').select('id').where('workspace_id', '=', workspaceId).orderBy('id').execute();
      const resources: CalendarResource[] = [];
      for (const { id } of rows) {
        const resource = await findResource(db, workspaceId, id, false);
        if (resource) resources.push(resource);
      }
      return resources;
    },

    async book(workspaceId, booking) {
      const slotStart = toEpochMs(booking.slotStart);
      const createdAt = toEpochMs(booking.at);
      const preview = booking.preview === undefined ? 0 : 1;
      const findByReference = (tx: Executor, reference: string) =>
        tx
          .selectFrom('bookings')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('preview', '=', preview)
          .where('reference', '=', reference)
          .where('status', '=', 'confirmed')
          .executeTakeFirst();
      try {
        return await inTransaction(db, async (tx) => {
          const resource = await findResource(tx, workspaceId, booking.resourceId, true);
          if (!resource) return fail('UNKNOWN_RESOURCE', `no calendar resource ${booking.resourceId} in this workspace`);
          if (!isWithinOpeningHours(resource, slotStart)) return fail('OUTSIDE_OPENING_HOURS', 'the slot is outside the opening hours');
          // Preview holds end on their own: expired ones are released before counting.
          if (preview === 1) await tx.deleteFrom('bookings').where('workspace_id', '=', workspaceId).where('preview', '=', 1).where('hold_until', '<=', createdAt).execute();
          const earlierRow = booking.replaces !== undefined
            ? await tx.selectFrom('bookings').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', booking.replaces).where('status', '=', 'confirmed').where('preview', '=', 0).executeTakeFirst()
            : booking.reference === undefined ? undefined : await findByReference(tx, booking.reference);
          const earlier = earlierRow && toBooking(earlierRow);
          const move = decideBookingMove({ resourceId: resource.id, slotStart, preview: preview === 1, replaces: booking.replaces }, earlier);
          if (move.kind === 'unknown-booking') return fail('UNKNOWN_BOOKING', `no confirmed booking ${booking.replaces ?? ''} in this workspace`);
          if (move.kind === 'unchanged') return succeed(move.booking);
          const taken = await tx
            .selectFrom('bookings')
            .select(['seat', 'preview'])
            .where('workspace_id', '=', workspaceId)
            .where('resource_id', '=', resource.id)
            .where('slot_start', '=', slotStart)
            .where('status', '=', 'confirmed')
            // A real booking counts real seats only; a preview counts real seats and the other previews' holds.
            .$if(preview === 0, (q) => q.where('preview', '=', 0))
            .execute();
          const free = findSeat(taken.map((t) => ({ seat: t.seat, preview: t.preview === 1 })), resource.capacity, preview === 1);
          if (free === undefined) return fail('SLOT_FULL', 'the slot is fully booked');
          if (move.moves !== undefined) {
            // The same booker chose another slot (went back and changed it): the booking moves, one seat per reference.
            await tx.updateTable('bookings').set({ status: 'cancelled', seat: null, cancelled_at: createdAt }).where('workspace_id', '=', workspaceId).where('id', '=', move.moves.id).execute();
          }
          const parties = toBookingParties(booking, move.moves);
          const row: BookingTable = {
            id: newId(),
            workspace_id: workspaceId,
            resource_id: resource.id,
            slot_start: slotStart,
            slot_end: slotEndOf(resource, slotStart),
            // Preview bookings take no real seat: the unique slot seat is the customers' calendar only.
            seat: free.seat,
            status: 'confirmed',
            contact_id: parties.contactId,
            send_id: parties.sendId,
            reference: parties.reference,
            created_at: createdAt,
            cancelled_at: null,
            preview,
            hold_until: booking.preview === undefined ? null : toEpochMs(booking.preview.holdUntil),
          };
          await tx.insertInto('bookings').values(row).execute();
          return succeed(toBooking(row));
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // A concurrent request with the same reference won the race: its booking is this request's booking.
        const winnerRow = booking.reference === undefined ? undefined : await findByReference(db, booking.reference);
        const winner = winnerRow && toBooking(winnerRow);
        if (winner !== undefined && isSameSlot(winner, { resourceId: booking.resourceId, slotStart })) return succeed(winner);
        // The unique slot seat is the last line of defence should two writers ever pass the check together.
        return fail('SLOT_FULL', 'the slot is fully booked');
      }
    },
    async cancel(workspaceId, bookingId, at) {
      const result = await db
        .updateTable('bookings')
        .set({ status: 'cancelled', seat: null, cancelled_at: toEpochMs(at) })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', bookingId)
        .where('status', '=', 'confirmed')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async findBooking(workspaceId, bookingId) {
      const row = await db.selectFrom('bookings').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', bookingId).executeTakeFirst();
      return row && toBooking(row);
    },

    async listBookings(workspaceId, resourceId, range) {
      const rows = await db
        .selectFrom('bookings')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('resource_id', '=', resourceId)
        .where('slot_start', '>=', toEpochMs(range.from))
        .where('slot_start', '<', toEpochMs(range.to))
        .$if(range.includeCancelled !== true, (q) => q.where('status', '=', 'confirmed'))
        .$if(range.previewAt === undefined, (q) => q.where('preview', '=', 0))
        .$if(range.previewAt !== undefined, (q) =>
          q.where((eb) => eb.or([eb('preview', '=', 0), eb('hold_until', '>', toEpochMs(range.previewAt ?? 0))])),
        )
        .orderBy('slot_start')
        .orderBy('created_at')
        .execute();
      return rows.map(toBooking);
    },
  };
}
