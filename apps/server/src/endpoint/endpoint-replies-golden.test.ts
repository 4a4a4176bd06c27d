// Golden replies of the data endpoint (platform spec §1.4–1.6): for each request, the HTTP status and the
// exact body, decrypted to its plaintext for the encrypted answers (200 and 427). Written before the data
// exchange model moved into core (issue 16), so the move is held to byte-for-byte the same answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDecipheriv, generateKeyPairSync } from 'node:crypto';
import { encryptRequest, flipIv, signBody, signFlowTokenSignature } from '@flowline/protocol';
import { createHarness, testKeyPair, type Harness } from '../test-support/endpoint-harness.js';
import { defineEndpoint, finishFlow } from './define-endpoint.js';
import type { FlowEntry } from './flow-catalog.js';
import { shopFlow } from './test-support/shop-flow.js';

const shopEndpoint = defineEndpoint(shopFlow, {
  INIT: () => ({ screen: 'PICK', data: { items: [{ id: 'a', title: 'Apple' }], note: 'pick one' } }),
  BACK: () => ({ screen: 'PICK', data: { items: [{ id: 'b', title: 'Banana' }], note: 'back again' } }),
  data_exchange: {
    PICK: (request) => {
      if (request.data['choice'] === 'throw') throw new Error('out of stock');
      return { screen: 'DONE', data: { total: 3 } };
    },
    DONE: (request) => finishFlow(request.flowToken, { total: 3, note: 'é "quoted" ✓' }),
  },
  fallback: { kind: 'error_message', message: 'Please try again' },
});

const shop: FlowEntry = { id: 'shop', flow: shopFlow, endpoint: shopEndpoint };
const strict: FlowEntry = { id: 'strict', flow: shopFlow, endpoint: { ...shopEndpoint, tokens: { mode: 'known', expiredMessage: 'Expired, ask again' } } };
const known: FlowEntry = { id: 'known', flow: shopFlow, endpoint: { ...shopEndpoint, tokens: { mode: 'known' } } };
const timed: FlowEntry = { id: 'timed', flow: shopFlow, endpoint: { ...shopEndpoint, tokens: { mode: 'open', ttlMs: 60_000 } } };
const signedFlow: FlowEntry = { id: 'signed', flow: { ...shopFlow, version: '7.3', data_api_version: '4.0' }, endpoint: shopEndpoint };
const unsignedV4: FlowEntry = { id: 'v72', flow: { ...shopFlow, version: '7.2', data_api_version: '4.0' }, endpoint: shopEndpoint };

/** One request and its golden answer: the status and the body (decrypted plaintext when encrypted). */
type Golden = readonly [name: string, flowId: string, payload: unknown, status: number, body: string];

/** Encrypts and posts a payload (object or JSON text), optionally signed; returns the status and the plaintext body. */
async function exchange(harness: Harness, flowId: string, payload: unknown, secret?: string): Promise<{ status: number; body: string }> {
  const { envelope, aesKey, iv } = encryptRequest(payload, testKeyPair().publicKey);
  const body = JSON.stringify(envelope);
  const response = await harness.post(flowId, body, secret === undefined ? {} : { 'x-hub-signature-256': signBody(body, secret) });
  const text = await response.text();
  if (response.headers.get('content-type')?.startsWith('text/plain') !== true) return { status: response.status, body: text };
  const data = Buffer.from(text, 'base64');
  const decipher = createDecipheriv('aes-128-gcm', aesKey, flipIv(iv), { authTagLength: 16 });
  decipher.setAuthTag(data.subarray(data.length - 16));
  return { status: response.status, body: Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8') };
}

async function assertGolden(harness: Harness, cases: readonly Golden[], secret?: string): Promise<void> {
  for (const [name, flowId, payload, status, body] of cases) {
    const answer = await exchange(harness, flowId, payload, secret);
    assert.deepEqual(answer, { status, body }, name);
  }
}

const PICK_A = '{"screen":"PICK","data":{"items":[{"id":"a","title":"Apple"}],"note":"pick one"}}';
const PICK_B = '{"screen":"PICK","data":{"items":[{"id":"b","title":"Banana"}],"note":"back again"}}';
const DONE = '{"screen":"DONE","data":{"total":3}}';
const SUCCESS = '{"screen":"SUCCESS","data":{"extension_message_response":{"params":{"total":3,"note":"é \\"quoted\\" ✓","flow_token":"t1"}}}}';
const PING = '{"data":{"status":"active"}}';
const ACK = '{"data":{"acknowledged":true}}';

test('golden: ping, INIT, data_exchange, BACK, SUCCESS and error notifications', async () => {
  const harness = createHarness({ flows: [shop] });
  await assertGolden(harness, [
    ['ping', 'shop', { version: '3.0', action: 'ping' }, 200, PING],
    ['ping with a token and data', 'shop', { version: '3.0', action: 'ping', flow_token: 'x', data: { a: 1 } }, 200, PING],
    ['ping with an empty version', 'shop', { version: '', action: 'ping' }, 200, PING],
    ['INIT', 'shop', { version: '3.0', action: 'INIT', flow_token: 't1', data: {} }, 200, PICK_A],
    ['INIT without data', 'shop', { version: '3.0', action: 'INIT', flow_token: 't1' }, 200, PICK_A],
    ['INIT with an empty screen and null data', 'shop', { version: '3.0', action: 'INIT', screen: '', flow_token: 't1', data: null }, 200, PICK_A],
    ['INIT with a null screen', 'shop', { version: '3.0', action: 'INIT', screen: null, flow_token: 't1' }, 200, PICK_A],
    ['INIT of Data API 4.0 with a signature and no app secret', 'shop', { version: '4.0', action: 'INIT', flow_token: 't1', flow_token_signature: 'a.b.c' }, 200, PICK_A],
    ['INIT with an empty version', 'shop', { version: '', action: 'INIT', flow_token: 't1' }, 200, PICK_A],
    ['data_exchange', 'shop', { version: '3.0', action: 'data_exchange', screen: 'PICK', flow_token: 't1', data: { choice: 'a' } }, 200, DONE],
    ['BACK', 'shop', { version: '3.0', action: 'BACK', screen: 'DONE', flow_token: 't1', data: {} }, 200, PICK_B],
    ['BACK without a screen', 'shop', { version: '3.0', action: 'BACK', flow_token: 't1' }, 200, PICK_B],
    ['data_exchange answered SUCCESS', 'shop', { version: '3.0', action: 'data_exchange', screen: 'DONE', flow_token: 't1', data: {} }, 200, SUCCESS],
    ['a throwing handler gets the fallback with the last data', 'shop', { version: '3.0', action: 'data_exchange', screen: 'PICK', flow_token: 't1', data: { choice: 'throw' } }, 200,
      '{"screen":"PICK","data":{"items":[{"id":"b","title":"Banana"}],"note":"back again","error_message":"Please try again"}}'],
    ['data_exchange without a screen gets the first screen fallback', 'shop', { version: '3.0', action: 'data_exchange', flow_token: 'fresh', data: {} }, 200,
      '{"screen":"PICK","data":{"items":[{"id":"1","title":"A"}],"note":"x","error_message":"Please try again"}}'],
    ['data_exchange on a screen without handler', 'shop', { version: '3.0', action: 'data_exchange', screen: 'NOWHERE', flow_token: 't1', data: {} }, 200,
      '{"screen":"NOWHERE","data":{"error_message":"Please try again"}}'],
    ['error notification (data_exchange)', 'shop', { version: '3.0', action: 'data_exchange', screen: 'PICK', flow_token: 't1', data: { error: 'INVALID_SCREEN_TRANSITION', error_message: 'x' } }, 200, ACK],
    ['error notification (INIT, no message)', 'shop', { version: '3.0', action: 'INIT', flow_token: 't1', data: { error: 'payload-schema-error' } }, 200, ACK],
    ['error notification (BACK, empty error)', 'shop', { version: '3.0', action: 'BACK', flow_token: 't1', data: { error: '' } }, 200, ACK],
    ['a non-string data.error is data, not a notification', 'shop', { version: '3.0', action: 'INIT', flow_token: 't1', data: { error: 5 } }, 200, PICK_A],
    ['Meta\'s key order', 'shop', '{"data":{},"flow_token":"t1","screen":"","action":"INIT","version":"3.0"}', 200, PICK_A],
  ]);
});

test('golden: malformed payloads are 400 with the field named', async () => {
  const harness = createHarness({ flows: [shop], bodyLimitBytes: 1024 * 1024 });
  const malformed = (message: string): string => JSON.stringify({ error: `malformed request: ${message}` });
  await assertGolden(harness, [
    ['a JSON string payload', 'shop', '"ping"', 400, malformed('payload must be a JSON object')],
    ['an array payload', 'shop', '[]', 400, malformed('payload must be a JSON object')],
    ['a null payload', 'shop', 'null', 400, malformed('payload must be a JSON object')],
    ['a missing action', 'shop', { version: '3.0', flow_token: 't' }, 400, malformed('action must be ping, INIT, BACK or data_exchange')],
    ['an unknown action', 'shop', { version: '3.0', action: 'DANCE', flow_token: 't' }, 400, malformed('action must be ping, INIT, BACK or data_exchange')],
    ['a lower-case action', 'shop', { version: '3.0', action: 'init', flow_token: 't' }, 400, malformed('action must be ping, INIT, BACK or data_exchange')],
    ['navigate is not an endpoint action', 'shop', { version: '3.0', action: 'navigate', flow_token: 't' }, 400, malformed('action must be ping, INIT, BACK or data_exchange')],
    ['an array action', 'shop', { version: '3.0', action: ['INIT'], flow_token: 't' }, 400, malformed('action must be ping, INIT, BACK or data_exchange')],
    ['a missing version', 'shop', { action: 'ping' }, 400, malformed('version must be a string')],
    ['a numeric version', 'shop', { version: 3, action: 'INIT', flow_token: 't' }, 400, malformed('version must be a string')],
    ['a numeric screen', 'shop', { version: '3.0', action: 'data_exchange', screen: 1, flow_token: 't' }, 400, malformed('screen must be a string')],
    ['a numeric screen on a ping', 'shop', { version: '3.0', action: 'ping', screen: 1 }, 400, malformed('screen must be a string')],
    ['an array data', 'shop', { version: '3.0', action: 'INIT', flow_token: 't', data: [] }, 400, malformed('data must be an object')],
    ['a string data', 'shop', { version: '3.0', action: 'INIT', flow_token: 't', data: 'x' }, 400, malformed('data must be an object')],
    ['a numeric flow_token', 'shop', { version: '3.0', action: 'INIT', flow_token: 5 }, 400, malformed('flow_token must be a string')],
    ['a null flow_token', 'shop', { version: '3.0', action: 'INIT', flow_token: null }, 400, malformed('flow_token must be a string')],
    ['a numeric flow_token on a ping', 'shop', { version: '3.0', action: 'ping', flow_token: 5 }, 400, malformed('flow_token must be a string')],
    ['a missing flow_token', 'shop', { version: '3.0', action: 'INIT' }, 400, malformed('flow_token is required')],
    ['an empty flow_token', 'shop', { version: '3.0', action: 'BACK', flow_token: '' }, 400, malformed('flow_token is required')],
    ['an error notification without token', 'shop', { version: '3.0', action: 'data_exchange', screen: 'PICK', data: { error: 'x' } }, 400, malformed('flow_token is required')],
    ['too deep', 'shop', `{"version":"3.0","action":"data_exchange","screen":"PICK","flow_token":"t","data":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`, 400,
      JSON.stringify({ error: 'the decrypted payload nests deeper than 32 levels' })],
    ['not JSON inside', 'shop', '{"version":', 400, JSON.stringify({ error: 'the decrypted payload is not valid JSON' })],
  ]);
});

test('golden: fields over their limits are 413 with the field named', async () => {
  const harness = createHarness({ flows: [shop], bodyLimitBytes: 1024 * 1024 });
  const tooLarge = (message: string): string => JSON.stringify({ error: `request too large: ${message}` });
  await assertGolden(harness, [
    ['flow_token', 'shop', { version: '3.0', action: 'INIT', flow_token: 't'.repeat(1025), data: {} }, 413, tooLarge('flow_token exceeds 1024 characters')],
    ['flow_token at the limit', 'shop', { version: '3.0', action: 'INIT', flow_token: 't'.repeat(1024), data: {} }, 200, PICK_A],
    ['data.error', 'shop', { version: '3.0', action: 'data_exchange', screen: 'PICK', flow_token: 't', data: { error: 'E'.repeat(129) } }, 413, tooLarge('data.error exceeds 128 characters')],
    ['data.error at the limit', 'shop', { version: '3.0', action: 'data_exchange', screen: 'PICK', flow_token: 't', data: { error: 'E'.repeat(128) } }, 200, ACK],
    ['screen', 'shop', { version: '3.0', action: 'data_exchange', screen: 'S'.repeat(129), flow_token: 't', data: {} }, 413, tooLarge('screen exceeds 128 characters')],
    ['flow_token_signature', 'shop', { version: '3.0', action: 'INIT', flow_token: 't', flow_token_signature: 'j'.repeat(4097), data: {} }, 413, tooLarge('flow_token_signature exceeds 4096 characters')],
    ['version', 'shop', { version: '3'.repeat(17), action: 'ping' }, 413, tooLarge('version exceeds 16 characters')],
    ['version first', 'shop', { version: '3'.repeat(17), action: 'INIT', screen: 'S'.repeat(200), flow_token: 't'.repeat(2000) }, 413, tooLarge('version exceeds 16 characters')],
    ['screen on a ping', 'shop', { version: '3.0', action: 'ping', screen: 'S'.repeat(129) }, 413, tooLarge('screen exceeds 128 characters')],
    ['a malformed field is named before a long one', 'shop', { version: '3'.repeat(17), action: 'INIT', flow_token: 5 }, 400, JSON.stringify({ error: 'malformed request: flow_token must be a string' })],
  ]);
});

test('golden: flow tokens (427 with an encrypted error_msg)', async () => {
  let clock = 1_000_000;
  const harness = createHarness({ flows: [strict, known, timed], now: () => clock });
  harness.sessions.register('strict', 'sent', 'send-1');
  await assertGolden(harness, [
    ['unknown token, own message', 'strict', { version: '3.0', action: 'INIT', flow_token: 'nobody', data: {} }, 427, '{"error_msg":"Expired, ask again"}'],
    ['unknown token, default message', 'known', { version: '3.0', action: 'INIT', flow_token: 'nobody', data: {} }, 427, '{"error_msg":"This form has expired. Please ask us for a new one."}'],
    ['a registered token', 'strict', { version: '3.0', action: 'INIT', flow_token: 'sent', data: {} }, 200, PICK_A],
    ['an error notification of an unknown token is acknowledged', 'strict', { version: '3.0', action: 'INIT', flow_token: 'nobody', data: { error: 'x' } }, 200, ACK],
    ['a ping needs no token', 'strict', { version: '3.0', action: 'ping' }, 200, PING],
    ['an open Flow starts the clock', 'timed', { version: '3.0', action: 'INIT', flow_token: 'x', data: {} }, 200, PICK_A],
  ]);
  clock += 61_000;
  await assertGolden(harness, [
    ['an expired token', 'timed', { version: '3.0', action: 'BACK', screen: 'DONE', flow_token: 'x', data: {} }, 427, '{"error_msg":"This form has expired. Please ask us for a new one."}'],
  ]);
});

test('golden: Data API 4.0 flow_token_signature with an app secret', async () => {
  const harness = createHarness({ flows: [signedFlow, unsignedV4, shop], appSecret: 'app-secret' });
  const now = new Date();
  const good = signFlowTokenSignature('t1', 'app-secret', { now });
  const expired = '{"error_msg":"This form has expired. Please ask us for a new one."}';
  await assertGolden(harness, [
    ['required and missing (7.3 with 4.0)', 'signed', { version: '4.0', action: 'INIT', flow_token: 't1' }, 427, expired],
    ['required and present', 'signed', { version: '4.0', action: 'INIT', flow_token: 't1', flow_token_signature: good }, 200, PICK_A],
    ['required, for another token', 'signed', { version: '4.0', action: 'INIT', flow_token: 't2', flow_token_signature: good }, 427, expired],
    ['required, signed with another secret', 'signed', { version: '4.0', action: 'INIT', flow_token: 't1', flow_token_signature: signFlowTokenSignature('t1', 'other', { now }) }, 427, expired],
    ['not required before 7.3', 'v72', { version: '4.0', action: 'INIT', flow_token: 't1' }, 200, PICK_A],
    ['checked whenever present', 'v72', { version: '4.0', action: 'INIT', flow_token: 't1', flow_token_signature: 'a.b.c' }, 427, expired],
    ['not required with Data API 3.0', 'shop', { version: '3.0', action: 'INIT', flow_token: 't1' }, 200, PICK_A],
    ['an error notification is acknowledged before the signature check', 'signed', { version: '4.0', action: 'INIT', flow_token: 't1', data: { error: 'x' } }, 200, ACK],
    ['a ping needs no signature', 'signed', { version: '4.0', action: 'ping' }, 200, PING],
  ], 'app-secret');
});

test('golden: request signature (432), keys (421), unknown Flows (404)', async () => {
  const harness = createHarness({ flows: [shop], appSecret: 'app-secret' });
  await assertGolden(harness, [['unsigned', 'shop', { version: '3.0', action: 'ping' }, 432, '{"error":"request signature check failed"}']]);
  await assertGolden(harness, [['signed with another secret', 'shop', { version: '3.0', action: 'ping' }, 432, '{"error":"request signature check failed"}']], 'other');
  await assertGolden(harness, [['unknown Flow', 'nope', { version: '3.0', action: 'ping' }, 404, '{"error":"unknown flow"}']], 'app-secret');
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const wrongKey = createHarness({ flows: [shop], privateKeys: [other.privateKey] });
  await assertGolden(wrongKey, [['encrypted for another key', 'shop', { version: '3.0', action: 'ping' }, 421, '{"error":"request cannot be decrypted"}']]);
});
