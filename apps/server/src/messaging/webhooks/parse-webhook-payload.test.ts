import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWebhookPayload } from './parse-webhook-payload.js';

// A customer's message is stamped in whole seconds by WhatsApp; Flowline's own messages to the millisecond.

const SECOND = 1_772_359_200;

function messageBody(timestamp: string | undefined): string {
  const message = { from: '15550001111', id: 'wamid.in-1', type: 'text', text: { body: 'hi' }, ...(timestamp === undefined ? {} : { timestamp }) };
  return JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'waba', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: 'PN' }, messages: [message] } }] }] });
}

function messageAt(timestamp: string | undefined, receivedAt: number): number | undefined {
  const parsed = parseWebhookPayload(messageBody(timestamp), receivedAt);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  const item = parsed.items[0];
  assert.equal(item?.kind, 'message');
  return item.kind === 'message' ? item.at : undefined;
}

test('a message received within its second takes the receipt time, so it sorts after what Flowline sent earlier in that second', () => {
  assert.equal(messageAt(String(SECOND), SECOND * 1000 + 730), SECOND * 1000 + 730);
  assert.equal(messageAt(String(SECOND), SECOND * 1000), SECOND * 1000);
});

test('a message delivered after its second (a retried webhook) or before it (this clock behind) keeps WhatsApp\'s stamp; no timestamp takes the receipt', () => {
  assert.equal(messageAt(String(SECOND), SECOND * 1000 + 1000), SECOND * 1000);
  assert.equal(messageAt(String(SECOND), SECOND * 1000 + 3_600_000), SECOND * 1000);
  assert.equal(messageAt(String(SECOND), SECOND * 1000 - 5000), SECOND * 1000);
  assert.equal(messageAt(undefined, SECOND * 1000 + 12), SECOND * 1000 + 12);
});

test('a status keeps WhatsApp\'s whole second', () => {
  const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'waba', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: 'PN' }, statuses: [{ id: 'wamid.out-1', status: 'delivered', timestamp: String(SECOND), recipient_id: '15550001111' }] } }] }] });
  const parsed = parseWebhookPayload(body, SECOND * 1000 + 400);
  assert.ok(parsed.ok);
  const item = parsed.items[0];
  assert.equal(item?.kind, 'status');
  assert.equal(item.kind === 'status' ? item.at : undefined, SECOND * 1000);
});
