import type { Kysely } from 'kysely';

/**
 * One Meta Flow per language (docs/localization.md): `meta_flows.language` is the translated language
 * whose build a Meta Flow carries (a BCP 47 tag such as `es`), null for the Flow's source build. Every
 * Meta Flow of a language is linked to the same Flowline Flow; the retiring rules apply per language.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('meta_flows').addColumn('language', 'text').execute();
}
