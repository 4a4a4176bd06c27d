import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createRequestDecryptor, encryptRequest, loadPrivateKey, signBody } from '@flowline/protocol';
import { createHarness, testKeyPair } from '../test-support/endpoint-harness.js';
import { defineEndpoint, finishFlow } from './define-endpoint.js';
import type { FlowEntry } from './flow-catalog.js';
import { shopFlow } from './test-support/shop-flow.js';

const corpus = join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus', 'crypto');

const shopEndpoint = defineEndpoint(shopFlow, {
  INIT: () => ({ screen: 'PICK', data: { items: [{ id: 'a', title: 'Apple' }], note: 'pick one' } }),
  BACK: () => ({ screen: 'PICK', data: { items: [{ id: 'b', title: 'Banana' }], note: 'back again' } }),
  data_exchange: {
    PICK: (request) => {
      if (request.data['choice'] === 'slow') return new Promise((resolve) => setTimeout(() => resolve({ screen: 'DONE', data: { total: 1 } }), 5000));
      if (request.data['choice'] === 'throw') throw new Error('inventory for ana@example.com unavailable');
      // A handler bug: a string where the data model declares a number (cast to bypass the types on purpose).
      if (request.data['choice'] === 'bad') return { screen: 'DONE', data: { total: 'three' as unknown as number } };
      return { screen: 'DONE', data: { total: 3 } };
    },
    DONE: (request) => finishFlow(request.flowToken, { total: 3 }),
  },
  fallback: { kind: 'error_message', message: 'Please try again' },
});

const shop: FlowEntry = { id: 'shop', flow: shopFlow, endpoint: shopEndpoint };

test('the real Meta request (kairon vector) decrypts through the endpoint and gets the byte-exact SUCCESS response', async () => {
  const vector = JSON.parse(readFileSync(join(corpus, 'kairon_flow_request_vector.json'), 'utf8')) as {
    request_envelope: unknown;
    derived_response_vectors: { base64_body: string }[];
  };
  const key = loadPrivateKey(readFileSync(join(corpus, 'kairon_flow_request_private_key.pem')));
  let seen: unknown;
  const flow: FlowEntry = {
    id: 'booking',
    flow: { version: '3.0', screens: [{ id: 'SUMMARY', layout: { type: 'SingleColumnLayout', children: [] } }] },
    endpoint: { data_exchange: { SUMMARY: (request) => ((seen = request.data), finishFlow(request.flowToken)) } },
  };
  const harness = createHarness({ flows: [flow], privateKeys: [key] });
  const response = await harness.post('booking', JSON.stringify(vector.request_envelope));
  assert.equal(response.status, 200);
  assert.equal(await response.text(), vector.derived_response_vectors[0]?.base64_body);
  assert.deepEqual(seen, { department: 'home', location: '3', date: '2024-01-03', time: '11:30', name: 'dsa', email: 'fsd@fsd.cds', phone: '84512', more_details: 'sdfa' });
  const trace = harness.runtime.trace.recent(1)[0];
  assert.equal(trace?.nextScreen, 'SUCCESS');
  assert.equal(JSON.stringify(trace).includes('flows-builder'), false, 'trace holds no token');
  assert.equal(JSON.stringify(trace).includes('fsd@fsd'), false, 'trace holds no personal data');
});

test('the pywa INIT vector (encrypted PKCS#8 key) reaches the INIT handler', async () => {
  const vector = JSON.parse(readFileSync(join(corpus, 'pywa_flow_request_vector.json'), 'utf8')) as { request_envelope: unknown };
  const key = loadPrivateKey(readFileSync(join(corpus, 'pywa_flow_private_key_pkcs8_encrypted.pem')), 'pywa');
  const harness = createHarness({ flows: [{ ...shop }], privateKeys: [key] });
  const response = await harness.post('shop', JSON.stringify(vector.request_envelope));
  assert.equal(response.status, 200);
  assert.equal(harness.runtime.trace.recent(1)[0]?.nextScreen, 'PICK');
});

test('answers a ping with status active', async () => {
  const harness = createHarness({ flows: [shop] });
  const { status, body } = await harness.send('shop', { version: '3.0', action: 'ping' });
  assert.equal(status, 200);
  assert.deepEqual(body, { data: { status: 'active' } });
});

test('dispatches INIT, data_exchange and BACK to the handlers', async () => {
  const harness = createHarness({ flows: [shop] });
  const init = await harness.send('shop', { version: '3.0', action: 'INIT', flow_token: 't1', data: {} });
  assert.deepEqual(init.body, { screen: 'PICK', data: { items: [{ id: 'a', title: 'Apple' }], note: 'pick one' } });
  const next = await harness.send('shop', { version: '3.0', action: 'data_exchange', screen: 'PICK', flow_token: 't1', data: { choice: 'a' } });
  assert.deepEqual(next.body, { screen: 'DONE', data: { total: 3 } });
  const back = await harness.send('shop', { version: '3.0', action: 'BACK', screen: 'DONE', flow_token: 't1', data: {} });
  assert.deepEqual(back.body, { screen: 'PICK', data: { items: [{ id: 'b', title: 'Banana' }], note: 'back again' } });
  const done = await harness.send('shop', { version: '3.0', action: 'data_exchange', screen: 'DONE', flow_token: 't1', data: {} });
  assert.deepEqual(done.body, { screen: 'SUCCESS', data: { extension_message_response: { params: { total: 3, flow_token: 't1' } } } });
});

test('acknowledges and records an error notification', async () => {
  const harness = createHarness({ flows: [shop] });
  const { status, body } = await harness.send('shop', { version: '3.0', action: 'data_exchange', screen: 'PICK', flow_token: 't', data: { error: 'INVALID_SCREEN_TRANSITION', error_message: 'x' } });
  assert.equal(status, 200);
  assert.deepEqual(body, { data: { acknowledged: true } });
  const trace = harness.runtime.trace.recent(1)[0];
  assert.deepEqual([trace?.outcome, trace?.clientError], ['acknowledged', 'INVALID_SCREEN_TRANSITION']);
});

test('a slow handler is answered by the fallback before its deadline, on the same screen with its last data', async () => {
  const harness = createHarness({ flows: [shop], handlerTimeoutMs: 150 });
  await harness.send('shop', { version: '3.0', action: 'INIT', flow_token: 't2', data: {} });
  const started = Date.now();
  const { status, body } = await harness.send('shop', { version: '3.0', action: 'data_exchange', screen: 'PICK', flow_token: 't2', data: { choice: 'slow' } });
  assert.ok(Date.now() - started < 2000);
  assert.equal(status, 200);
  assert.deepEqual(body, { screen: 'PICK', data: { items: [{ id: 'a', title: 'Apple' }], note: 'pick one', error_message: 'Please try again' } });
  const trace = harness.runtime.trace.recent(1)[0];
  assert.equal(trace?.fallbackUsed, true);
  assert.match(trace?.handlerError ?? '', /deadline/);
});

test('a throwing handler gets the fallback and its error is logged redacted', async () => {
  const harness = createHarness({ flows: [shop] });
  const { body } = await harness.send('shop', { version: '3.0', action: 'data_exchange', screen: 'PICK', flow_token: 't3', data: { choice: 'throw' } });
  assert.deepEqual(body, { screen: 'PICK', data: { error_message: 'Please try again' } });
  const trace = harness.runtime.trace.recent(1)[0];
  assert.equal(trace?.outcome, 'fallback');
  assert.equal(trace?.handlerError, 'handler threw Error: inventory for [email] unavailable');
});

test('a reply that breaks the target screen data model becomes the fallback', async () => {
  const harness = createHarness({ flows: [shop] });
  const { status, body } = await harness.send('shop', { version: '3.0', action: 'data_exchange', screen: 'PICK', flow_token: 't4', data: { choice: 'bad' } });
  assert.equal(status, 200);
  assert.deepEqual(body, { screen: 'PICK', data: { error_message: 'Please try again' } });
  assert.match(harness.runtime.trace.recent(1)[0]?.handlerError ?? '', /FLOWLINE_SCREEN_DATA_TYPE at \/total/);
});

// An INIT has no screen to stay on: the Flow's first screen with its example data and the message (a 200 the
// client renders, as for an unknown screen), never a 500 that counts as an unexpected status at Meta.
test('an INIT whose handler fails answers the first screen with its example data and the error message', async () => {
  const flow: FlowEntry = { ...shop, id: 'broken', endpoint: { INIT: () => { throw new Error('boom'); } } };
  const harness = createHarness({ flows: [flow] });
  const { status, body } = await harness.send('broken', { version: '3.0', action: 'INIT', flow_token: 't', data: {} });
  assert.equal(status, 200);
  assert.deepEqual(body, { screen: 'PICK', data: { items: [{ id: '1', title: 'A' }], note: 'x', error_message: 'Something went wrong. Please try again.' } });
  assert.equal(harness.runtime.trace.recent(1)[0]?.outcome, 'fallback');
});

test('a misconfigured endpoint (no handler for INIT or for a screen) answers 200 with the error message, never 500', async () => {
  const flow: FlowEntry = { ...shop, id: 'unhandled', endpoint: { fallback: { kind: 'error_message', message: 'Not available' } } };
  const harness = createHarness({ flows: [flow] });
  const init = await harness.send('unhandled', { version: '3.0', action: 'INIT', screen: '', flow_token: 't', data: {} });
  assert.equal(init.status, 200);
  assert.deepEqual(init.body, { screen: 'PICK', data: { items: [{ id: '1', title: 'A' }], note: 'x', error_message: 'Not available' } });
  assert.equal(harness.runtime.trace.recent(1)[0]?.handlerError, 'no handler for INIT');
  const exchange = await harness.send('unhandled', { version: '3.0', action: 'data_exchange', screen: 'PICK', flow_token: 't', data: { choice: 'x' } });
  assert.equal(exchange.status, 200);
  assert.deepEqual(exchange.body, { screen: 'PICK', data: { items: [{ id: '1', title: 'A' }], note: 'x', error_message: 'Not available' } });
});

test('421 when the request cannot be decrypted: wrong key, tampered tag, non-base64, truncated', async () => {
  const harness = createHarness({ flows: [shop] });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const wrongKey = createHarness({ flows: [shop], privateKeys: [other.privateKey] });
  const { encryptRequest } = await import('@flowline/protocol');
  const good = encryptRequest({ version: '3.0', action: 'ping' }, testKeyPair().publicKey).envelope;
  assert.equal((await wrongKey.post('shop', JSON.stringify(good))).status, 421);
  const data = Buffer.from(good.encrypted_flow_data, 'base64');
  data[data.length - 1] = (data[data.length - 1] ?? 0) ^ 1;
  assert.equal((await harness.post('shop', JSON.stringify({ ...good, encrypted_flow_data: data.toString('base64') }))).status, 421);
  assert.equal((await harness.post('shop', JSON.stringify({ ...good, encrypted_aes_key: '!!!not base64!!!' }))).status, 421);
  assert.equal((await harness.post('shop', JSON.stringify({ ...good, encrypted_aes_key: good.encrypted_aes_key.slice(0, 40) }))).status, 421);
  assert.equal((await harness.post('shop', JSON.stringify({ ...good, encrypted_flow_data: 'AAAA' }))).status, 421);
  assert.equal((await harness.post('shop', JSON.stringify({ ...good, initial_vector: good.initial_vector.slice(0, 12) }))).status, 421);
  assert.equal(harness.runtime.trace.recent(1)[0]?.errorCode, 'ERR_ENVELOPE_UNDECODABLE', 'the code of the one status table is traced');
  const missing = await harness.post('shop', JSON.stringify({ encrypted_flow_data: good.encrypted_flow_data, initial_vector: good.initial_vector }));
  assert.equal(missing.status, 400, 'a missing field is a malformed body, not a key problem');
  // The server is still up and answers.
  assert.equal((await harness.send('shop', { version: '3.0', action: 'ping' })).status, 200);
});

test('432 for a missing or wrong signature when an app secret is set; a good one passes', async () => {
  const harness = createHarness({ flows: [shop], appSecret: 'secret' });
  assert.equal((await harness.send('shop', { version: '3.0', action: 'ping' })).status, 432);
  assert.equal((await harness.send('shop', { version: '3.0', action: 'ping' }, { signWith: 'other' })).status, 432);
  assert.equal((await harness.send('shop', { version: '3.0', action: 'ping' }, { headers: { 'x-hub-signature-256': 'sha256=zz' } })).status, 432);
  assert.equal((await harness.send('shop', { version: '3.0', action: 'ping' }, { signWith: 'secret' })).status, 200);
});

test('427 with an encrypted error_msg for unknown tokens when the Flow requires known tokens', async () => {
  const strict: FlowEntry = { ...shop, id: 'strict', endpoint: { ...shopEndpoint, tokens: { mode: 'known', expiredMessage: 'Expired, ask again' } } };
  const harness = createHarness({ flows: [strict] });
  const unknown = await harness.send('strict', { version: '3.0', action: 'INIT', flow_token: 'nobody', data: {} });
  assert.equal(unknown.status, 427);
  assert.deepEqual(unknown.body, { error_msg: 'Expired, ask again' });
  harness.sessions.register('strict', 'sent', 'send-1');
  assert.equal((await harness.send('strict', { version: '3.0', action: 'INIT', flow_token: 'sent', data: {} })).status, 200);
  const opened = harness.runtime.trace.recent(1)[0];
  assert.equal(opened?.sendId, 'send-1');
  assert.equal(opened?.firstExchange, true);
  assert.equal((await harness.send('strict', { version: '3.0', action: 'BACK', screen: 'DONE', flow_token: 'sent', data: {} })).status, 200);
  assert.equal(harness.runtime.trace.recent(1)[0]?.firstExchange, false, 'only the first exchange opens the Flow');
  harness.sessions.register('other', 'elsewhere', 'send-2');
  assert.equal((await harness.send('strict', { version: '3.0', action: 'INIT', flow_token: 'elsewhere', data: {} })).status, 427, 'a token sent for another Flow is unknown here');
});

test('427 for an expired token; open Flows start the clock at the first request', async () => {
  let clock = 1_000_000;
  const timed: FlowEntry = { ...shop, id: 'timed', endpoint: { ...shopEndpoint, tokens: { mode: 'open', ttlMs: 60_000 } } };
  const harness = createHarness({ flows: [timed], now: () => clock });
  assert.equal((await harness.send('timed', { version: '3.0', action: 'INIT', flow_token: 'x', data: {} })).status, 200);
  clock += 59_000;
  assert.equal((await harness.send('timed', { version: '3.0', action: 'BACK', screen: 'DONE', flow_token: 'x', data: {} })).status, 200);
  clock += 2_000;
  const late = await harness.send('timed', { version: '3.0', action: 'BACK', screen: 'DONE', flow_token: 'x', data: {} });
  assert.equal(late.status, 427);
  assert.equal(harness.runtime.trace.recent(1)[0]?.errorCode, 'FLOWLINE_TOKEN_EXPIRED');
});

test('400 for malformed JSON or envelopes, 404 for unknown Flows, 413 for huge bodies', async () => {
  const harness = createHarness({ flows: [shop], bodyLimitBytes: 64 * 1024 });
  assert.equal((await harness.post('shop', '{not json')).status, 400);
  assert.equal((await harness.post('shop', '[]')).status, 400);
  assert.equal((await harness.post('shop', JSON.stringify({ encrypted_flow_data: 1 }))).status, 400);
  assert.equal((await harness.post('nope', '{}')).status, 404);
  const huge = await harness.post('shop', JSON.stringify({ encrypted_flow_data: 'A'.repeat(200 * 1024), encrypted_aes_key: 'A', initial_vector: 'A' }));
  assert.equal(huge.status, 413);
  const malformedPayload = await harness.send('shop', { version: '3.0', action: 'DANCE', flow_token: 't' });
  assert.equal(malformedPayload.status, 400);
  assert.equal((await harness.send('shop', { version: '3.0', action: 'ping' })).status, 200, 'still up');
});

test('error bodies leak no internal detail', async () => {
  const harness = createHarness({ flows: [shop] });
  const response = await harness.post('shop', JSON.stringify({ encrypted_flow_data: 'AAAA', encrypted_aes_key: 'AAAA', initial_vector: 'AAAA' }));
  const text = await response.text();
  assert.equal(text, JSON.stringify({ error: 'request cannot be decrypted' }));
});

test('a request carrying the preview key is answered like any other and traced as a preview; a wrong key is not one', async () => {
  const harness = createHarness({ flows: [{ ...shop }], previewKey: 'preview-secret-1' });
  const init = { version: '3.0', action: 'INIT', flow_token: 'designer-1' };
  const previewed = await harness.send('shop', init, { headers: { 'x-flowline-preview': 'preview-secret-1' } });
  assert.equal(previewed.status, 200);
  assert.equal(harness.runtime.trace.recent(1)[0]?.preview, true);
  const plain = await harness.send('shop', init);
  assert.deepEqual(plain.body, previewed.body, 'the preview answers exactly as a customer would be answered');
  assert.equal(harness.runtime.trace.recent(1)[0]?.preview, false);
  for (const wrong of ['preview-secret-2', 'preview-secret-1x', 'prévia', '']) {
    await harness.send('shop', init, { headers: { 'x-flowline-preview': wrong } });
    assert.equal(harness.runtime.trace.recent(1)[0]?.preview, false, `"${wrong}" is not the key`);
  }
  const noKey = createHarness({ flows: [{ ...shop }] });
  await noKey.send('shop', init, { headers: { 'x-flowline-preview': 'anything' } });
  assert.equal(noKey.runtime.trace.recent(1)[0]?.preview, false, 'without a configured key nothing is a preview');
});

/** Encrypts a payload (object or JSON text) for `publicKey`, signs the body with `secret` and posts it. */
async function postSigned(harness: ReturnType<typeof createHarness>, flowId: string, payload: unknown, publicKey: KeyObject, secret: string): Promise<{ status: number; text: string }> {
  const body = JSON.stringify(encryptRequest(payload, publicKey).envelope);
  const response = await harness.post(flowId, body, { 'x-hub-signature-256': signBody(body, secret) });
  return { status: response.status, text: await response.text() };
}

function kaironKey(): KeyObject {
  return loadPrivateKey(readFileSync(join(corpus, 'kairon_flow_request_private_key.pem')));
}

test('signed requests with oversized fields get 413 ERR_FIELD_TOO_LARGE and nothing of them is kept', async () => {
  const key = kaironKey();
  // The server's default body limit (1 MiB): a 400 KB token fits in a body.
  const harness = createHarness({ flows: [shop], privateKeys: [key], appSecret: 'app-secret', bodyLimitBytes: 1024 * 1024 });
  const publicKey = createPublicKey(key);
  const hugeToken = 't'.repeat(400 * 1024);
  const cases = [
    { version: '3.0', action: 'INIT', flow_token: hugeToken, data: {} },
    { version: '3.0', action: 'data_exchange', screen: 'PICK', flow_token: 'ok-token', data: { error: 'E'.repeat(100_000), error_message: 'x' } },
    { version: '3.0', action: 'data_exchange', screen: 'S'.repeat(5000), flow_token: 'ok-token', data: {} },
    { version: '3.0', action: 'INIT', flow_token: 'ok-token', flow_token_signature: 'j'.repeat(10_000), data: {} },
    { version: '3'.repeat(1000), action: 'ping' },
  ];
  for (const payload of cases) {
    const answer = await postSigned(harness, 'shop', payload, publicKey, 'app-secret');
    assert.equal(answer.status, 413);
    assert.match(answer.text, /request too large: (flow_token|data\.error|screen|flow_token_signature|version) exceeds \d+ characters/);
    const trace = harness.runtime.trace.recent(1)[0];
    assert.equal(trace?.errorCode, 'ERR_FIELD_TOO_LARGE');
    assert.ok(JSON.stringify(trace).length < 1000, 'the trace holds nothing of the oversized field');
  }
  assert.equal(await harness.sessions.find('shop', hugeToken), undefined, 'no session for the oversized token');
  assert.equal(await harness.sessions.find('shop', 'ok-token'), undefined);
  // At the limits the same requests are served.
  const longest = 't'.repeat(1024);
  assert.equal((await postSigned(harness, 'shop', { version: '3.0', action: 'INIT', flow_token: longest, data: {} }, publicKey, 'app-secret')).status, 200);
  const notice = await postSigned(harness, 'shop', { version: '3.0', action: 'data_exchange', screen: 'PICK', flow_token: longest, data: { error: 'E'.repeat(128) } }, publicKey, 'app-secret');
  assert.equal(notice.status, 200);
  assert.equal(harness.runtime.trace.recent(1)[0]?.clientError, 'E'.repeat(128));
});

test('the trace keeps at most 32 data field names, each cut to 64 characters', async () => {
  const harness = createHarness({ flows: [shop], bodyLimitBytes: 1024 * 1024 });
  const data = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`${'k'.repeat(100)}${i}`, i]));
  assert.equal((await harness.send('shop', { version: '3.0', action: 'INIT', flow_token: 'many-keys', data })).status, 200);
  const keys = harness.runtime.trace.recent(1)[0]?.dataKeys ?? [];
  assert.equal(keys.length, 32);
  assert.ok(keys.every((k) => k.length === 64));
});

test('a deeply nested payload gets 400 on a crypto thread, which keeps serving the real vector', async () => {
  const key = kaironKey();
  const errors: Error[] = [];
  const decryptor = await createRequestDecryptor([key], { threads: 1, onThreadError: (error) => errors.push(error) });
  try {
    const vector = JSON.parse(readFileSync(join(corpus, 'kairon_flow_request_vector.json'), 'utf8')) as { request_envelope: unknown; derived_response_vectors: { base64_body: string }[] };
    let seen = 0;
    const flow: FlowEntry = {
      id: 'booking',
      flow: { version: '3.0', screens: [{ id: 'SUMMARY', layout: { type: 'SingleColumnLayout', children: [] } }] },
      endpoint: { data_exchange: { SUMMARY: (request) => ((seen += 1), finishFlow(request.flowToken)) } },
    };
    const harness = createHarness({ flows: [flow], decryptor, appSecret: 'app-secret', bodyLimitBytes: 1024 * 1024 });
    const deep = `{"version":"3.0","action":"data_exchange","screen":"SUMMARY","flow_token":"t","data":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`;
    const answers = await Promise.all([1, 2, 3].map(() => postSigned(harness, 'booking', deep, createPublicKey(key), 'app-secret')));
    assert.deepEqual(answers.map((a) => a.status), [400, 400, 400]);
    assert.equal(harness.runtime.trace.recent(1)[0]?.errorCode, 'ERR_PAYLOAD_TOO_DEEP');
    assert.equal(seen, 0, 'no handler saw it');
    const body = JSON.stringify(vector.request_envelope);
    const response = await harness.post('booking', body, { 'x-hub-signature-256': signBody(body, 'app-secret') });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), vector.derived_response_vectors[0]?.base64_body);
    assert.deepEqual(errors, [], 'no crypto thread failed');
    assert.equal(decryptor.threads, 1);
  } finally {
    await decryptor.close();
  }
});
