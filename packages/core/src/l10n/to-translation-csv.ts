import { toCsvLine } from '../export/index.js';
import { findTarget, type TranslatorExport } from './translator-file.js';

/** The header of a translation CSV; `key` and `target` are what an import reads back, with `source`. */
export const TRANSLATION_CSV_COLUMNS = ['key', 'source', 'target', 'status', 'max_length', 'note'] as const;

/**
 * A translation CSV (RFC 4180) for spreadsheet tools: one row per text, the current translation in
 * `target`, `status` "translated", "outdated" or "missing". Cells that a spreadsheet would run as a
 * formula are prefixed with `'` (see `toCsvLine`); the import removes that prefix again.
 */
export function toTranslationCsv(file: TranslatorExport): string {
  const translations = new Map(file.translations.map((t) => [t.key, t]));
  let out = toCsvLine([...TRANSLATION_CSV_COLUMNS]);
  for (const text of file.texts) {
    const target = findTarget(text, translations);
    const status = target === undefined ? 'missing' : target.current ? 'translated' : 'outdated';
    out += toCsvLine([text.key, text.text, target?.target ?? '', status, text.maxLength ?? '', text.description ?? '']);
  }
  return out;
}
