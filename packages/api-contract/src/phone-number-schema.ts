import { MAX_PHONE_NUMBER_TEXT, parsePhoneNumber } from '@flowline/core';
import type { Schema } from './schema.js';

/**
 * A phone number as people write it (spaces, dashes, dots, parentheses, a leading + or 00), parsed
 * into E.164 with its `+` by core's `parsePhoneNumber`, the one reading the studio also uses.
 */
export function phoneNumber(): Schema<string> {
  return {
    json: {
      type: 'string',
      maxLength: MAX_PHONE_NUMBER_TEXT,
      description: 'A phone number with its country code, as people write it ("+34 600 111 222", "0034 600-111-222", "34600111222"); stored in E.164 form ("+34600111222")',
      examples: ['+34 600 111 222'],
    },
    parse(value, pointer = '') {
      if (typeof value !== 'string') return { ok: false, issues: [{ pointer, message: 'a phone number is text, e.g. "+34 600 111 222"' }] };
      const parsed = parsePhoneNumber(value);
      return parsed.ok ? { ok: true, value: parsed.phone } : { ok: false, issues: [{ pointer, message: parsed.message }] };
    },
  };
}
