import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCustomerEvent } from './parse-customer-event.js';

test('reads each kind of customer event', () => {
  assert.deepEqual(parseCustomerEvent({ type: 'fill', name: 'email', value: 'a@b.c' }), { ok: true, event: { type: 'fill', name: 'email', value: 'a@b.c' } });
  assert.deepEqual(parseCustomerEvent({ type: 'select', name: 'topic', id: 'billing' }), { ok: true, event: { type: 'select', name: 'topic', id: 'billing' } });
  assert.deepEqual(parseCustomerEvent({ type: 'press', target: 'footer' }), { ok: true, event: { type: 'press', target: 'footer' } });
  assert.deepEqual(parseCustomerEvent({ type: 'press', target: { link: 'Terms' } }), { ok: true, event: { type: 'press', target: { link: 'Terms' } } });
  assert.deepEqual(parseCustomerEvent({ type: 'back' }), { ok: true, event: { type: 'back' } });
});

test('refuses malformed events and endpoint answers with a reason', () => {
  for (const bad of [null, 'fill', { type: 'fill', value: 1 }, { type: 'fill', name: 'x' }, { type: 'select', name: 'x' }, { type: 'press', target: { link: 1 } }, { type: 'endpoint_response', response: {} }]) {
    const parsed = parseCustomerEvent(bad);
    assert.equal(parsed.ok, false, JSON.stringify(bad));
    if (!parsed.ok) assert.ok(parsed.message.length > 10);
  }
});
