import assert from 'node:assert/strict';
import { test } from 'node:test';
import { phoneNumber } from './phone-number-schema.js';

test('a phone number as people write it is read into E.164', () => {
  assert.deepEqual(phoneNumber().parse('0034 600-111-222'), { ok: true, value: '+34600111222' });
});

test('a phone number that is not text, or not a number, is refused with a sentence', () => {
  assert.deepEqual(phoneNumber().parse(34600111222, '/phone'), { ok: false, issues: [{ pointer: '/phone', message: 'a phone number is text, e.g. "+34 600 111 222"' }] });
  const refused = phoneNumber().parse('call me', '/phone');
  assert.equal(refused.ok, false);
  assert.doesNotMatch(JSON.stringify(refused), /must match|\[0-9\]/);
});
