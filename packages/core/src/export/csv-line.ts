/**
 * One CSV record (RFC 4180: fields with a comma, a quote or a line break are quoted, quotes doubled,
 * records end with CRLF).
 *
 * Text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
 * return) is prefixed with `'` (OWASP's advice against CSV injection): answers are typed by customers.
 * Numbers and booleans are written as they are, so a negative number stays a number.
 */
export function toCsvLine(cells: readonly unknown[]): string {
  return `${cells.map(toCsvField).join(',')}\r\n`;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

function toCsvField(value: unknown): string {
  const text = cellText(value);
  if (text === '') return '';
  const safe = typeof value === 'string' && FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A cell's text: empty for a missing value, as written for scalars, JSON for lists and objects. */
function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? '';
}
