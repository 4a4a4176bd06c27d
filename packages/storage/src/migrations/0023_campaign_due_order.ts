import type { Kysely } from 'kysely';

/**
 * A campaign's due recipients are read in (next_attempt_at, contact_id) order, a batch at a time. The first
 * index stopped at next_attempt_at, so every batch sorted all the campaign's queued recipients that share a
 * due time (all of them, for a campaign sent now) to return the first hundred: each batch cost grew with the
 * campaign. With contact_id in the index the read follows the index and stops at the batch's end.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('campaign_recipients_due').execute();
  await db.schema.createIndex('campaign_recipients_due').on('campaign_recipients').columns(['campaign_id', 'state', 'next_attempt_at', 'contact_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('campaign_recipients_due').execute();
  await db.schema.createIndex('campaign_recipients_due').on('campaign_recipients').columns(['campaign_id', 'state', 'next_attempt_at']).execute();
}
