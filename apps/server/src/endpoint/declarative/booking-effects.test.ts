import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decryptResponse, encryptRequest, signBody } from '@flowline/protocol';
import { loadSeeds } from '../../admin/seeds/load-seeds.js';
import { createHarness, testKeyPair } from '../../test-support/endpoint-harness.js';

const seeds = loadSeeds();
// Tuesday 2026-03-03 08:00 UTC: hair (capacity 2) opens at 09:00.
const now = () => Date.parse('2026-03-03T08:00:00Z');
const SLOT = 'hair@2026-03-03T09:00';
const PREVIEW_KEY = 'preview-key-of-this-server';
const SECRET = 'app-secret';
const harness = () => createHarness({ flows: seeds.flows, resources: seeds.resources, lookups: seeds.lookups, now, appSecret: SECRET, previewKey: PREVIEW_KEY });
type Screen = { screen: string; data: Record<string, unknown> };

const detailsRequest = (token: string) => ({ version: '3.0', action: 'data_exchange', screen: 'DETAILS', flow_token: token, data: { slot: SLOT, name: 'Ana', email: 'ana@example.com' } });

async function customerSlots(h: ReturnType<typeof harness>, token: string, headers: Record<string, string> = {}): Promise<string[]> {
  const init = await h.send('appointment-booking', { version: '3.0', action: 'INIT', flow_token: token, data: {} }, { signWith: SECRET, headers });
  return ((init.body as Screen).data['slots'] as { id: string }[]).map((s) => s.id);
}

test('a replayed signed request (same body posted again, and concurrently) books one seat under one reference', async () => {
  const h = harness();
  const { envelope, aesKey, iv } = encryptRequest(detailsRequest('replayed'), testKeyPair().publicKey);
  const body = JSON.stringify(envelope);
  const headers = { 'x-hub-signature-256': signBody(body, SECRET) };
  const answers = await Promise.all(Array.from({ length: 4 }, () => h.post('appointment-booking', body, headers)));
  const again = await h.post('appointment-booking', body, headers);
  const replies = await Promise.all([...answers, again].map(async (r) => decryptResponse(await r.text(), aesKey, iv) as Screen));
  assert.deepEqual(new Set(replies.map((r) => r.screen)), new Set(['CONFIRMED']));
  assert.equal(new Set(replies.map((r) => r.data['booking_id'])).size, 1, 'one booking reference');
  assert.equal((await h.runtime.sources.calendar.bookingCounts('hair')).get('2026-03-03T09:00'), 1, 'one seat taken');
  // A client retry (same token and step, freshly encrypted) is the same booking too.
  const retry = (await h.send('appointment-booking', detailsRequest('replayed'), { signWith: SECRET })).body as Screen;
  assert.equal(retry.data['booking_id'], replies[0]?.data['booking_id']);
  // The second seat is still there for another customer.
  assert.ok((await customerSlots(h, 'someone-else')).includes(SLOT));
});

test('previews book in the preview calendar: two preview bookings of a capacity-2 slot leave customers\' slots unchanged', async () => {
  const h = harness();
  const before = await customerSlots(h, 'customer-1');
  assert.ok(before.includes(SLOT));
  const preview = { 'x-flowline-preview': PREVIEW_KEY };
  for (const token of ['preview-a', 'preview-b']) {
    const reply = (await h.send('appointment-booking', detailsRequest(token), { signWith: SECRET, headers: preview })).body as Screen;
    assert.equal(reply.screen, 'CONFIRMED');
    assert.match(String(reply.data['booking_id']), /^preview-/, 'labelled as a preview booking');
    assert.equal(reply.data['when'], 'Hair · Tue 3 Mar 09:00 (preview)');
  }
  assert.deepEqual(await customerSlots(h, 'customer-2'), before, 'customers see every slot as before');
  assert.equal((await h.runtime.sources.calendar.bookingCounts('hair')).get('2026-03-03T09:00'), undefined, 'no real seat taken');
  // The preview itself sees its holds: the slot is full for the next preview.
  assert.equal((await customerSlots(h, 'preview-c', preview)).includes(SLOT), false);
  // A customer still books both seats.
  for (const token of ['customer-3', 'customer-4']) {
    assert.equal(((await h.send('appointment-booking', detailsRequest(token), { signWith: SECRET })).body as Screen).screen, 'CONFIRMED');
  }
  assert.equal((await customerSlots(h, 'customer-5')).includes(SLOT), false);
});

test('a request with a wrong preview key is a customer request', async () => {
  const h = harness();
  await h.send('appointment-booking', detailsRequest('forged'), { signWith: SECRET, headers: { 'x-flowline-preview': 'guess' } });
  assert.equal((await h.runtime.sources.calendar.bookingCounts('hair')).get('2026-03-03T09:00'), 1);
});
