import type { StringFormat } from '../../model/index.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;
const COLOR = /^#?[0-9A-Fa-f]{6}$/;
const TIMESTAMP = /^\d+$/;

/** Whether a "YYYY-MM-DD" string is a real calendar date. */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Whether a string is in a registry format (base64 is not scanned: image data can be megabytes). */
export function isStringInFormat(value: string, format: StringFormat): boolean {
  switch (format) {
    case 'uri':
      return URI.test(value);
    case 'date':
      return isCalendarDate(value);
    case 'date-or-timestamp':
      return TIMESTAMP.test(value) || isCalendarDate(value);
    case 'color':
      return COLOR.test(value);
    case 'base64':
      return true;
  }
}
