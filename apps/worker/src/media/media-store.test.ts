import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import { startS3StandIn, type S3StandIn } from '../test-support/start-s3-stand-in.js';
import { createFileMediaStore } from './create-file-media-store.js';
import { createS3MediaStore } from './create-s3-media-store.js';
import type { MediaStore } from './media-store.js';

const S3 = { accessKeyId: 'AKIDFLOWLINETEST', secretAccessKey: 'test-secret-key-of-the-stand-in', region: 'eu-west-1', bucket: 'flowline-media' };

/** The same behaviour from every media store. */
function describeStore(name: string, open: (root: string) => Promise<{ store: MediaStore; close: () => Promise<void> }>): void {
  describe(`${name} media store`, () => {
    let root: string;
    let store: MediaStore;
    let close: () => Promise<void>;
    before(async () => {
      root = mkdtempSync(join(tmpdir(), 'flowline-store-'));
      ({ store, close } = await open(root));
      mkdirSync(store.scratchDir, { recursive: true });
    });
    after(async () => {
      await close();
      rmSync(root, { recursive: true, force: true });
    });
    const scratch = (name: string, body: string): { path: string; info: { size: number; sha256: string; contentType: string } } => {
      const path = join(store.scratchDir, name);
      writeFileSync(path, body);
      return { path, info: { size: Buffer.byteLength(body), sha256: createHash('sha256').update(body).digest('hex'), contentType: 'image/jpeg' } };
    };

    it('keeps a file under its key, reads it back and removes the scratch file', async () => {
      const { path, info } = scratch('a', 'the bytes of a photo');
      await store.put('ws1/photo-0', path, info);
      assert.deepEqual(readdirSync(store.scratchDir), []);
      const object = await store.get('ws1/photo-0');
      assert.equal(object?.size, info.size);
      assert.equal(object === undefined ? undefined : await text(object.body), 'the bytes of a photo');
    });

    it('replaces a file put again under the same key', async () => {
      const first = scratch('b', 'first');
      await store.put('ws1/photo-1', first.path, first.info);
      const second = scratch('c', 'second');
      await store.put('ws1/photo-1', second.path, second.info);
      const object = await store.get('ws1/photo-1');
      assert.equal(object === undefined ? undefined : await text(object.body), 'second');
    });

    it('deletes a file, and deleting it again is no error', async () => {
      const { path, info } = scratch('d', 'to be erased');
      await store.put('ws2/doc-0', path, info);
      await store.delete('ws2/doc-0');
      await store.delete('ws2/doc-0');
      assert.equal(await store.get('ws2/doc-0'), undefined);
    });

    it('refuses keys that could leave its place', async () => {
      for (const key of ['../etc/passwd', 'ws1/../../x', '/abs/path', 'ws1/.hidden', 'nokey']) {
        await assert.rejects(store.get(key), /not a media key/);
      }
    });
  });
}

describeStore('file', (root) => Promise.resolve({ store: createFileMediaStore(join(root, 'media')), close: () => Promise.resolve() }));

let standIn: S3StandIn | undefined;
describeStore('S3-compatible', async (root) => {
  standIn = await startS3StandIn(S3);
  const store = createS3MediaStore({ endpoint: standIn.endpoint, bucket: S3.bucket, region: S3.region, accessKeyId: S3.accessKeyId, secretAccessKey: S3.secretAccessKey }, join(root, 'scratch'));
  return { store, close: () => standIn?.close() ?? Promise.resolve() };
});

describe('S3-compatible media store against the stand-in', () => {
  it('is refused when its secret is wrong (the stand-in checks the signature)', async () => {
    const s3 = await startS3StandIn(S3);
    const root = mkdtempSync(join(tmpdir(), 'flowline-store-'));
    try {
      const store = createS3MediaStore({ endpoint: s3.endpoint, bucket: S3.bucket, region: S3.region, accessKeyId: S3.accessKeyId, secretAccessKey: 'a wrong secret' }, root);
      await assert.rejects(store.get('ws1/photo-0'), /403 SignatureDoesNotMatch/);
      const path = join(root, 'x');
      writeFileSync(path, 'x');
      await assert.rejects(store.put('ws1/photo-0', path, { size: 1, sha256: createHash('sha256').update('x').digest('hex'), contentType: 'image/png' }), /403 SignatureDoesNotMatch/);
      assert.equal(s3.objects.size, 0);
    } finally {
      await s3.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('is refused when the bytes are not the ones it signed', async () => {
    const s3 = await startS3StandIn(S3);
    const root = mkdtempSync(join(tmpdir(), 'flowline-store-'));
    try {
      const store = createS3MediaStore({ endpoint: s3.endpoint, bucket: S3.bucket, region: S3.region, accessKeyId: S3.accessKeyId, secretAccessKey: S3.secretAccessKey }, root);
      const path = join(root, 'x');
      writeFileSync(path, 'changed on disk');
      await assert.rejects(store.put('ws1/photo-0', path, { size: 15, sha256: createHash('sha256').update('what was verified').digest('hex'), contentType: 'image/png' }), /400 XAmzContentSHA256Mismatch/);
    } finally {
      await s3.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
