import type { Kysely } from 'kysely';

/**
 * Localized Flows (docs/localization.md): a Flow's languages (its source language, the fallback a
 * customer without a matching language gets, the translated languages), the translations of each
 * Flow version per language and text key (with the hash of the source text each was made from), and
 * a contact's language and the language of each send.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('flow_localizations')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('source_language', 'text', (c) => c.notNull())
    .addColumn('fallback_language', 'text', (c) => c.notNull())
    // The translated languages, a JSON array of BCP 47 tags (the source language is not in it).
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('flow_localizations_pk', ['workspace_id', 'flow_id'])
    .addForeignKeyConstraint('flow_localizations_flow', ['workspace_id', 'flow_id'], 'flows', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('flow_translations')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('version_number', 'integer', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('text_key', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('source_hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('flow_translations_pk', ['workspace_id', 'flow_id', 'language', 'version_number', 'text_key'])
    .addForeignKeyConstraint('flow_translations_version', ['workspace_id', 'flow_id', 'version_number'], 'flow_versions', ['workspace_id', 'flow_id', 'number'], (fk) => fk.onDelete('cascade'))
    .execute();

  await db.schema.alterTable('contacts').addColumn('language', 'text').execute();
  // The language a send was made in (the build the customer got), so its sandbox session and reports use it.
  await db.schema.alterTable('sends').addColumn('language', 'text').execute();
}
