/** Why a text is not a phone number. */
export type PhoneNumberProblemCode = 'PHONE_EMPTY' | 'PHONE_TOO_LONG' | 'PHONE_CHARACTERS' | 'PHONE_NO_COUNTRY_CODE' | 'PHONE_LENGTH';

/** The outcome of `parsePhoneNumber`: the number in E.164 form, or why it is not one. */
export type ParsePhoneNumberResult =
  | { readonly ok: true; readonly phone: string }
  | { readonly ok: false; readonly code: PhoneNumberProblemCode; readonly message: string };

/** The longest text read as a phone number (15 digits with generous separators). */
export const MAX_PHONE_NUMBER_TEXT = 40;

/** E.164 (ITU-T) allows at most 15 digits, country code included; the shortest numbers in use have 7. */
const MIN_DIGITS = 7;
const MAX_DIGITS = 15;

// Separators people write between digit groups: spaces of any kind, dashes, dots, slashes, parentheses.
const SEPARATORS = /[\s\u00a0\u2000-\u200b\u202f\-\u2010-\u2015./()]/g;
const EXAMPLE = 'e.g. +34 600 111 222';

/**
 * Reads a phone number as people write it ("+34 600 111 222", "0034-600-111-222", "(1) 555.000.1234",
 * "34600111222") into E.164 form with its leading `+` ("+34600111222"), the form WhatsApp's `wa_id`
 * takes once its `+` is added. The country code is required: a leading `+` or `00` introduces it,
 * and digits alone are read as already starting with it (as `wa_id` does).
 */
export function parsePhoneNumber(text: string): ParsePhoneNumberResult {
  if (text.length > MAX_PHONE_NUMBER_TEXT) return fail('PHONE_TOO_LONG', `a phone number has at most ${MAX_DIGITS} digits; this text is longer than ${MAX_PHONE_NUMBER_TEXT} characters`);
  const compact = text.trim().replace(SEPARATORS, '');
  if (compact === '') return fail('PHONE_EMPTY', `enter a phone number with its country code (${EXAMPLE})`);
  const international = compact.startsWith('+') ? compact.slice(1) : compact.startsWith('00') ? compact.slice(2) : compact;
  if (!/^[0-9]+$/.test(international)) {
    return fail('PHONE_CHARACTERS', `a phone number has only digits, spaces, dashes, dots, parentheses and a leading + (${EXAMPLE})`);
  }
  // Country codes never start with 0: a leading 0 is a national trunk prefix (or a lone 0 of "00").
  if (international.startsWith('0')) return fail('PHONE_NO_COUNTRY_CODE', `write the country code instead of the leading 0 (${EXAMPLE})`);
  if (international.length < MIN_DIGITS || international.length > MAX_DIGITS) {
    return fail('PHONE_LENGTH', `a phone number has ${MIN_DIGITS} to ${MAX_DIGITS} digits with its country code; this one has ${international.length}`);
  }
  return { ok: true, phone: `+${international}` };
}

function fail(code: PhoneNumberProblemCode, message: string): ParsePhoneNumberResult {
  return { ok: false, code, message };
}
