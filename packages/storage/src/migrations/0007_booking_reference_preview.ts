import { sql, type Kysely } from 'kysely';

/**
 * Bookings become idempotent per reference and previews get their own calendar:
 * - `preview` (0/1) marks a booking made by a studio preview or a CLI simulation; customers' slot
 *   listings never count it, and it holds its seat for previews only until `hold_until`;
 * - one confirmed booking per (workspace, preview, reference): a replayed or retried request finds the
 *   booking it already made instead of taking another seat.
 * Confirmed bookings that already share a reference (made by replays before this migration) keep their
 * seats; all but the earliest get the booking id appended to their reference so the index can hold.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`UPDATE bookings SET reference = reference || ':' || id
    WHERE status = 'confirmed' AND reference IS NOT NULL AND EXISTS (
      SELECT 1 FROM bookings b
      WHERE b.workspace_id = bookings.workspace_id AND b.reference = bookings.reference AND b.status = 'confirmed'
        AND (b.created_at < bookings.created_at OR (b.created_at = bookings.created_at AND b.id < bookings.id))
    )`.execute(db);
  await db.schema.alterTable('bookings').addColumn('preview', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('bookings').addColumn('hold_until', 'bigint').execute();
  await sql`CREATE UNIQUE INDEX bookings_reference ON bookings (workspace_id, preview, reference) WHERE status = 'confirmed' AND reference IS NOT NULL`.execute(db);
}
