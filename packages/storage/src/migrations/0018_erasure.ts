import type { Kysely } from 'kysely';

/**
 * Erasure (issue 12 part 8, docs/privacy.md): `contacts.erased_at` says when a contact was erased on request.
 * The row itself stays, anonymised, so counts and foreign keys (sends, bookings, inbox items) hold.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('contacts').addColumn('erased_at', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('contacts').dropColumn('erased_at').execute();
}
