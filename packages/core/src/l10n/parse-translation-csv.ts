import { createCsvReader, type CsvRecord } from '../campaign/index.js';
import { TRANSLATOR_FILE_LIMITS, type ParseTranslatorFileResult, type TranslatorUnit } from './translator-file.js';

/**
 * Reads a translation CSV: a header naming at least `key`, `source` and `target` (any order, other
 * columns ignored), then one row per text. A cell that `toTranslationCsv` guarded against formula
 * injection (a `'` before `=`, `+`, `-`, `@`, tab or CR) is read without the guard. Never throws.
 */
export function parseTranslationCsv(text: string): ParseTranslatorFileResult {
  if (text.length > TRANSLATOR_FILE_LIMITS.maxChars) return { ok: false, code: 'FILE_TOO_LARGE', message: `the file is larger than ${TRANSLATOR_FILE_LIMITS.maxChars} characters` };
  const reader = createCsvReader();
  const records: CsvRecord[] = [...reader.push(text), ...reader.end()];
  const [header, ...rows] = records;
  if (header === undefined) return { ok: false, code: 'MALFORMED', message: 'the file is empty' };
  if (!header.ok) return { ok: false, code: 'MALFORMED', message: header.message, line: header.line };
  const column = (name: string) => header.fields.findIndex((field) => field.trim().toLowerCase() === name);
  const [key, source, target] = [column('key'), column('source'), column('target')];
  if (key === -1 || source === -1 || target === -1) return { ok: false, code: 'MALFORMED', message: 'the header must name the columns key, source and target', line: header.line };
  if (rows.length > TRANSLATOR_FILE_LIMITS.maxUnits) return { ok: false, code: 'TOO_MANY_UNITS', message: `more than ${TRANSLATOR_FILE_LIMITS.maxUnits} rows` };
  const units: TranslatorUnit[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (!row.ok) return { ok: false, code: 'MALFORMED', message: row.message, line: row.line };
    const unitKey = row.fields[key] ?? '';
    if (unitKey === '') return { ok: false, code: 'MALFORMED', message: 'a row has no key', line: row.line };
    if (seen.has(unitKey)) return { ok: false, code: 'DUPLICATE_KEY', message: `the key "${unitKey}" appears twice`, line: row.line };
    seen.add(unitKey);
    units.push({ key: unitKey, source: unguard(row.fields[source] ?? ''), target: unguard(row.fields[target] ?? '') });
  }
  return { ok: true, units };
}

const GUARDED = /^'[=+\-@\t\r]/;

function unguard(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell;
}
