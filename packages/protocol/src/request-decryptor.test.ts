import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { after, describe, it } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { decryptRequest } from './decrypt-request.js';
import { encryptRequest } from './encrypt-request.js';
import { loadPrivateKey } from './load-private-key.js';
import { isProtocolError } from './protocol-error.js';
import { createRequestDecryptor, defaultDecryptThreads, inlineRequestDecryptor, type RequestDecryptor } from './request-decryptor.js';
import { kairon, pywa } from './test-support/crypto-corpus.js';

const opened: RequestDecryptor[] = [];
after(async () => {
  await Promise.all(opened.map((decryptor) => decryptor.close()));
});

async function threaded(...args: Parameters<typeof createRequestDecryptor>): Promise<RequestDecryptor> {
  const decryptor = await createRequestDecryptor(...args);
  opened.push(decryptor);
  return decryptor;
}

const body = (value: unknown): Buffer => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

/** The code a decryptor rejects with, or 'ok'. */
async function outcome(decryptor: RequestDecryptor, raw: Buffer): Promise<string> {
  try {
    await decryptor.decrypt(raw);
    return 'ok';
  } catch (error) {
    return isProtocolError(error) ? error.code : `not a ProtocolError: ${String(error)}`;
  }
}

describe('createRequestDecryptor', () => {
  it('decrypts the real kairon and pywa vectors on crypto threads exactly as on the calling thread', async () => {
    const k = kairon();
    const p = pywa();
    const decryptor = await threaded([loadPrivateKey(p.keyPem, p.passphrase), loadPrivateKey(k.keyPem)], { threads: 2 });
    assert.equal(decryptor.threads, 2);
    for (const vector of [k.vector, p.vector]) {
      const result = await decryptor.decrypt(body(vector.request_envelope));
      assert.ok(Buffer.isBuffer(result.aesKey) && Buffer.isBuffer(result.iv), 'key and IV come back as Buffers');
      assert.equal(result.aesKey.toString('hex'), vector.expected.aes_key_hex);
      assert.equal(result.iv.toString('hex'), vector.expected.iv_hex);
      assert.deepEqual(result.payload, vector.expected.decrypted_json);
    }
  });

  it('rejects bad bodies with the same ProtocolError codes as decryptRequest', async () => {
    const { vector, keyPem } = kairon();
    const key = loadPrivateKey(keyPem);
    const envelope = vector.request_envelope;
    const tag = Buffer.from(envelope.encrypted_flow_data, 'base64');
    tag[tag.length - 1] = (tag[tag.length - 1] ?? 0) ^ 1;
    const cases = [
      body('not json'),
      body([1, 2]),
      body({ ...envelope, encrypted_aes_key: undefined }),
      body({ ...envelope, initial_vector: '!!!not base64!!!' }),
      body({ ...envelope, encrypted_flow_data: tag.toString('base64') }),
      body({ ...envelope, encrypted_aes_key: Buffer.from(envelope.encrypted_aes_key, 'base64').subarray(0, 100).toString('base64') }),
      body({ ...envelope, encrypted_flow_data: Buffer.alloc(3000).toString('base64') }),
    ];
    const expected = cases.map((raw) => {
      try {
        decryptRequest(raw, key, { maxFlowDataBytes: 2048 });
        return 'ok';
      } catch (error) {
        return isProtocolError(error) ? error.code : 'other';
      }
    });
    assert.deepEqual(expected, ['ERR_ENVELOPE_MALFORMED', 'ERR_ENVELOPE_MALFORMED', 'ERR_ENVELOPE_MALFORMED', 'ERR_ENVELOPE_UNDECODABLE', 'ERR_ENVELOPE_DECRYPT', 'ERR_ENVELOPE_DECRYPT', 'ERR_ENVELOPE_TOO_LARGE']);
    const decryptor = await threaded([key], { threads: 1, maxFlowDataBytes: 2048 });
    assert.deepEqual(await Promise.all(cases.map((raw) => outcome(decryptor, raw))), expected);
    assert.deepEqual(await Promise.all(cases.map((raw) => outcome(inlineRequestDecryptor([key], { maxFlowDataBytes: 2048 }), raw))), expected);
  });

  it('answers many concurrent requests, each with its own payload and key', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const decryptor = await threaded([privateKey], { threads: 2 });
    const requests = Array.from({ length: 120 }, (_, i) => encryptRequest({ version: '3.0', action: 'data_exchange', screen: 'S', flow_token: `t-${i}`, data: { n: i } }, publicKey));
    const results = await Promise.all(requests.map((request) => decryptor.decrypt(body(request.envelope))));
    results.forEach((result, i) => {
      assert.deepEqual(result.payload, { version: '3.0', action: 'data_exchange', screen: 'S', flow_token: `t-${i}`, data: { n: i } });
      assert.ok(result.aesKey.equals(requests[i]?.aesKey ?? Buffer.alloc(0)));
      assert.ok(result.iv.equals(requests[i]?.iv ?? Buffer.alloc(0)));
    });
  });

  it('loses no request when a crypto thread dies: its requests are answered and the thread is replaced', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const started: Worker[] = [];
    const errors: Error[] = [];
    const decryptor = await threaded([privateKey], { threads: 2, onThreadStarted: (thread) => started.push(thread), onThreadError: (error) => errors.push(error) });
    assert.equal(started.length, 2);
    const requests = Array.from({ length: 60 }, (_, i) => encryptRequest({ version: '3.0', action: 'ping', flow_token: `k-${i}` }, publicKey));
    const answers = requests.map((request) => decryptor.decrypt(body(request.envelope)));
    await started[0]?.terminate();
    const results = await Promise.all(answers);
    results.forEach((result, i) => assert.deepEqual(result.payload, { version: '3.0', action: 'ping', flow_token: `k-${i}` }));
    assert.match(errors[0]?.message ?? '', /crypto thread exited/);
    for (let waited = 0; started.length < 3 && waited < 100; waited++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(started.length, 3, 'a replacement thread started');
    assert.equal(decryptor.threads, 2);
    const later = encryptRequest({ version: '3.0', action: 'ping' }, publicKey);
    assert.deepEqual((await decryptor.decrypt(body(later.envelope))).payload, { version: '3.0', action: 'ping' });
  });

  it('setKeys (a key rotation) reaches every crypto thread, the threads started later and the calling thread', async () => {
    // The real vectors: kairon's key plays the previous key, pywa's the new one.
    const k = kairon();
    const p = pywa();
    const previous = loadPrivateKey(k.keyPem);
    const next = loadPrivateKey(p.keyPem, p.passphrase);
    const oldRequest = body(k.vector.request_envelope);
    const newRequest = body(p.vector.request_envelope);
    const started: Worker[] = [];
    const decryptor = await threaded([previous], { threads: 2, onThreadStarted: (thread) => started.push(thread) });
    const inline = inlineRequestDecryptor([previous]);
    for (const d of [decryptor, inline]) {
      assert.deepEqual(await Promise.all([outcome(d, oldRequest), outcome(d, newRequest)]), ['ok', 'ERR_ENVELOPE_DECRYPT']);
      // During the grace period: the new key first, the previous one still accepted.
      d.setKeys([next, previous]);
      // Several at once, so that both threads answer.
      assert.deepEqual(await Promise.all([oldRequest, newRequest, oldRequest, newRequest].map((raw) => outcome(d, raw))), ['ok', 'ok', 'ok', 'ok']);
      assert.deepEqual((await d.decrypt(newRequest)).payload, p.vector.expected.decrypted_json);
      // After it: the previous key is refused with the protocol's decryption error (HTTP 421).
      d.setKeys([next]);
      assert.deepEqual(await Promise.all([oldRequest, newRequest, oldRequest, newRequest].map((raw) => outcome(d, raw))), ['ERR_ENVELOPE_DECRYPT', 'ok', 'ERR_ENVELOPE_DECRYPT', 'ok']);
    }
    // A thread that replaces a dead one starts with the keys in force, not the ones the decryptor was created with.
    await started[0]?.terminate();
    for (let waited = 0; started.length < 3 && waited < 100; waited++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(started.length, 3, 'a replacement thread started');
    assert.deepEqual(await Promise.all([oldRequest, newRequest, oldRequest, newRequest].map((raw) => outcome(decryptor, raw))), ['ERR_ENVELOPE_DECRYPT', 'ok', 'ERR_ENVELOPE_DECRYPT', 'ok']);
  });

  it('decrypts on the calling thread after close, and with threads: 0', async () => {
    const { vector, keyPem } = kairon();
    const decryptor = await createRequestDecryptor([loadPrivateKey(keyPem)], { threads: 1 });
    await decryptor.close();
    assert.equal(decryptor.threads, 0);
    assert.deepEqual((await decryptor.decrypt(body(vector.request_envelope))).payload, vector.expected.decrypted_json);
    const inline = await createRequestDecryptor([loadPrivateKey(keyPem)], { threads: 0 });
    assert.equal(inline.threads, 0);
    assert.deepEqual((await inline.decrypt(body(vector.request_envelope))).payload, vector.expected.decrypted_json);
  });
});

/** A request payload whose data nests `depth` objects (as text: JSON.stringify itself cannot go that deep). */
function nestedPayload(depth: number): string {
  return `{"version":"3.0","action":"data_exchange","screen":"S","flow_token":"t","data":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
}

describe('hostile payloads on crypto threads', () => {
  it('refuses a deeply nested payload with ERR_PAYLOAD_TOO_DEEP (400) and keeps the thread', async () => {
    const { vector, keyPem } = kairon();
    const key = loadPrivateKey(keyPem);
    const started: Worker[] = [];
    const errors: Error[] = [];
    const decryptor = await threaded([key], { threads: 1, onThreadStarted: (thread) => started.push(thread), onThreadError: (error) => errors.push(error) });
    const deep = body(encryptRequest(nestedPayload(20_000), createPublicKey(key)).envelope);
    assert.equal(await outcome(decryptor, deep), 'ERR_PAYLOAD_TOO_DEEP');
    assert.equal(await outcome(inlineRequestDecryptor([key]), deep), 'ERR_PAYLOAD_TOO_DEEP', 'the same on the calling thread');
    // 32 levels are accepted: `data` is the second.
    assert.equal(await outcome(decryptor, body(encryptRequest(nestedPayload(31), createPublicKey(key)).envelope)), 'ok');
    assert.equal(await outcome(decryptor, body(encryptRequest(nestedPayload(32), createPublicKey(key)).envelope)), 'ERR_PAYLOAD_TOO_DEEP');
    // Brackets inside strings are text, not nesting.
    const brackets = encryptRequest({ version: '3.0', action: 'ping', data: { note: '['.repeat(100) } }, createPublicKey(key));
    assert.equal(await outcome(decryptor, body(brackets.envelope)), 'ok');
    assert.deepEqual(errors, []);
    assert.equal(started.length, 1, 'no thread was replaced');
    assert.deepEqual((await decryptor.decrypt(body(vector.request_envelope))).payload, vector.expected.decrypted_json);
  });

  it('answers a request whose payload cannot be cloned back (depth limit lifted) without losing the thread', async () => {
    const { vector, keyPem } = kairon();
    const key = loadPrivateKey(keyPem);
    const started: Worker[] = [];
    const errors: Error[] = [];
    const decryptor = await threaded([key], { threads: 1, maxPayloadDepth: 1_000_000, onThreadStarted: (thread) => started.push(thread), onThreadError: (error) => errors.push(error) });
    const deep = body(encryptRequest(nestedPayload(20_000), createPublicKey(key)).envelope);
    const good = decryptor.decrypt(body(vector.request_envelope));
    assert.equal(await outcome(decryptor, deep), 'ERR_PAYLOAD_MALFORMED');
    assert.deepEqual((await good).payload, vector.expected.decrypted_json, 'a request queued beside it is answered');
    assert.deepEqual(errors, []);
    assert.equal(started.length, 1, 'the thread survived');
  });
});

describe('defaultDecryptThreads', () => {
  it('gives no crypto threads with a process per core, else the cores shared out between the processes', () => {
    assert.equal(defaultDecryptThreads(2, 2), 0);
    assert.equal(defaultDecryptThreads(4, 2), 0);
    assert.equal(defaultDecryptThreads(1, 1), 0);
    assert.equal(defaultDecryptThreads(1, 2), 2);
    assert.equal(defaultDecryptThreads(1, 8), 8);
    assert.equal(defaultDecryptThreads(3, 8), 2);
  });
});
