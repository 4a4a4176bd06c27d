import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import fc from 'fast-check';
import { decryptRequest } from './decrypt-request.js';
import { decryptResponse } from './decrypt-response.js';
import { encryptRequest } from './encrypt-request.js';
import { encryptResponse } from './encrypt-response.js';
import { loadPrivateKey } from './load-private-key.js';
import { isProtocolError } from './protocol-error.js';
import { kairon, pywa } from './test-support/crypto-corpus.js';

/** Deterministic randomness: hands out the given buffers in order. */
function scripted(...buffers: Buffer[]): (size: number) => Buffer {
  return (size) => {
    const next = buffers.shift();
    assert.ok(next !== undefined && next.length === size);
    return next;
  };
}

describe('encryptRequest / decryptResponse (WhatsApp client side)', () => {
  it('round-trips a request through the server and its response back to the client', () => {
    const { keyPem } = kairon();
    const privateKey = loadPrivateKey(keyPem);
    const payload = { version: '3.0', action: 'data_exchange', screen: 'A', data: { n: 11 }, flow_token: 't-1' };
    const sent = encryptRequest(payload, createPublicKey(privateKey));
    const received = decryptRequest(JSON.parse(JSON.stringify(sent.envelope)), privateKey);
    assert.deepEqual(received.payload, payload);
    assert.deepEqual(received.aesKey, sent.aesKey);
    const body = encryptResponse({ screen: 'B', data: { ok: true } }, received.aesKey, received.iv);
    assert.deepEqual(decryptResponse(body, sent.aesKey, sent.iv), { screen: 'B', data: { ok: true } });
  });

  it('with injected key and IV reproduces the real kairon request ciphertext', () => {
    const { vector, keyPem } = kairon();
    const random = scripted(Buffer.from(vector.expected.aes_key_hex, 'hex'), Buffer.from(vector.expected.iv_hex, 'hex'));
    const sent = encryptRequest(vector.expected.decrypted_plaintext_utf8, createPublicKey(loadPrivateKey(keyPem)), { random });
    assert.equal(sent.envelope.encrypted_flow_data, vector.request_envelope.encrypted_flow_data);
    assert.equal(sent.envelope.initial_vector, vector.request_envelope.initial_vector);
  });

  it('decrypts pywa\'s expected response body', () => {
    const { vector } = pywa();
    const body = decryptResponse(
      vector.response_vector.expected_base64_body,
      Buffer.from(vector.expected.aes_key_hex, 'hex'),
      Buffer.from(vector.expected.iv_hex, 'hex'),
    );
    assert.deepEqual(body, { version: '3.0', screen: 'SUCCESS', data: { key: 'value' } });
  });

  it('accepts the public key as PEM text', () => {
    const { keyPem } = kairon();
    const privateKey = loadPrivateKey(keyPem);
    const pem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
    const sent = encryptRequest({ action: 'ping', version: '3.0' }, pem);
    assert.deepEqual(decryptRequest(sent.envelope, privateKey).payload, { action: 'ping', version: '3.0' });
  });

  it('rejects a response encrypted under another key with ERR_RESPONSE_DECRYPT', () => {
    const { vector } = kairon();
    const body = vector.derived_response_vectors[1]?.base64_body ?? '';
    assert.throws(
      () => decryptResponse(body, Buffer.alloc(16, 1), Buffer.from(vector.expected.iv_hex, 'hex')),
      (e) => isProtocolError(e, 'ERR_RESPONSE_DECRYPT'),
    );
  });

  it('rejects a response body that is not base64 with ERR_RESPONSE_DECRYPT', () => {
    assert.throws(() => decryptResponse('<html>oops</html>', Buffer.alloc(16), Buffer.alloc(16)), (e) => isProtocolError(e, 'ERR_RESPONSE_DECRYPT'));
  });

  it('round-trips arbitrary JSON payloads, including non-ASCII text, both ways', () => {
    const privateKey = loadPrivateKey(kairon().keyPem);
    const publicKey = createPublicKey(privateKey);
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (request, response) => {
        const sent = encryptRequest({ version: '3.0', action: 'data_exchange', data: { v: request } }, publicKey);
        const received = decryptRequest(sent.envelope, privateKey);
        assert.deepEqual(received.payload, JSON.parse(JSON.stringify({ version: '3.0', action: 'data_exchange', data: { v: request } })));
        const body = encryptResponse({ data: { v: response } }, received.aesKey, received.iv);
        assert.deepEqual(decryptResponse(body, sent.aesKey, sent.iv), JSON.parse(JSON.stringify({ data: { v: response } })));
      }),
      { numRuns: 40 },
    );
  });
});
