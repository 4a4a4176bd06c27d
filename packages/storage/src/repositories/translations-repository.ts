import type { FlowTranslationTable } from '../database.js';
import { inTransaction, type Executor } from '../dialect/executor.js';
import { toEpochMs, type Instant } from '../instant.js';
import { fromJsonText, toJsonText } from '../dialect/json-text.js';

/** A Flow's languages: the one it is written in, the one a customer without a match gets, the translated ones. */
export interface FlowLocalization {
  workspaceId: string;
  flowId: string;
  sourceLanguage: string;
  fallbackLanguage: string;
  /** Translated languages, in the order they were added (never the source language). */
  languages: string[];
  updatedAt: number;
}

/** One translated text of a Flow version (docs/localization.md). */
export interface StoredTranslation {
  key: string;
  text: string;
  /** Hash of the source text the translation was made from (`hashSourceText`). */
  sourceHash: string;
  updatedAt: number;
  updatedBy: string;
}

/** A language's translations for a version, and the version they were stored for. */
export interface VersionTranslations {
  /** The version the rows belong to: the one asked for, or the latest earlier one with this language. */
  versionNumber: number | null;
  translations: StoredTranslation[];
}

/** What a save writes for one key; a blank `text` removes the key's translation. */
export interface TranslationInput {
  key: string;
  text: string;
  sourceHash: string;
}

/** Flow languages and translations, scoped by workspace. */
export interface TranslationsRepository {
  findLocalization(workspaceId: string, flowId: string): Promise<FlowLocalization | undefined>;
  /** Creates or replaces a Flow's language settings (the caller checks the Flow exists and the tags). */
  saveLocalization(workspaceId: string, flowId: string, settings: { sourceLanguage: string; fallbackLanguage: string; languages: readonly string[] }, at: Instant): Promise<FlowLocalization>;
  /**
   * A language's translations for a version. A version without any row for the language inherits the
   * latest earlier version's, so a new version starts translated as far as its texts are unchanged
   * (the source hashes tell the completeness check which ones changed).
   */
  list(workspaceId: string, flowId: string, versionNumber: number, language: string): Promise<VersionTranslations>;
  /**
   * Saves translations of a version in one transaction: first, when the version has none for the
   * language yet, a copy of the inherited ones; then each input replaces its key (blank removes it).
   */
  save(workspaceId: string, flowId: string, versionNumber: number, language: string, inputs: readonly TranslationInput[], change: { at: Instant; by: string }): Promise<VersionTranslations>;
  /** Removes a language's translations of every version of a Flow. */
  removeLanguage(workspaceId: string, flowId: string, language: string): Promise<void>;
}

const COPY_CHUNK = 100;

function toStored(row: FlowTranslationTable): StoredTranslation {
  return { key: row.text_key, text: row.text, sourceHash: row.source_hash, updatedAt: Number(row.updated_at), updatedBy: row.updated_by };
}

/** Creates the translations repository over a database handle. */
export function createTranslationsRepository(db: Executor): TranslationsRepository {
  const list = async (tx: Executor, workspaceId: string, flowId: string, versionNumber: number, language: string): Promise<VersionTranslations> => {
    const latest = await tx
      .selectFrom('flow_translations')
      .select('version_number')
      .where('workspace_id', '=', workspaceId)
      .where('flow_id', '=', flowId)
      .where('language', '=', language)
      .where('version_number', '<=', versionNumber)
      .orderBy('version_number', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (latest === undefined) return { versionNumber: null, translations: [] };
    const rows = await tx
      .selectFrom('flow_translations')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('flow_id', '=', flowId)
      .where('language', '=', language)
      .where('version_number', '=', latest.version_number)
      .orderBy('text_key')
      .execute();
    return { versionNumber: Number(latest.version_number), translations: rows.map(toStored) };
  };
  return {
    async findLocalization(workspaceId, flowId) {
      const row = await db.selectFrom('flow_localizations').selectAll().where('workspace_id', '=', workspaceId).where('flow_id', '=', flowId).executeTakeFirst();
      if (row === undefined) return undefined;
      const languages = fromJsonText(row.languages);
      return {
        workspaceId,
        flowId,
        sourceLanguage: row.source_language,
        fallbackLanguage: row.fallback_language,
        languages: Array.isArray(languages) ? languages.filter((l): l is string => typeof l === 'string') : [],
        updatedAt: Number(row.updated_at),
      };
    },
    async saveLocalization(workspaceId, flowId, settings, at) {
      const row = {
        workspace_id: workspaceId,
        flow_id: flowId,
        source_language: settings.sourceLanguage,
        fallback_language: settings.fallbackLanguage,
        languages: toJsonText([...settings.languages]),
        updated_at: toEpochMs(at),
      };
      await db
        .insertInto('flow_localizations')
        .values(row)
        .onConflict((oc) => oc.columns(['workspace_id', 'flow_id']).doUpdateSet({ source_language: row.source_language, fallback_language: row.fallback_language, languages: row.languages, updated_at: row.updated_at }))
        .execute();
      return { workspaceId, flowId, sourceLanguage: row.source_language, fallbackLanguage: row.fallback_language, languages: [...settings.languages], updatedAt: row.updated_at };
    },
    list: (workspaceId, flowId, versionNumber, language) => list(db, workspaceId, flowId, versionNumber, language),
    save(workspaceId, flowId, versionNumber, language, inputs, change) {
      const at = toEpochMs(change.at);
      return inTransaction(db, async (tx) => {
        const current = await list(tx, workspaceId, flowId, versionNumber, language);
        if (current.versionNumber !== null && current.versionNumber !== versionNumber && current.translations.length > 0) {
          const rows = current.translations.map((t) => ({ workspace_id: workspaceId, flow_id: flowId, version_number: versionNumber, language, text_key: t.key, text: t.text, source_hash: t.sourceHash, updated_at: t.updatedAt, updated_by: t.updatedBy }));
          // In chunks: SQLite bounds the parameters of one statement.
          for (let i = 0; i < rows.length; i += COPY_CHUNK) await tx.insertInto('flow_translations').values(rows.slice(i, i + COPY_CHUNK)).execute();
        }
        for (const input of inputs) {
          const scope = tx.deleteFrom('flow_translations').where('workspace_id', '=', workspaceId).where('flow_id', '=', flowId).where('version_number', '=', versionNumber).where('language', '=', language).where('text_key', '=', input.key);
          if (input.text.trim() === '') {
            await scope.execute();
            continue;
          }
          await tx
            .insertInto('flow_translations')
            .values({ workspace_id: workspaceId, flow_id: flowId, version_number: versionNumber, language, text_key: input.key, text: input.text, source_hash: input.sourceHash, updated_at: at, updated_by: change.by })
            .onConflict((oc) => oc.columns(['workspace_id', 'flow_id', 'language', 'version_number', 'text_key']).doUpdateSet({ text: input.text, source_hash: input.sourceHash, updated_at: at, updated_by: change.by }))
            .execute();
        }
        return list(tx, workspaceId, flowId, versionNumber, language);
      });
    },
    async removeLanguage(workspaceId, flowId, language) {
      await db.deleteFrom('flow_translations').where('workspace_id', '=', workspaceId).where('flow_id', '=', flowId).where('language', '=', language).execute();
    },
  };
}
