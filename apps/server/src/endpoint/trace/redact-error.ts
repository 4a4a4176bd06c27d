const EMAIL = /[^\s@"']+@[^\s@"']+\.[^\s@"']+/g;
const LONG_DIGITS = /\d{6,}/g;
const MAX_LENGTH = 200;

/**
 * Turns a caught handler error into a short, loggable description: its name and message with
 * e-mail addresses and long digit runs (phone numbers, ids) masked, cut to 200 characters.
 */
export function redactError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : `thrown ${typeof error}`;
  const masked = text.replace(EMAIL, '[email]').replace(LONG_DIGITS, '[number]');
  return masked.length > MAX_LENGTH ? `${masked.slice(0, MAX_LENGTH - 1)}…` : masked;
}
