import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { encryptPrivateKey, privateKeyKdfIterations, PRIVATE_KEY_KDF_ITERATIONS } from './encrypt-private-key.js';
import { generateKeyPair } from './generate-key-pair.js';
import { loadPrivateKey } from './load-private-key.js';
import { isProtocolError } from './protocol-error.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const der = (key: ReturnType<typeof createPrivateKey>) => key.export({ type: 'pkcs8', format: 'der' });

describe('private key encryption at rest', () => {
  it('generated keys use PBKDF2-HMAC-SHA256 with 600,000 iterations, not OpenSSL’s default 2,048', () => {
    assert.equal(PRIVATE_KEY_KDF_ITERATIONS, 600_000);
    assert.equal(privateKeyKdfIterations(generateKeyPair({ passphrase: 'correct horse battery' }).privateKeyPem), PRIVATE_KEY_KDF_ITERATIONS);
  });

  it('writes a standard PKCS#8 PEM that Node and OpenSSL decrypt with the passphrase', () => {
    const pem = encryptPrivateKey(privateKey, 'pässphrase ✓', 1000);
    assert.equal(privateKeyKdfIterations(pem), 1000);
    assert.ok(der(loadPrivateKey(pem, 'pässphrase ✓')).equals(der(privateKey)));
    const openssl = execFileSync('openssl', ['asn1parse', '-inform', 'PEM'], { input: pem }).toString();
    assert.match(openssl, /PBES2[\s\S]*PBKDF2[\s\S]*hmacWithSHA256[\s\S]*aes-256-cbc/);
  });

  it('refuses a wrong passphrase with ERR_KEY_PASSPHRASE', () => {
    const pem = encryptPrivateKey(privateKey, 'right', 1000);
    assert.throws(() => loadPrivateKey(pem, 'wrong'), (error: unknown) => isProtocolError(error, 'ERR_KEY_PASSPHRASE'));
  });

  it('reads the iteration count of keys Node encrypted (2,048) and none of other PEMs', () => {
    const legacy = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'p' }).toString();
    assert.equal(privateKeyKdfIterations(legacy), 2048);
    assert.equal(privateKeyKdfIterations(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()), undefined);
    assert.equal(privateKeyKdfIterations('-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n'), undefined);
  });
});
