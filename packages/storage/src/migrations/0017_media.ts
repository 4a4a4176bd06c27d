import type { Kysely } from 'kysely';

/**
 * Media of submissions: one row per PhotoPicker/DocumentPicker file a submission referenced, written by
 * the worker's `media.fetch` action once the file is downloaded, verified, decrypted and stored
 * (`stored`), or once it could not be (`failed`, with why). The bytes live in the media store under
 * `storage_key`; the row says what they are. `contact_phone` lets an erasure find a contact's files.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('media')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('submission_id', 'text', (c) => c.notNull())
    .addColumn('contact_phone', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('item_index', 'integer', (c) => c.notNull())
    // WhatsApp's media_id of the file (platform spec §6.4).
    .addColumn('media_id', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint')
    // SHA-256 (hex) of the decrypted file, as verified against plaintext_hash.
    .addColumn('sha256', 'text')
    .addColumn('storage_key', 'text')
    // stored | failed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // One row per file of a submission: a redelivered action updates it instead of adding another.
  await db.schema.createIndex('media_submission_item').unique().on('media').columns(['workspace_id', 'submission_id', 'field', 'item_index']).execute();
  await db.schema.createIndex('media_workspace_contact').on('media').columns(['workspace_id', 'contact_phone']).execute();
}
