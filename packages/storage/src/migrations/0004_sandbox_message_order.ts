import { sql, type Kysely } from 'kysely';

/**
 * Sandbox chats keep the order messages were appended in: a per-chat sequence number (messages often
 * share one time, e.g. under a fixed clock, and the random ids would otherwise decide their order).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sandbox_messages').addColumn('seq', 'bigint').execute();
  // Existing rows: their order so far (time, then id) becomes their sequence.
  await sql`UPDATE sandbox_messages SET seq = (
    SELECT count(*) FROM sandbox_messages m
    WHERE m.workspace_id = sandbox_messages.workspace_id AND m.contact_id = sandbox_messages.contact_id
      AND (m.at < sandbox_messages.at OR (m.at = sandbox_messages.at AND m.id <= sandbox_messages.id))
  )`.execute(db);
  await db.schema.createIndex('sandbox_messages_chat_seq').on('sandbox_messages').columns(['workspace_id', 'contact_id', 'seq']).execute();
}
