import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { findCloudMediaReferences, MEDIA_FETCH_KIND } from '@flowline/core';
import { createSecretBox } from '@flowline/protocol';
import { toMessageMediaOwner, type Storage } from '@flowline/storage';
import { testDatabaseUrl } from '@flowline/storage/test-support';
import { createFileMediaStore, createMediaFetchJob, startDeliveryWorker, type MediaStore } from '@flowline/worker';
import { startGraphStandIn, type GraphStandIn } from '../channels/test-support/graph-stand-in.js';
import { silentLogger } from '../../logging/logger.js';
import { createIngestDeps } from '../pipeline/ingest-deps.js';
import { ingestCompletion } from '../pipeline/ingest-completion.js';
import { openTestStorage } from '../pipeline/test-support/pipeline-fixture.js';
import { createWhatsAppConnections } from '../whatsapp/whatsapp-connection.js';
import { createCloudMediaResolver } from './resolve-cloud-media.js';

// Platform spec §6.3: an endpoint-less Flow's PhotoPicker answer carries Cloud API media ids, fetched
// "like any incoming media": the job resolves the id as the workspace's saved connection (its sealed
// token), downloads the URL with the token through the address guard, checks the SHA-256 and stores it.

const TOKEN = 'EAAG-cloud-media-token-0123456789';
const T0 = Date.parse('2026-12-01T10:00:00Z');
const corpus = join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus', 'crypto');
// A real JPEG (the pywa vector's plaintext) stands for the customer's photo.
const photo = readFileSync(join(corpus, 'pywa_media_expected_plaintext.jpg'));

const REPORT_FLOW = {
  version: '7.0',
  screens: [{
    id: 'REPORT', terminal: true,
    layout: {
      type: 'SingleColumnLayout',
      children: [
        { type: 'PhotoPicker', name: 'photo', label: 'Photo of the damage', 'max-uploaded-photos': 2 },
        { type: 'Footer', label: 'Send', 'on-click-action': { name: 'complete', payload: { photo: '${form.photo}' } } },
      ],
    },
  }],
};

const backends: [string, string | undefined][] = [['SQLite', undefined]];
const pgUrl = testDatabaseUrl();
if (pgUrl !== undefined) backends.push(['PostgreSQL', pgUrl]);

for (const [name, url] of backends) {
  describe(`media.fetch of §6.3 Cloud API media through the Graph stand-in [${name}]`, () => {
    let storage: Storage;
    let dispose: () => Promise<void>;
    let graph: GraphStandIn;
    let dir: string;
    let store: MediaStore;
    let now = T0;
    let n = 0;
    const ws = 'ws-cloud-media';

    before(async () => {
      ({ storage, dispose } = await openTestStorage(url));
      dir = mkdtempSync(join(tmpdir(), 'flowline-cloud-media-'));
      store = createFileMediaStore(join(dir, 'media'));
      graph = await startGraphStandIn({ accessToken: TOKEN });
      await storage.workspaces.create({ id: ws, name: ws, at: T0 });
      await storage.flows.create(ws, { id: 'report', name: 'Report', at: T0, by: 'test' });
      await storage.flows.addVersion(ws, 'report', { flowJson: JSON.stringify(REPORT_FLOW), createdAt: T0, createdBy: 'test' });
    });
    after(async () => {
      await graph.close();
      await dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    /** The workspace's connection saved as through the API (token sealed at rest), and the worker that fetches as it. */
    const worker = async (options: { maxBytes?: number } = {}) => {
      const secretBox = createSecretBox('cloud-media-test');
      const connections = createWhatsAppConnections({ storage, now: () => new Date(now), log: silentLogger, secretBox, privateHttp: 'loopback', bootstrapWorkspaceId: 'other', bootstrap: undefined });
      if ((await storage.whatsapp.findConnection(ws)) === undefined) {
        const saved = await connections.save(ws, { wabaId: graph.wabaId, phoneNumberId: graph.phoneNumberId, accessToken: TOKEN, graphBaseUrl: graph.baseUrl, graphApiVersion: 'v23.0' });
        assert.ok(saved.ok);
      }
      const job = createMediaFetchJob({ store, resolveCloudMedia: createCloudMediaResolver({ connectionOf: connections.resolve, privateHttp: 'loopback' }), ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }) });
      return startDeliveryWorker({ storage, now: () => now, poll: false, privateHttp: 'loopback', jobs: { [MEDIA_FETCH_KIND]: job }, scope: { workspaceId: ws, kinds: [MEDIA_FETCH_KIND] } });
    };

    /** A completion of the report Flow whose photo is `file` on Meta, taken in by the pipeline; `sha256` overrides the answer's hash. */
    const submit = async (file: { id: string; sha256Base64: string }, sha256 = file.sha256Base64) => {
      n += 1;
      const deps = createIngestDeps(storage, { rulesTtlMs: 0 });
      const answer = { photo: [{ file_name: `IMG_${n}.jpg`, mime_type: 'image/jpeg', sha256, id: file.id }] };
      const outcome = await ingestCompletion(deps, { workspaceId: ws, flowId: 'report', flowVersion: 1, contactPhone: '+351910000101', answer, messageId: `wamid.cloud.${n}`, receivedAt: now });
      await deps.commit.drain();
      assert.equal(outcome.status, 'routed');
      if (outcome.status !== 'routed') throw new Error('not routed');
      const [action] = (await storage.outbox.list(ws, { submissionId: outcome.submissionId })).filter((a) => a.kind === MEDIA_FETCH_KIND);
      assert.ok(action);
      assert.equal(action.idempotencyKey, `${outcome.submissionId}:media:photo:0`);
      return { submissionId: outcome.submissionId, actionId: action.id };
    };
    const graphReads = (id: string) => graph.requests.filter((r) => r.method === 'GET' && r.path.startsWith(`/v23.0/${id}?`)).length;

    test("fetches the photo as the connection: Graph's hex hash and the answer's base64 both verified, the file stored and its row written", async () => {
      const file = graph.media.add(photo, { mimeType: 'image/jpeg' });
      const { submissionId, actionId } = await submit(file);
      const w = await worker();
      assert.equal(await w.runOnce(), 1);
      assert.equal((await storage.outbox.find(ws, actionId))?.status, 'delivered');
      const [media] = await storage.media.listForSubmission(ws, submissionId);
      assert.ok(media);
      assert.deepEqual([media.status, media.field, media.index, media.mediaId, media.mimeType, media.size, media.sha256], ['stored', 'photo', 0, file.id, 'image/jpeg', photo.length, file.sha256]);
      assert.deepEqual(readFileSync(join(dir, 'media', media.storageKey ?? '')), photo);
      // Retrieve Media URL asked for the connection's own number; the download carried the token.
      const read = graph.requests.find((r) => r.path.startsWith(`/v23.0/${file.id}?`));
      assert.equal(read?.path, `/v23.0/${file.id}?phone_number_id=${graph.phoneNumberId}`);
      const download = graph.requests.find((r) => r.path.startsWith('/whatsapp_business/attachments/') && r.path.includes(`mid=${file.id}`));
      assert.equal(download?.headers.authorization, `Bearer ${TOKEN}`);
      assert.deepEqual(readdirSync(store.scratchDir), []);
    });

    test('refuses a tampered file (ERR_MEDIA_HASH) and a file that does not match the hash in the answer; no byte is kept', async () => {
      const tampered = graph.media.add(photo, { mimeType: 'image/jpeg' });
      graph.media.tamper(tampered.id);
      const honest = graph.media.add(photo, { mimeType: 'image/jpeg' });
      const first = await submit(tampered);
      const second = await submit(honest, Buffer.alloc(32, 7).toString('base64'));
      const w = await worker();
      assert.equal(await w.runOnce(), 2);
      for (const { submissionId, actionId } of [first, second]) {
        assert.equal((await storage.outbox.find(ws, actionId))?.status, 'dead');
        const [media] = await storage.media.listForSubmission(ws, submissionId);
        assert.deepEqual([media?.status, media?.storageKey], ['failed', null]);
        assert.match(media?.error ?? '', /ERR_MEDIA_HASH/);
      }
      assert.deepEqual(readdirSync(store.scratchDir), []);
    });

    test('retries a Graph 500 and a download 503 by the outbox, then stores the file', async () => {
      const file = graph.media.add(photo, { mimeType: 'image/jpeg' });
      const { submissionId, actionId } = await submit(file);
      graph.failNext({ status: 500, body: { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1, is_transient: true } }, path: new RegExp(`^/v23\\.0/${file.id}\\?`) });
      graph.failNext({ status: 503, body: {}, path: new RegExp(`^/whatsapp_business/attachments/\\?mid=${file.id}&`) });
      const w = await worker();
      assert.equal(await w.runOnce(), 1);
      let action = await storage.outbox.find(ws, actionId);
      assert.equal(action?.status, 'failed');
      assert.match(action?.lastError ?? '', /temporary problem/);
      now += 10 * 60_000;
      assert.equal(await w.runOnce(), 1);
      action = await storage.outbox.find(ws, actionId);
      assert.equal(action?.status, 'failed');
      assert.match(action?.lastError ?? '', /503/);
      assert.deepEqual(await storage.media.listForSubmission(ws, submissionId), [], 'nothing is recorded while retries remain');
      now += 60 * 60_000;
      assert.equal(await w.runOnce(), 1);
      assert.equal((await storage.outbox.find(ws, actionId))?.status, 'delivered');
      assert.equal((await storage.media.listForSubmission(ws, submissionId))[0]?.status, 'stored');
      assert.equal(graph.media.downloads(file.id), 1);
    });

    test('resolves the id again when the download URL answers as expired, within the same attempt', async () => {
      const file = graph.media.add(photo, { mimeType: 'image/jpeg' });
      const { submissionId, actionId } = await submit(file);
      graph.failNext({ status: 404, body: { error: 'URL signature expired' }, path: new RegExp(`^/whatsapp_business/attachments/\\?mid=${file.id}&`) });
      const w = await worker();
      assert.equal(await w.runOnce(), 1);
      assert.equal((await storage.outbox.find(ws, actionId))?.status, 'delivered');
      assert.equal(graphReads(file.id), 2, 'a fresh URL was asked for');
      assert.equal((await storage.media.listForSubmission(ws, submissionId))[0]?.status, 'stored');
    });

    test('a URL handed out earlier and expired since is refused by the stand-in, as Meta does after a few minutes', async () => {
      const file = graph.media.add(photo, { mimeType: 'image/jpeg' });
      const answer = await fetch(`${graph.baseUrl}/v23.0/${file.id}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      const { url: download } = (await answer.json()) as { url: string };
      assert.equal((await fetch(download)).status, 401, 'no token, no file');
      graph.media.expireUrls();
      assert.equal((await fetch(download, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 404);
    });

    test('an id Meta does not know, a file over the limit and an answer past 100 MiB fail at once, without a download', async () => {
      const gone = graph.media.add(photo, { mimeType: 'image/jpeg' });
      graph.media.remove(gone.id);
      const big = graph.media.add(photo, { mimeType: 'image/jpeg' });
      const crowded = graph.media.add(photo, { mimeType: 'image/jpeg' });
      const first = await submit(gone);
      const second = await submit(big);
      const third = await submit(crowded);
      // Another file of the third answer already takes all but 100 bytes of the answer's 100 MiB.
      await storage.media.recordStored(ws, { submissionId: third.submissionId, contactPhone: '+351910000101', field: 'scan', index: 0, mediaId: 'x', fileName: 'scan.pdf', mimeType: 'application/pdf', at: now, size: 100 * 1024 * 1024 - 100, sha256: '0'.repeat(64), storageKey: `${ws}/elsewhere` });
      const w = await worker({ maxBytes: 256 });
      assert.equal(await w.runOnce(), 3);
      const errorOf = async (submissionId: string) => (await storage.media.listForSubmission(ws, submissionId)).find((m) => m.field === 'photo')?.error ?? '';
      assert.match(await errorOf(first.submissionId), /Meta does not know this media id/);
      assert.match(await errorOf(second.submissionId), /larger than 256 bytes \(Graph states 435\)/);
      // maxBytes 256 applies to the third too: its own size is checked before the answer's room.
      assert.match(await errorOf(third.submissionId), /larger than 256 bytes/);
      for (const { actionId } of [first, second, third]) assert.equal((await storage.outbox.find(ws, actionId))?.status, 'dead');
      assert.equal(graph.media.downloads(big.id) + graph.media.downloads(crowded.id), 0);
      const roomy = await worker();
      const fourth = await submit(graph.media.add(photo, { mimeType: 'image/jpeg' }));
      await storage.media.recordStored(ws, { submissionId: fourth.submissionId, contactPhone: '+351910000101', field: 'scan', index: 0, mediaId: 'y', fileName: 'scan.pdf', mimeType: 'application/pdf', at: now, size: 100 * 1024 * 1024 - 100, sha256: '0'.repeat(64), storageKey: `${ws}/elsewhere-2` });
      assert.equal(await roomy.runOnce(), 1);
      assert.match(await errorOf(fourth.submissionId), /would exceed 104857600 bytes in all/);
    });

    test("a chat message's file is bounded by Meta's limit for its type, not by a Flow answer's", async () => {
      const enqueue = async (type: string, bytes: Buffer) => {
        const file = graph.media.add(bytes, { mimeType: type === 'sticker' ? 'image/webp' : 'image/jpeg' });
        const wamid = `wamid.chat.${(n += 1)}`;
        const [reference] = findCloudMediaReferences({ [type]: { id: file.id, sha256: file.sha256Base64, mime_type: type === 'sticker' ? 'image/webp' : 'image/jpeg', file_name: `${type}-${file.id}` } });
        assert.ok(reference);
        const [action] = await storage.outbox.enqueue(ws, [{ kind: MEDIA_FETCH_KIND, idempotencyKey: `${toMessageMediaOwner(wamid)}:media`, payload: { submissionId: toMessageMediaOwner(wamid), flowId: '', contactPhone: '+351910000101', origin: 'message', reference } }], now);
        assert.ok(action);
        return { owner: toMessageMediaOwner(wamid), actionId: action.id };
      };
      // 600 KiB: over a sticker's 500 KB, well within an image's 5 MB.
      const big = Buffer.alloc(600 * 1024, 7);
      const sticker = await enqueue('sticker', big);
      const image = await enqueue('image', big);
      const w = await worker();
      assert.equal(await w.runOnce(), 2);
      const [refused] = await storage.media.listForSubmission(ws, sticker.owner);
      assert.match(refused?.error ?? '', /larger than 512000 bytes \(Graph states 614400\)/);
      assert.equal((await storage.outbox.find(ws, sticker.actionId))?.status, 'dead');
      const [kept] = await storage.media.listForSubmission(ws, image.owner);
      assert.deepEqual([kept?.status, kept?.field, kept?.size], ['stored', 'image', big.length]);
      assert.match(kept?.storageKey ?? '', new RegExp(`^${ws}/m-[0-9a-f]{40}-[0-9a-f]{12}-0$`), 'a message owner is named by its hash in the store');
    });

    test('an expired or revoked access token is a permanent failure that says what to do', async () => {
      const file = graph.media.add(photo, { mimeType: 'image/jpeg' });
      const { submissionId, actionId } = await submit(file);
      graph.expireToken();
      const w = await worker();
      assert.equal(await w.runOnce(), 1);
      const action = await storage.outbox.find(ws, actionId);
      assert.equal(action?.status, 'dead');
      assert.match(action?.lastError ?? '', /access token has expired or was revoked; create a new system-user token/);
      const [media] = await storage.media.listForSubmission(ws, submissionId);
      assert.equal(media?.status, 'failed');
      assert.match(media?.error ?? '', /Graph code 190/);
      assert.equal(graph.media.downloads(file.id), 0);
    });
  });
}
