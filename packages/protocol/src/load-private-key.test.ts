import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { loadPrivateKey } from './load-private-key.js';
import { isProtocolError } from './protocol-error.js';
import { kairon, pywa } from './test-support/crypto-corpus.js';

describe('loadPrivateKey', () => {
  it('loads an unencrypted PKCS#1 key', () => {
    const key = loadPrivateKey(kairon().keyPem);
    assert.equal(key.asymmetricKeyType, 'rsa');
    assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
  });

  it('loads an encrypted PKCS#8 key with its passphrase', () => {
    const { keyPem, passphrase } = pywa();
    assert.equal(loadPrivateKey(keyPem, passphrase).type, 'private');
  });

  it('loads a PKCS#1 key encrypted with des-ede3-cbc as Meta\'s generator writes it', () => {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem', cipher: 'des-ede3-cbc', passphrase: 'meta' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    assert.equal(loadPrivateKey(privateKey, 'meta').type, 'private');
    assert.throws(() => loadPrivateKey(privateKey, 'nope'), (e) => isProtocolError(e, 'ERR_KEY_PASSPHRASE'));
  });

  it('rejects an encrypted key without a passphrase with ERR_KEY_PASSPHRASE', () => {
    assert.throws(() => loadPrivateKey(pywa().keyPem), (e) => isProtocolError(e, 'ERR_KEY_PASSPHRASE'));
  });

  it('rejects an encrypted key with the wrong passphrase with ERR_KEY_PASSPHRASE', () => {
    assert.throws(
      () => loadPrivateKey(pywa().keyPem, 'wrong'),
      (e) => isProtocolError(e, 'ERR_KEY_PASSPHRASE') && !e.message.includes('wrong'),
    );
  });

  it('rejects text that is not a key with ERR_KEY_INVALID', () => {
    assert.throws(() => loadPrivateKey('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'), (e) => isProtocolError(e, 'ERR_KEY_INVALID'));
  });

  it('rejects a non-RSA key with ERR_KEY_INVALID', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    assert.throws(() => loadPrivateKey(privateKey), (e) => isProtocolError(e, 'ERR_KEY_INVALID'));
  });
});
