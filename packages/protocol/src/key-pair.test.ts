import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decryptRequest } from './decrypt-request.js';
import { encryptRequest } from './encrypt-request.js';
import { generateKeyPair } from './generate-key-pair.js';
import { loadKeyPair } from './load-key-pair.js';
import { isProtocolError } from './protocol-error.js';
import { saveKeyPair } from './save-key-pair.js';

const root = mkdtempSync(path.join(tmpdir(), 'flowline-keys-'));
after(() => rmSync(root, { recursive: true, force: true }));

const pair = generateKeyPair({ passphrase: 'correct horse' });

describe('key pair generation and storage', () => {
  it('generates an encrypted PKCS#8 private key and an SPKI public key', () => {
    assert.match(pair.privateKeyPem, /^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    assert.match(pair.publicKeyPem, /^-----BEGIN PUBLIC KEY-----/);
  });

  it('saves private.pem with mode 0600 and loads it back with the passphrase', () => {
    const dir = path.join(root, 'a', 'keys');
    saveKeyPair(dir, pair);
    assert.equal(statSync(path.join(dir, 'private.pem')).mode & 0o777, 0o600);
    assert.equal(readFileSync(path.join(dir, 'public.pem'), 'utf8'), pair.publicKeyPem);
    const loaded = loadKeyPair(dir, 'correct horse');
    assert.equal(loaded.privateKey.asymmetricKeyDetails?.modulusLength, 2048);
    assert.equal(loaded.publicKeyPem, pair.publicKeyPem);
  });

  it('loads a pair that serves real envelopes', () => {
    const dir = path.join(root, 'b');
    saveKeyPair(dir, pair);
    const loaded = loadKeyPair(dir, 'correct horse');
    const sent = encryptRequest({ action: 'ping', version: '3.0' }, loaded.publicKeyPem);
    assert.deepEqual(decryptRequest(sent.envelope, loaded.privateKey).payload, { action: 'ping', version: '3.0' });
  });

  it('rejects a wrong passphrase with ERR_KEY_PASSPHRASE', () => {
    const dir = path.join(root, 'c');
    saveKeyPair(dir, pair);
    assert.throws(() => loadKeyPair(dir, 'wrong horse'), (e) => isProtocolError(e, 'ERR_KEY_PASSPHRASE') && !e.message.includes('horse'));
  });

  it('rejects a missing passphrase with ERR_KEY_PASSPHRASE', () => {
    const dir = path.join(root, 'd');
    saveKeyPair(dir, pair);
    assert.throws(() => loadKeyPair(dir, undefined), (e) => isProtocolError(e, 'ERR_KEY_PASSPHRASE'));
  });

  it('refuses to generate a key without a passphrase', () => {
    assert.throws(() => generateKeyPair({ passphrase: '' }), (e) => isProtocolError(e, 'ERR_KEY_PASSPHRASE'));
  });

  it('refuses to overwrite an existing private key unless asked', () => {
    const dir = path.join(root, 'e');
    saveKeyPair(dir, pair);
    assert.throws(() => saveKeyPair(dir, pair), (e) => isProtocolError(e, 'ERR_KEY_EXISTS'));
    writeFileSync(path.join(dir, 'private.pem'), 'x', { mode: 0o644 });
    saveKeyPair(dir, pair, { overwrite: true });
    assert.equal(statSync(path.join(dir, 'private.pem')).mode & 0o777, 0o600);
  });

  it('reports missing files with ERR_KEY_NOT_FOUND', () => {
    assert.throws(() => loadKeyPair(path.join(root, 'nowhere'), 'x'), (e) => isProtocolError(e, 'ERR_KEY_NOT_FOUND'));
  });

  it('rejects a public key that does not belong to the private key with ERR_KEY_INVALID', () => {
    const dir = path.join(root, 'f');
    saveKeyPair(dir, { privateKeyPem: pair.privateKeyPem, publicKeyPem: generateKeyPair({ passphrase: 'p' }).publicKeyPem });
    assert.throws(() => loadKeyPair(dir, 'correct horse'), (e) => isProtocolError(e, 'ERR_KEY_INVALID'));
  });
});
