import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findMediaReferences, MEDIA_FETCH_KIND } from '@flowline/core';
import { openStorage, type Storage } from '@flowline/storage';
import { startDeliveryWorker } from '../start-delivery-worker.js';
import type { PrivateHttpPolicy } from '../http/is-refused-address.js';
import { createFileMediaStore } from './create-file-media-store.js';
import { createMediaFetchJob } from './create-media-fetch-job.js';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const corpus = join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus', 'crypto');
const cdnFile = readFileSync(join(corpus, 'pywa_media_cdn_file.bin'));
const plaintext = readFileSync(join(corpus, 'pywa_media_expected_plaintext.jpg'));
const metadata = (JSON.parse(readFileSync(join(corpus, 'pywa_media_vector.json'), 'utf8')) as { encryption_metadata: Record<string, string> }).encryption_metadata;

/** A loopback CDN: answers each request with the status `statusOf` picks for it, and the CDN file on 200. */
async function startCdn(statusOf: (index: number) => number = () => 200, file: Buffer = cdnFile): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    const status = statusOf(hits);
    hits += 1;
    if (status === 200) res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file);
    else res.writeHead(status).end('CDN trouble');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v/t62.photo.enc?oh=1`,
    hits: () => hits,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('media.fetch job (worker end to end)', () => {
  let storage: Storage;
  let dir: string;
  let n = 0;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowline-media-job-'));
    storage = await openStorage({ dataDir: dir });
  });
  after(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A workspace with one submission whose answer holds a photo reference to `cdnUrl`, enqueued as the intake does. */
  const submitPhoto = async (cdnUrl: string, meta: Record<string, string> = metadata) => {
    const ws = `ws-media-${(n += 1)}`;
    await storage.workspaces.create({ id: ws, name: ws, at: 0 });
    const answers = { flow_token: 't', photo: [{ media_id: '790aba14-5f4f-4d7a-bd2d-6fd4fe7b5e0a', cdn_url: cdnUrl, file_name: 'IMG_5237.jpg', encryption_metadata: meta }] };
    const [reference] = findMediaReferences(answers);
    assert.ok(reference);
    const [action] = await storage.outbox.enqueue(ws, [{ kind: MEDIA_FETCH_KIND, idempotencyKey: `sub-${n}:media:0`, payload: { submissionId: `sub-${n}`, flowId: 'claim', contactPhone: '+351910000009', reference } }], T0);
    assert.ok(action);
    return { ws, action, submissionId: `sub-${n}` };
  };

  const worker = (root: string, privateHttp: PrivateHttpPolicy, options: { maxBytes?: number; now?: () => number } = {}) => {
    const store = createFileMediaStore(root);
    const job = createMediaFetchJob({ store, ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }) });
    return { store, worker: startDeliveryWorker({ storage, now: options.now ?? (() => T0), poll: false, privateHttp, jobs: { [MEDIA_FETCH_KIND]: job } }) };
  };

  it('downloads the vector file from the CDN, stores the decrypted photo and records its media row', async () => {
    const cdn = await startCdn();
    const root = join(dir, 'media-ok');
    try {
      const { ws, action, submissionId } = await submitPhoto(cdn.url);
      const { store, worker: w } = worker(root, 'loopback');
      assert.equal(await w.runOnce(), 1);
      const [media] = await storage.media.listForSubmission(ws, submissionId);
      assert.ok(media);
      assert.deepEqual([media.status, media.field, media.index, media.fileName, media.mimeType, media.size], ['stored', 'photo', 0, 'IMG_5237.jpg', 'image/jpeg', plaintext.length]);
      assert.equal(media.sha256, Buffer.from(metadata['plaintext_hash'] ?? '', 'base64').toString('hex'));
      assert.ok(media.storageKey?.startsWith(`${ws}/`));
      assert.deepEqual(readFileSync(join(root, media.storageKey ?? '')), plaintext);
      assert.equal((await store.get(media.storageKey ?? ''))?.size, plaintext.length);
      assert.equal((await storage.outbox.find(ws, action.id))?.status, 'delivered');
      assert.deepEqual(readdirSync(store.scratchDir), []);
    } finally {
      await cdn.close();
    }
  });

  it('retries a CDN that answers 500, then stores the file', async () => {
    const cdn = await startCdn((index) => (index === 0 ? 500 : 200));
    let now = T0;
    try {
      const { ws, action, submissionId } = await submitPhoto(cdn.url);
      const { worker: w } = worker(join(dir, 'media-retry'), 'loopback', { now: () => now });
      assert.equal(await w.runOnce(), 1);
      const failed = await storage.outbox.find(ws, action.id);
      assert.equal(failed?.status, 'failed');
      assert.match(failed?.lastError ?? '', /500/);
      assert.deepEqual(await storage.media.listForSubmission(ws, submissionId), []);
      now = T0 + 10 * 60_000;
      assert.equal(await w.runOnce(), 1);
      assert.equal(cdn.hits(), 2);
      assert.equal((await storage.media.listForSubmission(ws, submissionId))[0]?.status, 'stored');
      assert.equal((await storage.outbox.find(ws, action.id))?.status, 'delivered');
    } finally {
      await cdn.close();
    }
  });

  it('refuses a file larger than the limit, records why and keeps no bytes', async () => {
    const cdn = await startCdn();
    const root = join(dir, 'media-large');
    try {
      const { ws, action, submissionId } = await submitPhoto(cdn.url);
      const { store, worker: w } = worker(root, 'loopback', { maxBytes: 256 });
      assert.equal(await w.runOnce(), 1);
      assert.equal((await storage.outbox.find(ws, action.id))?.status, 'dead');
      const [media] = await storage.media.listForSubmission(ws, submissionId);
      assert.deepEqual([media?.status, media?.storageKey], ['failed', null]);
      assert.match(media?.error ?? '', /larger than 256 bytes/);
      assert.deepEqual(readdirSync(store.scratchDir), []);
      assert.deepEqual(readdirSync(root).filter((name) => name !== '.incoming'), []);
    } finally {
      await cdn.close();
    }
  });

  it('refuses a cdn_url at an internal address under the production policy, without a request', async () => {
    const cdn = await startCdn();
    try {
      const { ws, action, submissionId } = await submitPhoto(cdn.url);
      const { worker: w } = worker(join(dir, 'media-refused'), 'none');
      assert.equal(await w.runOnce(), 1);
      assert.equal(cdn.hits(), 0);
      assert.equal((await storage.outbox.find(ws, action.id))?.status, 'dead');
      const [media] = await storage.media.listForSubmission(ws, submissionId);
      assert.equal(media?.status, 'failed');
      assert.match(media?.error ?? '', /loopback/);
    } finally {
      await cdn.close();
    }
  });

  for (const [name, file, code] of [
    ['a tampered file (encrypted_hash)', Buffer.concat([cdnFile.subarray(0, 5), Buffer.from([(cdnFile[5] ?? 0) ^ 1]), cdnFile.subarray(6)]), 'ERR_MEDIA_HASH'],
    ['a truncated file', cdnFile.subarray(0, 100), 'ERR_MEDIA_HASH'],
  ] as const) {
    it(`refuses ${name} with ${code} and leaves no file behind`, async () => {
      const cdn = await startCdn(() => 200, file);
      const root = join(dir, `media-${code}-${file.length}`);
      try {
        const { ws, submissionId } = await submitPhoto(cdn.url);
        const { store, worker: w } = worker(root, 'loopback');
        await w.runOnce();
        const [media] = await storage.media.listForSubmission(ws, submissionId);
        assert.equal(media?.status, 'failed');
        assert.match(media?.error ?? '', new RegExp(code));
        assert.deepEqual(readdirSync(store.scratchDir), []);
      } finally {
        await cdn.close();
      }
    });
  }
});
