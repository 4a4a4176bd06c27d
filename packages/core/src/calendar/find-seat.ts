/** A confirmed booking of the slot that counts against its capacity for this request. */
export interface TakenSeat {
  /** The real seat number; null for a preview's hold. */
  readonly seat: number | null;
  readonly preview: boolean;
}

/**
 * The seat a new booking takes in a slot, or undefined when the slot is full. A real booking takes the
 * lowest free real seat (`taken` holds the real bookings only); a preview takes no real seat (null) and
 * counts the real bookings and the other previews' live holds together (`taken` holds both).
 */
export function findSeat(taken: readonly TakenSeat[], capacity: number, preview: boolean): { readonly seat: number | null } | undefined {
  if (preview) return taken.length + 1 > capacity ? undefined : { seat: null };
  const seats = new Set(taken.filter((t) => !t.preview).map((t) => t.seat));
  let seat = 1;
  while (seats.has(seat)) seat += 1;
  return seat > capacity ? undefined : { seat };
}
