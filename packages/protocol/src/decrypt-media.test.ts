import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { decryptMedia, type MediaEncryptionMetadata } from './decrypt-media.js';
import { encryptMedia } from './encrypt-media.js';
import { isProtocolError, type ProtocolErrorCode } from './protocol-error.js';
import { readCorpusBytes, readCorpusJson } from './test-support/crypto-corpus.js';

const vector = readCorpusJson<{ encryption_metadata: MediaEncryptionMetadata }>('pywa_media_vector.json');
const cdnFile = readCorpusBytes('pywa_media_cdn_file.bin');
const expected = readCorpusBytes('pywa_media_expected_plaintext.jpg');
const metadata = vector.encryption_metadata;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('base64');

function rejects(file: Buffer, meta: Readonly<Record<string, unknown>>, code: ProtocolErrorCode): void {
  assert.throws(() => decryptMedia(file, meta), (e) => isProtocolError(e, code));
}

describe('decryptMedia', () => {
  it('decrypts the pywa CDN file to the expected JPEG', () => {
    const plain = decryptMedia(cdnFile, metadata);
    assert.equal(plain.length, 435);
    assert.deepEqual(plain, expected);
    assert.equal(plain.subarray(0, 3).toString('hex'), 'ffd8ff');
  });

  it('rejects a tampered HMAC with ERR_MEDIA_HMAC (encrypted_hash recomputed so only the HMAC is wrong)', () => {
    const file = Buffer.from(cdnFile);
    file[file.length - 1] = (file[file.length - 1] ?? 0) ^ 1;
    rejects(file, { ...metadata, encrypted_hash: sha256(file) }, 'ERR_MEDIA_HMAC');
  });

  it('rejects tampered ciphertext with ERR_MEDIA_HASH', () => {
    const file = Buffer.from(cdnFile);
    file[5] = (file[5] ?? 0) ^ 1;
    rejects(file, metadata, 'ERR_MEDIA_HASH');
  });

  it('rejects tampered ciphertext with ERR_MEDIA_HMAC even when encrypted_hash is forged to match', () => {
    const file = Buffer.from(cdnFile);
    file[5] = (file[5] ?? 0) ^ 1;
    rejects(file, { ...metadata, encrypted_hash: sha256(file) }, 'ERR_MEDIA_HMAC');
  });

  it('rejects a wrong encrypted_hash with ERR_MEDIA_HASH', () => {
    rejects(cdnFile, { ...metadata, encrypted_hash: sha256(Buffer.from('other')) }, 'ERR_MEDIA_HASH');
  });

  it('rejects a wrong plaintext_hash with ERR_MEDIA_PLAINTEXT_HASH', () => {
    rejects(cdnFile, { ...metadata, plaintext_hash: sha256(Buffer.from('other')) }, 'ERR_MEDIA_PLAINTEXT_HASH');
  });

  it('rejects a wrong encryption_key with ERR_MEDIA_DECRYPT or ERR_MEDIA_PLAINTEXT_HASH', () => {
    const wrongKey = Buffer.alloc(32, 9).toString('base64');
    assert.throws(
      () => decryptMedia(cdnFile, { ...metadata, encryption_key: wrongKey }),
      (e) => isProtocolError(e, 'ERR_MEDIA_DECRYPT') || isProtocolError(e, 'ERR_MEDIA_PLAINTEXT_HASH'),
    );
  });

  it('rejects ciphertext that is not a whole number of blocks with ERR_MEDIA_DECRYPT', () => {
    const hmacKey = Buffer.from(metadata.hmac_key, 'base64');
    const iv = Buffer.from(metadata.iv, 'base64');
    const ciphertext = cdnFile.subarray(0, cdnFile.length - 10 - 1);
    const file = Buffer.concat([ciphertext, createHmac('sha256', hmacKey).update(iv).update(ciphertext).digest().subarray(0, 10)]);
    rejects(file, { ...metadata, encrypted_hash: sha256(file) }, 'ERR_MEDIA_DECRYPT');
  });

  for (const [field, value] of [['iv', 'AAAA'], ['encryption_key', undefined], ['hmac_key', 'not base64!'], ['plaintext_hash', 5]] as const) {
    it(`rejects malformed encryption_metadata.${field} with ERR_MEDIA_MALFORMED`, () => {
      rejects(cdnFile, { ...metadata, [field]: value }, 'ERR_MEDIA_MALFORMED');
    });
  }
});

describe('encryptMedia', () => {
  it('produces files that decryptMedia opens', () => {
    const plain = Buffer.from('%PDF-1.4 a small document');
    const { cdnFile: file, metadata: meta } = encryptMedia(plain);
    assert.deepEqual(decryptMedia(file, meta), plain);
  });

  it('with the vector\'s key, HMAC key and IV reproduces the pywa CDN file', () => {
    const parts = [metadata.encryption_key, metadata.hmac_key, metadata.iv].map((b) => Buffer.from(b, 'base64'));
    const { cdnFile: file, metadata: meta } = encryptMedia(expected, { random: () => parts.shift() ?? Buffer.alloc(0) });
    assert.deepEqual(file, cdnFile);
    assert.deepEqual(meta, metadata);
  });
});
