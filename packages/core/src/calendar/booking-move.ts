/** Where a booking is: its resource and the start of its slot (epoch ms). */
export interface BookedSlot {
  readonly resourceId: string;
  readonly slotStart: number;
}

/** Who a booking is for; a rescheduled booking keeps these unless the request names new ones. */
export interface BookingParties {
  readonly contactId: string | null;
  readonly sendId: string | null;
  readonly reference: string | null;
}

/** A booking request as the rules see it. */
export interface BookingRequest extends BookedSlot {
  /** Whether it goes to the preview calendar. */
  readonly preview: boolean;
  /** The id of the confirmed booking it reschedules, if any. */
  readonly replaces?: string | undefined;
}

/**
 * What a request does with the confirmed booking it may move (the one it `replaces`, or its booker's by
 * reference): `unknown-booking` when it reschedules a booking that is not there (or from a preview: only
 * real bookings are rescheduled); `unchanged` when that booking already holds this slot (booking again is
 * idempotent: it is the answer); otherwise `book` a seat, cancelling the booking it `moves` (if any) in
 * the same transaction.
 */
export type BookingMove<T extends BookedSlot> =
  | { readonly kind: 'unknown-booking' }
  | { readonly kind: 'unchanged'; readonly booking: T }
  | { readonly kind: 'book'; readonly moves: T | undefined };

/** Whether two bookings are of the same slot of the same resource. */
export function isSameSlot(a: BookedSlot, b: BookedSlot): boolean {
  return a.resourceId === b.resourceId && a.slotStart === b.slotStart;
}

/** Decides what a booking request does with the earlier confirmed booking it moves, if any (see `BookingMove`). */
export function decideBookingMove<T extends BookedSlot>(request: BookingRequest, earlier: T | undefined): BookingMove<T> {
  if (request.replaces !== undefined && (earlier === undefined || request.preview)) return { kind: 'unknown-booking' };
  if (earlier !== undefined && isSameSlot(earlier, request)) return { kind: 'unchanged', booking: earlier };
  return { kind: 'book', moves: earlier };
}

/**
 * The parties of a new booking: those the request names, and for a reschedule (`replaces`) the rescheduled
 * booking's where it names none. A booking moved by its reference inherits nothing.
 */
export function toBookingParties(
  request: { readonly contactId?: string | undefined; readonly sendId?: string | undefined; readonly reference?: string | undefined; readonly replaces?: string | undefined },
  earlier: BookingParties | undefined,
): BookingParties {
  const kept = request.replaces === undefined ? undefined : earlier;
  return {
    contactId: request.contactId ?? kept?.contactId ?? null,
    sendId: request.sendId ?? kept?.sendId ?? null,
    reference: request.reference ?? kept?.reference ?? null,
  };
}
