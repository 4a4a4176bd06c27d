import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as core from '@flowline/core';
import { createHarness } from '../../test-support/endpoint-harness.js';
import { loadSeeds } from './load-seeds.js';

const seeds = loadSeeds();
// Tuesday 2026-03-03 08:00 UTC: both resources open later today.
const now = () => Date.parse('2026-03-03T08:00:00Z');
const harness = () => createHarness({ flows: seeds.flows, resources: seeds.resources, lookups: seeds.lookups, now });

type Screen = { screen: string; data: Record<string, unknown> };

test('seeds the six example Flows', () => {
  assert.deepEqual(seeds.flows.map((f) => f.id), ['appointment-booking', 'feedback', 'lead-qualification', 'registration', 'support-triage', 'survey']);
});

const validateFlow = (core as Record<string, unknown>)['validateFlow'];
test('every seed Flow is valid by the core validator', { skip: typeof validateFlow !== 'function' && 'validateFlow not exported by core yet' }, () => {
  for (const [id, text] of Object.entries(seeds.flowJson)) {
    const result = (validateFlow as (text: string) => { valid: boolean; errors: { code: string; pointer: string; message: string }[] })(text);
    assert.deepEqual(result.errors.map((e) => `${e.code} ${e.pointer} ${e.message}`), [], id);
  }
});

test('appointment-booking: INIT shows real slots from the calendar', async () => {
  const h = harness();
  const init = (await h.send('appointment-booking', { version: '3.0', action: 'INIT', flow_token: 'a1', data: {} })).body as Screen;
  assert.equal(init.screen, 'APPOINTMENT');
  const slots = init.data['slots'] as { id: string; title: string }[];
  assert.deepEqual(slots.slice(0, 3), [
    { id: 'hair@2026-03-03T09:00', title: 'Hair · Tue 3 Mar 09:00' },
    { id: 'hair@2026-03-03T09:30', title: 'Hair · Tue 3 Mar 09:30' },
    { id: 'hair@2026-03-03T10:00', title: 'Hair · Tue 3 Mar 10:00' },
  ]);
  assert.ok(slots.some((s) => s.id === 'nails@2026-03-03T10:00'));
});

test('appointment-booking: booking reduces capacity and a full slot disappears', async () => {
  const h = harness();
  const book = async (token: string, slot: string) => {
    await h.send('appointment-booking', { version: '3.0', action: 'INIT', flow_token: token, data: {} });
    const details = (await h.send('appointment-booking', { version: '3.0', action: 'data_exchange', screen: 'APPOINTMENT', flow_token: token, data: { slot } })).body as Screen;
    assert.deepEqual(details, { screen: 'DETAILS', data: { slot, slot_label: slot.startsWith('nails') ? 'Nails · Tue 3 Mar 10:00' : 'Hair · Tue 3 Mar 09:00' } });
    return (await h.send('appointment-booking', { version: '3.0', action: 'data_exchange', screen: 'DETAILS', flow_token: token, data: { slot, name: 'Ana', email: 'ana@example.com' } })).body as Screen;
  };
  const confirmed = await book('b1', 'nails@2026-03-03T10:00');
  assert.equal(confirmed.screen, 'CONFIRMED');
  assert.equal(confirmed.data['summary'], 'Nails · Tue 3 Mar 10:00 for Ana');
  assert.equal(typeof confirmed.data['booking_id'], 'string');
  assert.equal((await h.runtime.sources.calendar.bookingCounts('nails')).get('2026-03-03T10:00'), 1);
  const after = (await h.send('appointment-booking', { version: '3.0', action: 'INIT', flow_token: 'b2', data: {} })).body as Screen;
  assert.equal((after.data['slots'] as { id: string }[]).some((s) => s.id === 'nails@2026-03-03T10:00'), false, 'full slot (capacity 1) is gone');
  // Hair has capacity 2: one booking leaves it listed, the second removes it.
  await book('b3', 'hair@2026-03-03T09:00');
  let slots = ((await h.send('appointment-booking', { version: '3.0', action: 'INIT', flow_token: 'b4', data: {} })).body as Screen).data['slots'] as { id: string }[];
  assert.ok(slots.some((s) => s.id === 'hair@2026-03-03T09:00'));
  await book('b5', 'hair@2026-03-03T09:00');
  slots = ((await h.send('appointment-booking', { version: '3.0', action: 'INIT', flow_token: 'b6', data: {} })).body as Screen).data['slots'] as { id: string }[];
  assert.equal(slots.some((s) => s.id === 'hair@2026-03-03T09:00'), false);
});

test('appointment-booking: booking a slot that filled meanwhile returns to APPOINTMENT with an error', async () => {
  const h = harness();
  await h.runtime.sources.calendar.book('nails', '2026-03-03T11:00', 'other', 0);
  const reply = (await h.send('appointment-booking', { version: '3.0', action: 'data_exchange', screen: 'DETAILS', flow_token: 'c1', data: { slot: 'nails@2026-03-03T11:00', name: 'Bo', email: 'bo@example.com' } })).body as Screen;
  assert.equal(reply.screen, 'APPOINTMENT');
  assert.equal(reply.data['error_message'], 'That time was just taken. Please choose another.');
});

test('appointment-booking: a forged slot id gets the fallback, not a broken screen', async () => {
  const h = harness();
  const reply = (await h.send('appointment-booking', { version: '3.0', action: 'data_exchange', screen: 'APPOINTMENT', flow_token: 'd1', data: { slot: 'nope' } })).body as Screen;
  assert.equal(reply.screen, 'APPOINTMENT');
  assert.equal(reply.data['error_message'], 'Sorry, we could not load this. Please try again.');
});

test('support-triage: topics come from the lookup table, details lead to RECEIVED, whose completion carries the answers', async () => {
  const h = harness();
  const init = (await h.send('support-triage', { version: '3.0', action: 'INIT', flow_token: 's1', data: {} })).body as Screen;
  assert.deepEqual((init.data['topics'] as unknown[])[0], { id: 'billing', title: 'Billing and payments' });
  const details = (await h.send('support-triage', { version: '3.0', action: 'data_exchange', screen: 'TOPIC', flow_token: 's1', data: { topic: 'billing' } })).body as Screen;
  assert.equal(details.screen, 'DETAILS');
  // No photo chosen: the phone sends the PhotoPicker's empty list.
  const done = (await h.send('support-triage', { version: '3.0', action: 'data_exchange', screen: 'DETAILS', flow_token: 's1', data: { topic: 'billing', urgency: 'high', description: 'x', photo: [] } })).body as Screen;
  // The answers reach the pipeline through the RECEIVED screen's complete action (its contract names them).
  assert.deepEqual(done, { screen: 'RECEIVED', data: { topic: 'billing', urgency: 'high', description: 'x', photo: [], summary: 'billing · high' } });
  // A client that leaves the unset picker out altogether gets the same screen: the endpoint fills in the
  // empty list (whether WhatsApp sends [] or nothing for an untouched optional picker is not documented).
  const omitted = (await h.send('support-triage', { version: '3.0', action: 'data_exchange', screen: 'DETAILS', flow_token: 's1', data: { topic: 'billing', urgency: 'high', description: 'x' } })).body as Screen;
  assert.deepEqual(omitted, done);
});

test('support-triage: the optional photo reaches RECEIVED as WhatsApp sent it (platform spec §6.4), so the completion carries it to the media pipeline', async () => {
  const h = harness();
  const photo = [{ media_id: 'm-1', cdn_url: 'https://mmg.whatsapp.net/v/t62/photo.enc', file_name: 'IMG_1.jpg', encryption_metadata: { encrypted_hash: 'a', iv: 'b', encryption_key: 'c', hmac_key: 'd', plaintext_hash: 'e' } }];
  const done = (await h.send('support-triage', { version: '3.0', action: 'data_exchange', screen: 'DETAILS', flow_token: 's2', data: { topic: 'delivery', urgency: 'low', description: 'crushed', photo } })).body as Screen;
  assert.equal(done.screen, 'RECEIVED');
  assert.deepEqual(done.data['photo'], photo);
  const flow = JSON.parse(seeds.flowJson['support-triage'] ?? '{}') as { screens: { id: string; layout: { children: Record<string, unknown>[] } }[] };
  const picker = flow.screens.find((s) => s.id === 'DETAILS')?.layout.children.find((c) => c['type'] === 'PhotoPicker');
  assert.deepEqual([picker?.['name'], picker?.['min-uploaded-photos']], ['photo', 0], 'the photo is optional');
});

test('lead-qualification: above 10 employees goes to ENTERPRISE, else SMALL_BUSINESS', async () => {
  const h = harness();
  const big = (await h.send('lead-qualification', { version: '3.0', action: 'data_exchange', screen: 'COMPANY', flow_token: 'l1', data: { company: 'Acme', employees: '250' } })).body as Screen;
  assert.deepEqual(big, { screen: 'ENTERPRISE', data: { company: 'Acme', segment: 'enterprise' } });
  const small = (await h.send('lead-qualification', { version: '3.0', action: 'data_exchange', screen: 'COMPANY', flow_token: 'l2', data: { company: 'Tiny', employees: '10' } })).body as Screen;
  assert.deepEqual(small, { screen: 'SMALL_BUSINESS', data: { company: 'Tiny', segment: 'small' } });
});
