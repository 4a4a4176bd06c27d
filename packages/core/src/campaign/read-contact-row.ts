import { parsePhoneNumber } from '../phone/parse-phone-number.js';

/** A contact read from an import row, ready to store. */
export interface ContactRow {
  readonly phone: string;
  readonly name?: string;
  readonly tags: readonly string[];
  readonly fields: Readonly<Record<string, string>>;
  readonly optInSource: string;
  readonly optedInAt: number;
}

/** Why a row was refused, in words, with the column at fault. */
export interface ContactRowProblem {
  readonly code: 'PHONE_MISSING' | 'PHONE_INVALID' | 'OPT_IN_SOURCE_MISSING' | 'OPT_IN_TIME_MISSING' | 'OPT_IN_TIME_INVALID' | 'OPT_IN_IN_FUTURE';
  readonly column: string;
  readonly message: string;
}

/** The columns an import reads; every other column becomes a contact field. */
export const CONTACT_COLUMNS = { phone: 'phone', name: 'name', tags: 'tags', optInSource: 'opt_in_source', optedInAt: 'opt_in_at' } as const;

/**
 * Reads one import row (header → value): the phone into E.164, tags split on `;` or `|`, the opt-in's
 * source and time (ISO 8601 or epoch milliseconds; both required, from the row or the import's defaults;
 * a time after `now` is refused), other columns as fields. Problems are values, worded for the row report.
 */
export function readContactRow(row: Readonly<Record<string, string>>, defaults: { optInSource?: string; optedInAt?: number; now: number }): { ok: true; contact: ContactRow } | { ok: false; problem: ContactRowProblem } {
  const value = (column: string) => (row[column] ?? '').trim();
  const text = value(CONTACT_COLUMNS.phone);
  if (text === '') return { ok: false, problem: { code: 'PHONE_MISSING', column: CONTACT_COLUMNS.phone, message: 'the phone column is empty' } };
  const phone = parsePhoneNumber(text);
  if (!phone.ok) return { ok: false, problem: { code: 'PHONE_INVALID', column: CONTACT_COLUMNS.phone, message: phone.message } };
  const optInSource = value(CONTACT_COLUMNS.optInSource) || defaults.optInSource || '';
  if (optInSource === '') return { ok: false, problem: { code: 'OPT_IN_SOURCE_MISSING', column: CONTACT_COLUMNS.optInSource, message: 'where the contact opted in is required (the opt_in_source column, or optInSource for the whole import)' } };
  const timeText = value(CONTACT_COLUMNS.optedInAt);
  let optedInAt = defaults.optedInAt;
  if (timeText !== '') optedInAt = /^\d{1,15}$/.test(timeText) ? Number(timeText) : Date.parse(timeText);
  if (optedInAt === undefined) return { ok: false, problem: { code: 'OPT_IN_TIME_MISSING', column: CONTACT_COLUMNS.optedInAt, message: 'when the contact opted in is required (the opt_in_at column, or optedInAt for the whole import)' } };
  if (!Number.isFinite(optedInAt)) return { ok: false, problem: { code: 'OPT_IN_TIME_INVALID', column: CONTACT_COLUMNS.optedInAt, message: 'the opt-in time must be an ISO 8601 date-time such as 2026-03-01T10:00:00Z, or epoch milliseconds' } };
  if (optedInAt > defaults.now) return { ok: false, problem: { code: 'OPT_IN_IN_FUTURE', column: CONTACT_COLUMNS.optedInAt, message: 'the opt-in time is in the future' } };
  const name = value(CONTACT_COLUMNS.name);
  const tags = value(CONTACT_COLUMNS.tags).split(/[;|]/).map((t) => t.trim()).filter((t) => t !== '').slice(0, 100);
  const known = new Set<string>(Object.values(CONTACT_COLUMNS));
  const fields: Record<string, string> = {};
  for (const [column, v] of Object.entries(row)) if (!known.has(column) && column !== '' && v.trim() !== '') fields[column] = v.trim();
  return { ok: true, contact: { phone: phone.phone, ...(name === '' ? {} : { name }), tags, fields, optInSource: optInSource.slice(0, 200), optedInAt } };
}
