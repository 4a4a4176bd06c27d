import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isProtocolError } from './protocol-error.js';
import { signBody } from './sign-body.js';
import { readCorpusBytes, readCorpusJson } from './test-support/crypto-corpus.js';
import { verifySignature } from './verify-signature.js';

interface SignatureVector {
  app_secret: string;
  x_hub_signature_256: string;
}

const vector = readCorpusJson<SignatureVector>('pywa_webhook_signature_vector.json');
const body = readCorpusBytes('pywa_webhook_body.json');

describe('signBody', () => {
  it('reproduces the pywa webhook signature over the raw bytes', () => {
    assert.equal(signBody(body, vector.app_secret), vector.x_hub_signature_256);
    assert.equal(signBody(body.toString('utf8'), vector.app_secret), vector.x_hub_signature_256);
  });
});

describe('verifySignature', () => {
  it('accepts the pywa webhook vector', () => {
    assert.doesNotThrow(() => verifySignature(body, vector.x_hub_signature_256, vector.app_secret));
  });

  it('accepts uppercase hex and a single-element header array', () => {
    const upper = `sha256=${vector.x_hub_signature_256.slice(7).toUpperCase()}`;
    assert.doesNotThrow(() => verifySignature(body, [upper], vector.app_secret));
  });

  it('accepts either secret during a rotation grace period', () => {
    assert.doesNotThrow(() => verifySignature(body, vector.x_hub_signature_256, ['new-secret', vector.app_secret]));
  });

  it('rejects a body changed by one byte with ERR_SIGNATURE_INVALID (432)', () => {
    const changed = Buffer.from(body);
    changed[10] = (changed[10] ?? 0) ^ 1;
    assert.throws(
      () => verifySignature(changed, vector.x_hub_signature_256, vector.app_secret),
      (e) => isProtocolError(e, 'ERR_SIGNATURE_INVALID') && e.status === 432,
    );
  });

  it('rejects re-serialized JSON (hashing must use the raw bytes)', () => {
    const reserialized = JSON.stringify(JSON.parse(body.toString('utf8')), null, 1);
    assert.throws(() => verifySignature(reserialized, vector.x_hub_signature_256, vector.app_secret), (e) => isProtocolError(e, 'ERR_SIGNATURE_INVALID'));
  });

  it('rejects the wrong app secret with ERR_SIGNATURE_INVALID, without echoing the secret', () => {
    assert.throws(
      () => verifySignature(body, vector.x_hub_signature_256, 'not-the-secret'),
      (e) => isProtocolError(e, 'ERR_SIGNATURE_INVALID') && !e.message.includes('not-the-secret'),
    );
  });

  for (const missing of [undefined, null, '', []]) {
    it(`rejects a missing header (${JSON.stringify(missing)}) with ERR_SIGNATURE_MISSING (432)`, () => {
      assert.throws(
        () => verifySignature(body, missing, vector.app_secret),
        (e) => isProtocolError(e, 'ERR_SIGNATURE_MISSING') && e.status === 432,
      );
    });
  }

  for (const malformed of ['sha1=54edfa1d', '54edfa1d7259e0eb13c677cc7d73d1b5c86cfa12433d19156e058ab9251bc441', 'sha256=xyz', `${vector.x_hub_signature_256}00`]) {
    it(`rejects the malformed header ${malformed.slice(0, 16)}… with ERR_SIGNATURE_MALFORMED`, () => {
      assert.throws(() => verifySignature(body, malformed, vector.app_secret), (e) => isProtocolError(e, 'ERR_SIGNATURE_MALFORMED'));
    });
  }

  it('rejects two signature headers with ERR_SIGNATURE_MALFORMED', () => {
    assert.throws(
      () => verifySignature(body, [vector.x_hub_signature_256, vector.x_hub_signature_256], vector.app_secret),
      (e) => isProtocolError(e, 'ERR_SIGNATURE_MALFORMED'),
    );
  });
});
