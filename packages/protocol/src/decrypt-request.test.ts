import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createPublicKey, generateKeyPairSync, publicEncrypt } from 'node:crypto';
import { decryptRequest } from './decrypt-request.js';
import { loadPrivateKey } from './load-private-key.js';
import { parseEnvelope } from './parse-envelope.js';
import { isProtocolError } from './protocol-error.js';
import { kairon, pywa } from './test-support/crypto-corpus.js';

/** Returns a copy of a base64 string with one decoded byte changed. */
function flipByte(base64: string, index: number): string {
  const bytes = Buffer.from(base64, 'base64');
  const at = index < 0 ? bytes.length + index : index;
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return bytes.toString('base64');
}

describe('decryptRequest', () => {
  it('decrypts the real Flow Builder request (kairon vector) to the expected payload, AES key and IV', () => {
    const { vector, keyPem } = kairon();
    const result = decryptRequest(vector.request_envelope, loadPrivateKey(keyPem));
    assert.equal(result.aesKey.toString('hex'), vector.expected.aes_key_hex);
    assert.equal(result.iv.toString('hex'), vector.expected.iv_hex);
    assert.deepEqual(result.payload, vector.expected.decrypted_json);
  });

  it('decrypts the pywa INIT request with the encrypted PKCS#8 key', () => {
    const { vector, keyPem, passphrase } = pywa();
    const result = decryptRequest(vector.request_envelope, loadPrivateKey(keyPem, passphrase));
    assert.equal(result.aesKey.toString('hex'), vector.expected.aes_key_hex);
    assert.equal(result.iv.toString('hex'), vector.expected.iv_hex);
    assert.deepEqual(result.payload, vector.expected.decrypted_json);
  });

  it('accepts an already parsed envelope', () => {
    const { vector, keyPem } = kairon();
    const result = decryptRequest(parseEnvelope(vector.request_envelope), loadPrivateKey(keyPem));
    assert.deepEqual(result.payload, vector.expected.decrypted_json);
  });

  it('tries each key of a rotation list in order', () => {
    const { vector, keyPem } = kairon();
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const result = decryptRequest(vector.request_envelope, [other, loadPrivateKey(keyPem)]);
    assert.deepEqual(result.payload, vector.expected.decrypted_json);
  });

  it('rejects a tampered GCM tag with ERR_ENVELOPE_DECRYPT (421)', () => {
    const { vector, keyPem } = kairon();
    const envelope = { ...vector.request_envelope, encrypted_flow_data: flipByte(vector.request_envelope.encrypted_flow_data, -1) };
    assert.throws(
      () => decryptRequest(envelope, loadPrivateKey(keyPem)),
      (e) => isProtocolError(e, 'ERR_ENVELOPE_DECRYPT') && e.status === 421,
    );
  });

  it('rejects tampered ciphertext with ERR_ENVELOPE_DECRYPT', () => {
    const { vector, keyPem } = kairon();
    const envelope = { ...vector.request_envelope, encrypted_flow_data: flipByte(vector.request_envelope.encrypted_flow_data, 0) };
    assert.throws(() => decryptRequest(envelope, loadPrivateKey(keyPem)), (e) => isProtocolError(e, 'ERR_ENVELOPE_DECRYPT'));
  });

  it('rejects a tampered IV with ERR_ENVELOPE_DECRYPT', () => {
    const { vector, keyPem } = kairon();
    const envelope = { ...vector.request_envelope, initial_vector: flipByte(vector.request_envelope.initial_vector, 3) };
    assert.throws(() => decryptRequest(envelope, loadPrivateKey(keyPem)), (e) => isProtocolError(e, 'ERR_ENVELOPE_DECRYPT'));
  });

  it('rejects a request encrypted for another key with ERR_ENVELOPE_DECRYPT (421)', () => {
    const { vector } = kairon();
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    assert.throws(
      () => decryptRequest(vector.request_envelope, other),
      (e) => isProtocolError(e, 'ERR_ENVELOPE_DECRYPT') && e.status === 421 && !e.message.includes(vector.request_envelope.encrypted_aes_key),
    );
  });

  it('rejects a truncated encrypted_aes_key with ERR_ENVELOPE_DECRYPT', () => {
    const { vector, keyPem } = kairon();
    const short = Buffer.from(vector.request_envelope.encrypted_aes_key, 'base64').subarray(0, 128).toString('base64');
    const envelope = { ...vector.request_envelope, encrypted_aes_key: short };
    assert.throws(() => decryptRequest(envelope, loadPrivateKey(keyPem)), (e) => isProtocolError(e, 'ERR_ENVELOPE_DECRYPT'));
  });

  it('rejects a malformed envelope with ERR_ENVELOPE_MALFORMED (400) before any RSA work', () => {
    const { keyPem } = kairon();
    assert.throws(
      () => decryptRequest({ encrypted_flow_data: 'abc' }, loadPrivateKey(keyPem)),
      (e) => isProtocolError(e, 'ERR_ENVELOPE_MALFORMED') && e.status === 400,
    );
  });

  it('rejects an unwrapped AES key that is not 128 bits with ERR_ENVELOPE_DECRYPT', () => {
    const { vector, keyPem } = kairon();
    const privateKey = loadPrivateKey(keyPem);
    const wrapped = publicEncrypt(
      { key: createPublicKey(privateKey), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      Buffer.alloc(32, 7),
    );
    const envelope = { ...vector.request_envelope, encrypted_aes_key: wrapped.toString('base64') };
    assert.throws(
      () => decryptRequest(envelope, privateKey),
      (e) => isProtocolError(e, 'ERR_ENVELOPE_DECRYPT') && /16 bytes, got 32/.test(e.message),
    );
  });

  it('rejects an authentic payload that is not JSON with ERR_PAYLOAD_MALFORMED (400)', async () => {
    const { vector, keyPem } = kairon();
    const privateKey = loadPrivateKey(keyPem);
    const { createCipheriv } = await import('node:crypto');
    const aesKey = Buffer.from(vector.expected.aes_key_hex, 'hex');
    const iv = Buffer.from(vector.expected.iv_hex, 'hex');
    const cipher = createCipheriv('aes-128-gcm', aesKey, iv);
    const data = Buffer.concat([cipher.update('not json', 'utf8'), cipher.final(), cipher.getAuthTag()]);
    const envelope = { ...vector.request_envelope, encrypted_flow_data: data.toString('base64') };
    assert.throws(
      () => decryptRequest(envelope, privateKey),
      (e) => isProtocolError(e, 'ERR_PAYLOAD_MALFORMED') && e.status === 400,
    );
  });
});
