import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createMediaDecipher } from './create-media-decipher.js';
import { createMediaFileWriter } from './create-media-file-writer.js';
import type { MediaEncryptionMetadata } from './decrypt-media.js';
import { encryptMedia } from './encrypt-media.js';
import { isProtocolError, type ProtocolErrorCode } from './protocol-error.js';
import { readCorpusBytes, readCorpusJson } from './test-support/crypto-corpus.js';

const vector = readCorpusJson<{ encryption_metadata: MediaEncryptionMetadata }>('pywa_media_vector.json');
const cdnFile = readCorpusBytes('pywa_media_cdn_file.bin');
const expected = readCorpusBytes('pywa_media_expected_plaintext.jpg');
const metadata = vector.encryption_metadata;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('base64');

/** The file in pieces of `size` bytes, as a download delivers it. */
function pieces(file: Buffer, size: number): Readable {
  const list: Buffer[] = [];
  for (let at = 0; at < file.length; at += size) list.push(file.subarray(at, at + size));
  return Readable.from(list);
}

async function withDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'flowline-media-'));
  try {
    await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('createMediaDecipher', () => {
  for (const size of [1, 7, 10, 11, 16, 64, 458]) {
    it(`decrypts the pywa CDN file fed in ${size}-byte pieces to the expected JPEG`, () => {
      const decipher = createMediaDecipher(metadata);
      const out: Buffer[] = [];
      for (let at = 0; at < cdnFile.length; at += size) out.push(decipher.update(cdnFile.subarray(at, at + size)));
      out.push(decipher.final());
      assert.deepEqual(Buffer.concat(out), expected);
      assert.equal(decipher.received, cdnFile.length);
    });
  }
});

describe('createMediaFileWriter', () => {
  it('streams the pywa CDN file to its destination and reports the plaintext size and SHA-256', () => withDir(async (dir) => {
    const destination = join(dir, 'photo');
    const writer = createMediaFileWriter(metadata, destination);
    await pipeline(pieces(cdnFile, 13), writer);
    assert.deepEqual(readFileSync(destination), expected);
    assert.deepEqual(writer.written, { size: expected.length, sha256: createHash('sha256').update(expected).digest('hex') });
    assert.deepEqual(readdirSync(dir), ['photo']);
  }));

  it('streams a 3 MiB file in 64 KiB pieces', () => withDir(async (dir) => {
    const plain = Buffer.alloc(3 * 1024 * 1024 + 5);
    for (let i = 0; i < plain.length; i += 1) plain[i] = (i * 31) & 0xff;
    const { cdnFile: file, metadata: meta } = encryptMedia(plain);
    await pipeline(pieces(file, 64 * 1024), createMediaFileWriter(meta, join(dir, 'big')));
    assert.equal(sha256(readFileSync(join(dir, 'big'))), meta.plaintext_hash);
  }));

  const tampered: readonly [string, () => { file: Buffer; meta: Readonly<Record<string, unknown>> }, ProtocolErrorCode][] = [
    ['a flipped ciphertext byte (encrypted_hash)', () => {
      const file = Buffer.from(cdnFile);
      file[5] = (file[5] ?? 0) ^ 1;
      return { file, meta: metadata };
    }, 'ERR_MEDIA_HASH'],
    ['a flipped ciphertext byte with encrypted_hash forged to match (HMAC)', () => {
      const file = Buffer.from(cdnFile);
      file[5] = (file[5] ?? 0) ^ 1;
      return { file, meta: { ...metadata, encrypted_hash: sha256(file) } };
    }, 'ERR_MEDIA_HMAC'],
    ['a flipped HMAC byte with encrypted_hash forged to match', () => {
      const file = Buffer.from(cdnFile);
      file[file.length - 1] = (file[file.length - 1] ?? 0) ^ 1;
      return { file, meta: { ...metadata, encrypted_hash: sha256(file) } };
    }, 'ERR_MEDIA_HMAC'],
    ['a wrong plaintext_hash', () => ({ file: cdnFile, meta: { ...metadata, plaintext_hash: sha256(Buffer.from('other')) } }), 'ERR_MEDIA_PLAINTEXT_HASH'],
  ];
  for (const [name, make, code] of tampered) {
    it(`rejects ${name} with ${code} and leaves no file behind`, () => withDir(async (dir) => {
      const { file, meta } = make();
      const writer = createMediaFileWriter(meta, join(dir, 'photo'));
      await assert.rejects(pipeline(pieces(file, 17), writer), (e) => isProtocolError(e, code));
      await writer.settled();
      assert.deepEqual(readdirSync(dir), []);
    }));
  }

  it('removes the partial file when the download fails midway', () => withDir(async (dir) => {
    async function* broken(): AsyncGenerator<Buffer> {
      yield cdnFile.subarray(0, 200);
      throw new Error('connection reset');
    }
    const writer = createMediaFileWriter(metadata, join(dir, 'photo'));
    await assert.rejects(pipeline(Readable.from(broken()), writer), /connection reset/);
    await writer.settled();
    assert.deepEqual(readdirSync(dir), []);
  }));

  it('refuses malformed metadata before creating any file', () => withDir(async (dir) => {
    assert.throws(() => createMediaFileWriter({ ...metadata, iv: 'AAAA' }, join(dir, 'photo')), (e) => isProtocolError(e, 'ERR_MEDIA_MALFORMED'));
    assert.deepEqual(readdirSync(dir), []);
  }));
});
