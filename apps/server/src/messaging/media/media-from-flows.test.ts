import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { MEDIA_FETCH_KIND } from '@flowline/core';
import { encryptMedia } from '@flowline/protocol';
import { createFileMediaStore, createMediaFetchJob, startDeliveryWorker, type MediaStore } from '@flowline/worker';
import { describeApi } from '../../admin/api/test-support/describe-api.js';
import { createIngestDeps } from '../pipeline/ingest-deps.js';
import { ingestCompletion } from '../pipeline/ingest-completion.js';

const corpus = join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus', 'crypto');
const cdnFile = readFileSync(join(corpus, 'pywa_media_cdn_file.bin'));
const plaintext = readFileSync(join(corpus, 'pywa_media_expected_plaintext.jpg'));
const metadata = (JSON.parse(readFileSync(join(corpus, 'pywa_media_vector.json'), 'utf8')) as { encryption_metadata: Record<string, string> }).encryption_metadata;
// A "document" that is really a web page: it must never be served as one.
const page = encryptMedia(Buffer.from('<html><script>alert(document.cookie)</script></html>'));

/** A damage-claim Flow: a photo (PhotoPicker) and a receipt (DocumentPicker), the receipt marked sensitive. */
const CLAIM_FLOW = {
  version: '7.0',
  screens: [{
    id: 'CLAIM', terminal: true, sensitive: ['receipt'],
    layout: {
      type: 'SingleColumnLayout',
      children: [
        { type: 'PhotoPicker', name: 'photo', label: 'Photo of the damage', 'max-uploaded-photos': 3 },
        { type: 'DocumentPicker', name: 'receipt', label: 'Receipt', 'max-uploaded-documents': 1 },
        { type: 'Footer', label: 'Send', 'on-click-action': { name: 'complete', payload: { photo: '${form.photo}', receipt: '${form.receipt}' } } },
      ],
    },
  }],
};

describeApi('media from Flows: intake, worker, API', (h) => {
  let cdn: Server;
  let cdnBase = '';
  let dir: string;
  let store: MediaStore;
  let submissionId = '';
  before(async () => {
    cdn = createServer((req, res) => {
      if (req.url === '/photo.enc') res.writeHead(200).end(cdnFile);
      else if (req.url === '/receipt.enc') res.writeHead(200).end(page.cdnFile);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => cdn.listen(0, '127.0.0.1', resolve));
    cdnBase = `http://127.0.0.1:${(cdn.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'flowline-media-api-'));
    store = createFileMediaStore(join(dir, 'media'));
  });
  after(async () => {
    cdn.closeAllConnections();
    await new Promise<void>((resolve) => cdn.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  test('a completion with a photo and a document is recorded at once, with one media.fetch action per file', async () => {
    const { storage, workspaceA: ws, clock } = h();
    await storage.flows.create(ws, { id: 'claim', name: 'Claim', at: clock.now, by: 'test' });
    await storage.flows.addVersion(ws, 'claim', { flowJson: JSON.stringify(CLAIM_FLOW), createdAt: clock.now, createdBy: 'test' });
    const answer = {
      photo: [{ media_id: 'm-photo', cdn_url: `${cdnBase}/photo.enc`, file_name: 'IMG_5237.jpg', encryption_metadata: metadata }],
      receipt: [{ media_id: 'm-receipt', cdn_url: `${cdnBase}/receipt.enc`, file_name: 'receipt.html', encryption_metadata: page.metadata }],
    };
    const deps = createIngestDeps(storage, { rulesTtlMs: 0 });
    const outcome = await ingestCompletion(deps, { workspaceId: ws, flowId: 'claim', flowVersion: 1, contactPhone: '+351910000042', answer, messageId: 'wamid.media.1', receivedAt: clock.now });
    await deps.commit.drain();
    assert.notEqual(outcome.status, 'duplicate');
    if (outcome.status === 'duplicate') return;
    submissionId = outcome.submissionId;
    assert.notEqual(await storage.submissions.find(ws, submissionId), undefined);
    const actions = await storage.outbox.list(ws, { submissionId });
    assert.deepEqual(actions.filter((a) => a.kind === MEDIA_FETCH_KIND).map((a) => a.idempotencyKey).sort(), [`${submissionId}:media:photo:0`, `${submissionId}:media:receipt:0`]);
    const listed = await h().call('GET', `/api/v1/submissions/${submissionId}/media`);
    assert.deepEqual(listed.body['items'], [], 'nothing is fetched before the worker runs');
    const delivery = await h().call('GET', `/api/v1/submissions/${submissionId}`);
    const deliveries = (delivery.body['actions'] as { kind: string; payload: { reference?: { encryptionMetadata?: unknown } } }[]).filter((a) => a.kind === MEDIA_FETCH_KIND);
    assert.deepEqual(deliveries.map((a) => a.payload.reference?.encryptionMetadata), [{ set: true }, { set: true }]);
  });

  test('the worker fetches both files; the API lists them and serves the photo inline and the page as an attachment', async () => {
    const { storage, workspaceA: ws, clock } = h();
    const worker = startDeliveryWorker({ storage, now: () => clock.now, poll: false, privateHttp: 'loopback', jobs: { [MEDIA_FETCH_KIND]: createMediaFetchJob({ store }) }, scope: { workspaceId: ws, kinds: [MEDIA_FETCH_KIND] } });
    assert.equal(await worker.runOnce(), 2);
    const api = h().withDeps({ mediaStore: store });
    const listed = await api.call('GET', `/api/v1/submissions/${submissionId}/media`);
    const items = listed.body['items'] as { id: string; field: string; status: string; mimeType: string; size: number; contentUrl: string }[];
    assert.deepEqual(items.map((m) => [m.field, m.status, m.mimeType, m.size]), [['photo', 'stored', 'image/jpeg', plaintext.length], ['receipt', 'stored', 'application/octet-stream', 52]]);
    const [photo, receipt] = items;
    assert.ok(photo && receipt);
    const image = await api.call('GET', photo.contentUrl, { token: h().tokens.viewer });
    assert.equal(image.status, 200);
    assert.equal(image.headers.get('content-type'), 'image/jpeg');
    assert.match(image.headers.get('content-disposition') ?? '', /^inline; filename="IMG_5237.jpg"/);
    assert.equal(image.headers.get('x-content-type-options'), 'nosniff');
    const bytes = await (await api.download(photo.contentUrl)).arrayBuffer();
    assert.deepEqual(Buffer.from(bytes), plaintext);
    const html = await api.call('GET', receipt.contentUrl);
    assert.equal(html.status, 200);
    assert.equal(html.headers.get('content-type'), 'application/octet-stream');
    assert.match(html.headers.get('content-disposition') ?? '', /^attachment; /);
  });

  test("a sensitive field's file is hidden from roles that may not read it; another workspace sees nothing", async () => {
    const api = h().withDeps({ mediaStore: store });
    const asViewer = await api.call('GET', `/api/v1/submissions/${submissionId}/media`, { token: h().tokens.viewer });
    const visible = asViewer.body['items'] as { field: string }[];
    const all = (await api.call('GET', `/api/v1/submissions/${submissionId}/media`)).body['items'] as { id: string; field: string }[];
    const receipt = all.find((m) => m.field === 'receipt');
    assert.ok(receipt);
    assert.deepEqual(visible.map((m) => m.field), ['photo']);
    assert.equal((await api.call('GET', `/api/v1/media/${receipt.id}/content`, { token: h().tokens.viewer })).status, 403);
    assert.equal((await api.call('GET', `/api/v1/submissions/${submissionId}/media`, { token: h().tokenB })).status, 404);
    assert.equal((await api.call('GET', `/api/v1/media/${receipt.id}/content`, { token: h().tokenB })).status, 404);
  });

  test('erasing the contact deletes their files from the media store, then the rows; the content answers 404', async () => {
    const { storage, workspaceA: ws } = h();
    const api = h().withDeps({ mediaStore: store });
    const before = (await api.call('GET', `/api/v1/submissions/${submissionId}/media`)).body['items'] as { id: string; contentUrl: string }[];
    assert.equal(before.length, 2);
    assert.equal(filesUnder(join(dir, 'media')).length, 2);
    // The answer came without a send (no contact link): the files are found by the contact's phone.
    const contact = await storage.contacts.upsert(ws, { phone: '+351910000042', name: 'Rita', at: new Date() });
    const erased = await api.call('POST', `/api/v1/contacts/${contact.id}/erase`);
    assert.equal(erased.status, 200, erased.text);
    const counts = erased.body['counts'] as Record<string, number>;
    assert.deepEqual([counts['media'], erased.body['mediaFilesDeleted']], [2, 2]);
    assert.deepEqual(filesUnder(join(dir, 'media')), [], 'no file of the contact is left in the store');
    assert.deepEqual((await api.call('GET', `/api/v1/submissions/${submissionId}/media`)).body['items'], []);
    for (const file of before) assert.equal((await api.call('GET', file.contentUrl)).status, 404);
    const again = await api.call('POST', `/api/v1/contacts/${contact.id}/erase`);
    assert.deepEqual([again.status, again.body['mediaFilesDeleted']], [200, 0]);
  });
});

/** Every file below a folder (the media store's), as relative paths. */
function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}
