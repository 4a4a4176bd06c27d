import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createCheckedMediaFileWriter, decodeMediaSha256 } from './create-checked-media-file-writer.js';
import { isProtocolError } from './protocol-error.js';
import { readCorpusBytes } from './test-support/crypto-corpus.js';

// A real photo (the pywa vector's plaintext) stands for a file Meta serves from a Cloud API media URL.
const photo = readCorpusBytes('pywa_media_expected_plaintext.jpg');
const digest = createHash('sha256').update(photo).digest();

function pieces(file: Buffer, size: number): Readable {
  const list: Buffer[] = [];
  for (let at = 0; at < file.length; at += size) list.push(file.subarray(at, at + size));
  return Readable.from(list);
}

async function withDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'flowline-checked-'));
  try {
    await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('decodeMediaSha256', () => {
  it("reads Graph's hex and the webhook's base64 to the same 32 bytes, and nothing else", () => {
    assert.deepEqual(decodeMediaSha256(digest.toString('hex')), digest);
    assert.deepEqual(decodeMediaSha256(digest.toString('hex').toUpperCase()), digest);
    assert.deepEqual(decodeMediaSha256(digest.toString('base64')), digest);
    for (const bad of ['', 'abc', digest.toString('hex').slice(2), digest.toString('base64url'), digest.toString('base64').replace('=', ''), `${digest.toString('hex')}00`]) {
      assert.equal(decodeMediaSha256(bad), undefined, bad);
    }
  });
});

describe('createCheckedMediaFileWriter', () => {
  it('keeps a file whose SHA-256 matches every digest given, and reports its size and hash', () => withDir(async (dir) => {
    const writer = createCheckedMediaFileWriter([digest, Buffer.from(digest)], join(dir, 'photo'));
    await pipeline(pieces(photo, 11), writer);
    assert.deepEqual(readFileSync(join(dir, 'photo')), photo);
    assert.deepEqual(writer.written, { size: photo.length, sha256: digest.toString('hex') });
    assert.deepEqual(readdirSync(dir), ['photo']);
  }));

  it('refuses a tampered file with ERR_MEDIA_HASH and leaves no file behind', () => withDir(async (dir) => {
    const tampered = Buffer.from(photo);
    tampered[100] = (tampered[100] ?? 0) ^ 1;
    const writer = createCheckedMediaFileWriter([digest], join(dir, 'photo'));
    await assert.rejects(pipeline(pieces(tampered, 64), writer), (e) => isProtocolError(e, 'ERR_MEDIA_HASH'));
    await writer.settled();
    assert.deepEqual(readdirSync(dir), []);
  }));

  it("refuses the right file when Meta's two statements of its hash disagree", () => withDir(async (dir) => {
    const other = createHash('sha256').update('another file').digest();
    const writer = createCheckedMediaFileWriter([digest, other], join(dir, 'photo'));
    await assert.rejects(pipeline(pieces(photo, 64), writer), (e) => isProtocolError(e, 'ERR_MEDIA_HASH'));
    await writer.settled();
    assert.deepEqual(readdirSync(dir), []);
  }));

  it('needs at least one 32-byte digest', () => withDir(async (dir) => {
    assert.throws(() => createCheckedMediaFileWriter([], join(dir, 'photo')), (e) => isProtocolError(e, 'ERR_MEDIA_MALFORMED'));
    assert.throws(() => createCheckedMediaFileWriter([digest.subarray(0, 16)], join(dir, 'photo')), (e) => isProtocolError(e, 'ERR_MEDIA_MALFORMED'));
    assert.deepEqual(readdirSync(dir), []);
  }));
});
