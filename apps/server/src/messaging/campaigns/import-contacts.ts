import { CONTACT_COLUMNS, createCsvReader, readContactRow, type ContactRow, type CsvRecord } from '@flowline/core';
import type { Storage } from '@flowline/storage';

/** The most rows one import takes (the API's body limit bounds the text too). */
export const MAX_IMPORT_ROWS = 100_000;
/** The most row errors a report lists (all are counted). */
const MAX_REPORTED_ERRORS = 1000;

/** One refused row of an import, by its line in the file. */
export interface ImportRowError {
  readonly line: number;
  readonly code: string;
  readonly column?: string;
  readonly message: string;
}

/** What an import did, row by row where it refused one. */
export interface ImportReport {
  readonly rows: number;
  readonly imported: number;
  readonly created: number;
  readonly updated: number;
  /** Rows naming a phone already seen in the file, merged into it (tags added, fields merged, later values win). */
  readonly duplicatesMerged: number;
  /** Existing contacts who are not opted in (they may have opted out): kept as they are. */
  readonly notOptedIn: readonly string[];
  readonly errorCount: number;
  readonly errors: readonly ImportRowError[];
}

/**
 * Imports contacts from CSV text (a header row naming `phone` and optionally `name`, `tags`,
 * `opt_in_source`, `opt_in_at`; other columns become fields). The text is read in chunks by core's
 * incremental reader; phones are normalised to E.164; every row needs an opt-in source and time (its own
 * or the import's defaults); duplicates are merged; refused rows are reported by line. Contacts are
 * written in transactions of 500.
 */
export async function importContacts(storage: Storage, workspaceId: string, csv: string, defaults: { optInSource?: string; optedInAt?: number; now: Date }): Promise<{ ok: true; report: ImportReport } | { ok: false; code: string; message: string }> {
  const reader = createCsvReader();
  let header: string[] | undefined;
  const errors: ImportRowError[] = [];
  let errorCount = 0;
  let rows = 0;
  let duplicatesMerged = 0;
  const merged = new Map<string, ContactRow>();
  const refuse = (error: ImportRowError) => {
    errorCount++;
    if (errors.length < MAX_REPORTED_ERRORS) errors.push(error);
  };
  const take = (record: CsvRecord): string | undefined => {
    if (header === undefined) {
      if (!record.ok) return `the header row cannot be read: ${record.message}`;
      header = record.fields.map((f) => f.trim().toLowerCase());
      if (!header.includes(CONTACT_COLUMNS.phone)) return `the header row must name a "${CONTACT_COLUMNS.phone}" column (found: ${header.join(', ') || 'nothing'})`;
      return undefined;
    }
    rows++;
    if (rows > MAX_IMPORT_ROWS) return `an import takes at most ${MAX_IMPORT_ROWS} rows; split the file`;
    if (!record.ok) {
      refuse({ line: record.line, code: 'CSV_ROW', message: record.message });
      return undefined;
    }
    const named: Record<string, string> = {};
    header.forEach((column, i) => {
      named[column] = record.fields[i] ?? '';
    });
    const read = readContactRow(named, { now: defaults.now.getTime(), ...(defaults.optInSource === undefined ? {} : { optInSource: defaults.optInSource }), ...(defaults.optedInAt === undefined ? {} : { optedInAt: defaults.optedInAt }) });
    if (!read.ok) {
      refuse({ line: record.line, code: read.problem.code, column: read.problem.column, message: read.problem.message });
      return undefined;
    }
    const known = merged.get(read.contact.phone);
    if (known !== undefined) duplicatesMerged++;
    merged.set(read.contact.phone, known === undefined ? read.contact : {
      ...known, ...read.contact,
      tags: [...new Set([...known.tags, ...read.contact.tags])],
      fields: { ...known.fields, ...read.contact.fields },
    });
    return undefined;
  };
  const CHUNK = 64 * 1024;
  for (let i = 0; i <= csv.length; i += CHUNK) {
    const records = i + CHUNK >= csv.length ? [...reader.push(csv.slice(i, i + CHUNK)), ...reader.end()] : reader.push(csv.slice(i, i + CHUNK));
    for (const record of records) {
      const stop = take(record);
      if (stop !== undefined) return { ok: false, code: 'INVALID_CSV', message: stop };
    }
    if (i + CHUNK >= csv.length) break;
  }
  if (header === undefined) return { ok: false, code: 'INVALID_CSV', message: 'the file is empty: it needs a header row naming a "phone" column' };
  let created = 0;
  let updated = 0;
  const notOptedIn: string[] = [];
  const all = [...merged.values()];
  for (let i = 0; i < all.length; i += 500) {
    const outcome = await storage.audiences.importContacts(workspaceId, all.slice(i, i + 500), defaults.now);
    created += outcome.created;
    updated += outcome.updated;
    for (const phone of outcome.keptOptedOut) if (notOptedIn.length < MAX_REPORTED_ERRORS) notOptedIn.push(phone);
  }
  return { ok: true, report: { rows, imported: all.length, created, updated, duplicatesMerged, notOptedIn, errorCount, errors } };
}
