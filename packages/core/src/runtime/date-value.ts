/**
 * Calendar dates as day numbers (days since 1970-01-01, UTC). DatePicker uses millisecond
 * timestamp strings before Flow JSON 5.0 and `YYYY-MM-DD` from 5.0 (spec §2.9); both map here.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** The day number of a `YYYY-MM-DD` string or a ms timestamp (number or numeric string). */
export function toDayNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.floor(value / MS_PER_DAY);
  if (typeof value !== 'string') return undefined;
  const iso = ISO_DATE.exec(value);
  if (iso !== null) {
    const [, y, m, d] = iso;
    const ms = Date.UTC(Number(y), Number(m) - 1, Number(d));
    const back = new Date(ms);
    // Reject dates such as 2025-02-30 that Date.UTC would roll over.
    if (back.getUTCMonth() !== Number(m) - 1 || back.getUTCDate() !== Number(d)) return undefined;
    return Math.floor(ms / MS_PER_DAY);
  }
  if (/^-?\d+$/.test(value)) return Math.floor(Number(value) / MS_PER_DAY);
  return undefined;
}

/** `YYYY-MM-DD` for a day number. */
export function toIsoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The millisecond timestamp string (UTC midnight) pre-5.0 DatePickers produce for a day number. */
export function toTimestampString(day: number): string {
  return String(day * MS_PER_DAY);
}

/** The weekday abbreviation (`Mon`…`Sun`) Meta's `include-days` uses. */
export function weekdayOf(day: number): (typeof WEEKDAYS)[number] {
  return WEEKDAYS[new Date(day * MS_PER_DAY).getUTCDay()] ?? 'Sun';
}

/** Default selectable range when min/max dates are unset: 1 Jan 1900 – 31 Dec 2100 (spec §2.9). */
export const DEFAULT_MIN_DAY = Math.floor(Date.UTC(1900, 0, 1) / MS_PER_DAY);
/** See DEFAULT_MIN_DAY. */
export const DEFAULT_MAX_DAY = Math.floor(Date.UTC(2100, 11, 31) / MS_PER_DAY);
