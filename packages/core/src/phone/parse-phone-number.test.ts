import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePhoneNumber } from './parse-phone-number.js';

test('reads the ways people write a number into E.164 with its +', () => {
  const cases: readonly [string, string][] = [
    ['+34 600 111 222', '+34600111222'],
    ['+34-600-111-222', '+34600111222'],
    ['+34.600.111.222', '+34600111222'],
    ['0034 600 111 222', '+34600111222'],
    ['34600111222', '+34600111222'],
    ['+1 (555) 000-4242', '+15550004242'],
    ['(+44) 20 7946 0000', '+442079460000'],
    ['  +351\u00a0912\u202f345\u2011678 ', '+351912345678'],
    ['15550004242', '+15550004242'],
  ];
  for (const [text, phone] of cases) assert.deepEqual(parsePhoneNumber(text), { ok: true, phone }, text);
});

test('refuses what is not a phone number, saying why in words', () => {
  const cases: readonly [string, string, RegExp][] = [
    ['', 'PHONE_EMPTY', /country code/],
    ['  - ', 'PHONE_EMPTY', /country code/],
    ['+34 600 ABC 222', 'PHONE_CHARACTERS', /only digits/],
    ['34+600111222', 'PHONE_CHARACTERS', /only digits/],
    ['0600 111 222', 'PHONE_NO_COUNTRY_CODE', /country code instead of the leading 0/],
    ['000 34 600', 'PHONE_NO_COUNTRY_CODE', /country code/],
    ['+34 600', 'PHONE_LENGTH', /7 to 15 digits.*has 5/],
    ['+34 600 111 222 333 444', 'PHONE_LENGTH', /has 17/],
    ['1'.repeat(41), 'PHONE_TOO_LONG', /at most 15 digits/],
  ];
  for (const [text, code, message] of cases) {
    const result = parsePhoneNumber(text);
    assert.equal(result.ok, false, text);
    if (result.ok) continue;
    assert.equal(result.code, code, text);
    assert.match(result.message, message, text);
    assert.doesNotMatch(result.message, /\^|\$|\[0-9\]/, 'no raw pattern in the message');
  }
});
