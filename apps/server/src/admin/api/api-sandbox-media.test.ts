import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createFileMediaStore, type MediaStore } from '@flowline/worker';
import { sendFlow } from '../../messaging/channels/send-flow.js';
import { createIngestDeps } from '../../messaging/pipeline/ingest-deps.js';
import { ingestCompletion } from '../../messaging/pipeline/ingest-completion.js';
import { createSandboxService, type SandboxService } from '../../messaging/sandbox/sandbox-service.js';
import { receiveSandboxUpload, type SandboxUploadLimits } from '../../messaging/sandbox/receive-sandbox-upload.js';
import { describeApi, type ApiHarness } from './test-support/describe-api.js';

const corpus = join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus', 'crypto');
/** A real JPEG (the shared vector's plaintext, 435 bytes). */
const jpeg = readFileSync(join(corpus, 'pywa_media_expected_plaintext.jpg'));
const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** A claim Flow: a photo (at most 1 KiB) on the first screen, a receipt (PDF only) on the second. */
const CLAIM_FLOW = {
  version: '7.0',
  screens: [
    {
      id: 'PHOTO',
      layout: { type: 'SingleColumnLayout', children: [
        { type: 'PhotoPicker', name: 'photo', label: 'Photo of the damage', 'max-file-size-kb': 1, 'max-uploaded-photos': 2 },
        { type: 'Footer', label: 'Next', 'on-click-action': { name: 'navigate', next: { type: 'screen', name: 'RECEIPT' }, payload: {} } },
      ] },
    },
    {
      id: 'RECEIPT', terminal: true,
      layout: { type: 'SingleColumnLayout', children: [
        { type: 'DocumentPicker', name: 'receipt', label: 'Receipt', 'allowed-mime-types': ['application/pdf'], 'max-uploaded-documents': 1 },
        { type: 'Footer', label: 'Send', 'on-click-action': { name: 'complete', payload: { photo: '${screen.PHOTO.form.photo}', receipt: '${form.receipt}' } } },
      ] },
    },
  ],
};

describeApi('API sandbox media: the sandbox phone uploads a picked file', (h) => {
  let dir: string;
  let store: MediaStore;
  let sandbox: SandboxService | undefined;
  let phoneCounter = 0;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowline-sandbox-media-'));
    store = createFileMediaStore(join(dir, 'media'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const api = (limits?: SandboxUploadLimits): ApiHarness => {
    const base = h();
    sandbox ??= createSandboxService({ storage: base.storage, now: () => new Date(base.clock.now), log: () => undefined, selfBaseUrl: () => undefined, publicKeyPem: 'unused', appSecret: undefined });
    const s = sandbox;
    return base.withDeps({ sandbox: s, mediaStore: store, ...(limits === undefined ? {} : { sandboxUploadLimits: limits }), sendFlow: (request) => sendFlow({ storage: base.storage, now: () => new Date(base.clock.now), sandbox: s }, request) });
  };

  /** A new sandbox contact with the claim Flow open on the phone: its session id, send and contact. */
  const openClaim = async (a: ApiHarness) => {
    if ((await a.storage.flows.find(a.workspaceA, 'claim')) === undefined) {
      await a.storage.flows.create(a.workspaceA, { id: 'claim', name: 'Claim', at: a.clock.now, by: 'test' });
      await a.storage.flows.addVersion(a.workspaceA, 'claim', { flowJson: JSON.stringify(CLAIM_FLOW), createdAt: a.clock.now, createdBy: 'test' });
      await a.storage.flows.publish(a.workspaceA, 'claim', 1, { at: a.clock.now, by: 'test' });
    }
    phoneCounter += 1;
    const created = await a.call('POST', '/api/v1/sandbox/contacts', { body: { phone: `1555070${String(phoneCounter).padStart(4, '0')}`, name: `Claimant ${phoneCounter}` } });
    const contact = created.body['contact'] as { id: string; phone: string };
    const sent = await a.call('POST', '/api/v1/sends', { body: { flowId: 'claim', contactId: contact.id, channel: 'sandbox' } });
    assert.equal(sent.status, 201, sent.text);
    const messages = (await a.call('GET', `/api/v1/sandbox/chats/${contact.id}`)).body['messages'] as { messageId: string; kind: string }[];
    const flowMessage = messages.find((m) => m.kind === 'flow');
    assert.ok(flowMessage);
    const opened = await a.call('POST', `/api/v1/sandbox/messages/${flowMessage.messageId}/open`);
    assert.equal(opened.status, 200, opened.text);
    return { sessionId: (opened.body['session'] as { id: string }).id, sendId: (opened.body['session'] as { sendId: string }).sendId, contact };
  };

  const upload = (a: ApiHarness, sessionId: string, name: string, fileName: string, bytes: Uint8Array, contentType: string | undefined, token?: string | null) =>
    a.call('POST', `/api/v1/sandbox/sessions/${sessionId}/media?name=${encodeURIComponent(name)}&fileName=${encodeURIComponent(fileName)}`, { file: { bytes, contentType }, ...(token === undefined ? {} : { token }) });

  const event = async (a: ApiHarness, sessionId: string, value: unknown) => {
    const stepped = await a.call('POST', `/api/v1/sandbox/sessions/${sessionId}/events`, { body: { event: value } });
    assert.equal(stepped.status, 200, stepped.text);
    return stepped;
  };

  test('a photo and a receipt uploaded on the phone fill the pickers; the sandbox answer attaches them to its submission, served like any WhatsApp file', async () => {
    const a = api();
    const { sessionId, sendId, contact } = await openClaim(a);
    const photo = await upload(a, sessionId, 'photo', 'crushed box.jpg', jpeg, 'image/jpeg', a.tokens.operator);
    assert.equal(photo.status, 201, photo.text);
    const reference = photo.body['reference'] as { media_id: string; file_name: string; mime_type: string; sha256: string };
    assert.match(reference.media_id, /^sandbox\.[A-Za-z0-9_-]{22}$/);
    assert.deepEqual([reference.file_name, reference.mime_type, photo.body['size']], ['crushed box.jpg', 'image/jpeg', jpeg.length]);
    assert.equal(reference.sha256, (await import('node:crypto')).createHash('sha256').update(jpeg).digest('hex'));
    assert.deepEqual(readFileSync(join(dir, 'media', a.workspaceA, reference.media_id)), jpeg, 'the bytes are in the media store');

    await event(a, sessionId, { type: 'fill', name: 'photo', value: [reference] });
    await event(a, sessionId, { type: 'press', target: 'footer' });
    const receipt = await upload(a, sessionId, 'receipt', 'receipt.pdf', pdf, 'application/pdf', a.tokens.designer);
    assert.equal(receipt.status, 201, receipt.text);
    const receiptReference = receipt.body['reference'] as { media_id: string };
    await event(a, sessionId, { type: 'fill', name: 'receipt', value: [receiptReference] });
    await event(a, sessionId, { type: 'press', target: 'footer' });

    // The completion the sandbox wrote (the server is not listening here, so it is ingested by hand, as the webhook would).
    const messages = (await a.call('GET', `/api/v1/sandbox/chats/${contact.id}`)).body['messages'] as { kind: string; messageId: string; body: { payload: Record<string, unknown> } }[];
    const reply = messages.find((m) => m.kind === 'flow_reply');
    assert.ok(reply);
    assert.deepEqual(reply.body.payload, { photo: [reference], receipt: [receipt.body['reference']] });
    const deps = createIngestDeps(a.storage, { rulesTtlMs: 0 });
    const send = await a.storage.sends.find(a.workspaceA, sendId);
    assert.equal(send?.channel, 'sandbox');
    const outcome = await ingestCompletion(deps, { workspaceId: a.workspaceA, sendId, contactPhone: contact.phone, flowToken: send?.flowToken ?? '', answer: reply.body.payload, messageId: reply.messageId, receivedAt: a.clock.now });
    await deps.commit.drain();
    assert.notEqual(outcome.status, 'duplicate');
    if (outcome.status === 'duplicate') return;
    assert.deepEqual((await a.storage.outbox.list(a.workspaceA, { submissionId: outcome.submissionId })).filter((o) => o.kind === 'media.fetch'), [], 'nothing to fetch: the bytes are here');

    const listed = await a.call('GET', `/api/v1/submissions/${outcome.submissionId}/media`);
    const items = listed.body['items'] as { field: string; status: string; mimeType: string; size: number; fileName: string; contentUrl: string }[];
    assert.deepEqual(items.map((m) => [m.field, m.status, m.mimeType, m.size, m.fileName]), [['photo', 'stored', 'image/jpeg', jpeg.length, 'crushed box.jpg'], ['receipt', 'stored', 'application/pdf', pdf.length, 'receipt.pdf']]);
    const image = await a.download(items[0]?.contentUrl ?? '');
    assert.equal(image.headers.get('content-type'), 'image/jpeg');
    assert.match(image.headers.get('content-disposition') ?? '', /^inline; /);
    assert.deepEqual(Buffer.from(await image.arrayBuffer()), jpeg);
    const readable = (await a.call('GET', `/api/v1/submissions/${outcome.submissionId}`)).body['readable'] as { field: string; kind: string; text: string }[] | undefined;
    assert.deepEqual(readable?.map((r) => [r.field, r.kind, r.text]), [['photo', 'media', '1 file: crushed box.jpg'], ['receipt', 'media', '1 file: receipt.pdf']]);
  });

  test("an answer that is not to a sandbox send never attaches an upload, even one naming its media_id", async () => {
    const a = api();
    const { sessionId, contact } = await openClaim(a);
    const uploaded = await upload(a, sessionId, 'photo', 'p.jpg', jpeg, 'image/jpeg');
    const reference = uploaded.body['reference'] as { media_id: string; file_name: string };
    const send = await a.storage.sends.create(a.workspaceA, { flowId: 'claim', version: 1, contactId: contact.id, channel: 'whatsapp', at: a.clock.now });
    assert.ok(send.ok);
    const deps = createIngestDeps(a.storage, { rulesTtlMs: 0 });
    const outcome = await ingestCompletion(deps, { workspaceId: a.workspaceA, sendId: send.value.id, contactPhone: contact.phone, flowToken: send.value.flowToken, answer: { photo: [reference] }, messageId: 'wamid.real.1', receivedAt: a.clock.now });
    await deps.commit.drain();
    assert.notEqual(outcome.status, 'duplicate');
    if (outcome.status === 'duplicate') return;
    assert.deepEqual((await a.call('GET', `/api/v1/submissions/${outcome.submissionId}/media`)).body['items'], []);
    assert.deepEqual((await a.storage.media.listForContact(a.workspaceA, contact.phone)).map((m) => m.status), ['uploaded'], 'the upload still waits for its sandbox answer');
  });

  test('refuses a file larger than the picker takes, counted while it streams and by its Content-Length', async () => {
    const a = api();
    const { sessionId } = await openClaim(a);
    const big = Buffer.concat([jpeg, Buffer.alloc(1024 - jpeg.length + 1)]);
    const refused = await upload(a, sessionId, 'photo', 'big.jpg', big, 'image/jpeg');
    assert.equal(refused.status, 413, refused.text);
    assert.deepEqual(refused.body['error'], { code: 'FILE_TOO_LARGE', message: 'the PhotoPicker photo takes files up to 1 KiB (max-file-size-kb)' });
    const exactly = await upload(a, sessionId, 'photo', 'fits.jpg', Buffer.concat([jpeg, Buffer.alloc(1024 - jpeg.length)]), 'image/jpeg');
    assert.equal(exactly.status, 201, exactly.text);
    // A declared length past the limit is refused before a byte is read (this body fails when read).
    let pulled = false;
    const unread = new ReadableStream<Uint8Array>({ pull: () => { pulled = true; throw new Error('read'); } }, { highWaterMark: 0 });
    const declared = await receiveSandboxUpload(
      { storage: a.storage, mediaStore: store, sandbox: sandbox as SandboxService, now: () => new Date(a.clock.now) },
      { workspaceId: a.workspaceA, sessionId, picker: 'photo', fileName: 'x.jpg', contentType: 'image/jpeg', contentLength: 1025, body: unread },
    );
    assert.deepEqual([declared.ok, declared.ok ? 0 : declared.problem.status, pulled], [false, 413, false]);
    assert.deepEqual(scratchFiles(), [], 'no partial file is left behind');
    assert.equal((await upload(a, sessionId, 'photo', 'empty.jpg', new Uint8Array(0), 'image/jpeg')).status, 400);
  });

  test('refuses a type the picker does not take, and bytes that are not the image they claim', async () => {
    const a = api();
    const { sessionId } = await openClaim(a);
    for (const [type, bytes] of [['text/plain', Buffer.from('hello')], ['image/svg+xml', Buffer.from('<svg onload="alert(1)"/>')], ['application/pdf', pdf], [undefined, jpeg]] as const) {
      const refused = await upload(a, sessionId, 'photo', 'f', bytes, type);
      assert.equal(refused.status, 415, `${String(type)}: ${refused.text}`);
      assert.equal((refused.body['error'] as { code: string }).code, 'UNSUPPORTED_MEDIA_TYPE');
    }
    const page = await upload(a, sessionId, 'photo', 'photo.jpg', Buffer.from('<html><script>alert(1)</script></html>'), 'image/jpeg');
    assert.equal(page.status, 415);
    assert.equal((page.body['error'] as { message: string }).message, 'the file is not the image/jpeg it says it is');
    assert.equal((await upload(a, sessionId, 'photo', 'ok.jpg', jpeg, 'image/jpeg; name=ok.jpg')).status, 201, 'parameters of the type are ignored');
    // The receipt picker is on the next screen: not on this one yet.
    const notHere = await upload(a, sessionId, 'receipt', 'r.pdf', pdf, 'application/pdf');
    assert.equal(notHere.status, 422);
    assert.equal((notHere.body['error'] as { code: string }).code, 'NOT_A_MEDIA_PICKER');
    await event(a, sessionId, { type: 'press', target: 'footer' });
    const jpegAsReceipt = await upload(a, sessionId, 'receipt', 'r.jpg', jpeg, 'image/jpeg');
    assert.equal(jpegAsReceipt.status, 415);
    assert.match((jpegAsReceipt.body['error'] as { message: string }).message, /takes one of application\/pdf, not image\/jpeg/);
    assert.deepEqual(scratchFiles(), []);
  });

  test('is for roles that use the sandbox, in their own workspace; needs a media store', async () => {
    const a = api();
    const { sessionId } = await openClaim(a);
    assert.equal((await upload(a, sessionId, 'photo', 'p.jpg', jpeg, 'image/jpeg', null)).status, 401);
    const viewer = await upload(a, sessionId, 'photo', 'p.jpg', jpeg, 'image/jpeg', a.tokens.viewer);
    assert.equal(viewer.status, 403);
    assert.equal((viewer.body['error'] as { details: { permission: string } }).details.permission, 'sandbox:use');
    assert.equal((await upload(a, sessionId, 'photo', 'p.jpg', jpeg, 'image/jpeg', a.tokenB)).status, 404, "another workspace's session does not exist for it");
    const noStore = await h().withDeps({ sandbox: sandbox as SandboxService }).call('POST', `/api/v1/sandbox/sessions/${sessionId}/media?name=photo&fileName=p.jpg`, { file: { bytes: jpeg, contentType: 'image/jpeg' } });
    assert.equal(noStore.status, 503);
    const missingName = await a.call('POST', `/api/v1/sandbox/sessions/${sessionId}/media?fileName=p.jpg`, { file: { bytes: jpeg, contentType: 'image/jpeg' } });
    assert.equal(missingName.status, 400);
  });

  test("only a sandbox session's open screen takes files: not the editor's preview, not a finished Flow", async () => {
    const a = api();
    // The editor's preview runs in the browser with a flow_token of its own and no sandbox session: nothing to upload to.
    assert.equal((await upload(a, 'preview-flow-token', 'photo', 'p.jpg', jpeg, 'image/jpeg')).status, 404);
    const { sessionId } = await openClaim(a);
    await event(a, sessionId, { type: 'press', target: 'footer' });
    await event(a, sessionId, { type: 'press', target: 'footer' });
    const ended = await upload(a, sessionId, 'receipt', 'r.pdf', pdf, 'application/pdf');
    assert.equal(ended.status, 409);
    assert.equal((ended.body['error'] as { code: string }).code, 'SESSION_ENDED');
  });

  test('uploads no answer used expire after the time limit (files and rows), and a workspace holds at most its cap meanwhile', async () => {
    const limits = { ttlMs: 3_600_000, maxFiles: 2, maxBytes: 10 * 1024 * 1024 };
    const a = api(limits);
    const ws = a.workspaceA;
    // The files earlier tests' answers attached stay: they are submissions' files, not waiting uploads.
    const kept = (await a.storage.media.uploadUsage(ws)).count;
    const submissionFiles = filesOf(ws).length - kept;
    // Start from an empty sandbox store for this workspace: earlier tests' uploads expire first.
    a.clock.now += 2 * limits.ttlMs;
    const { sessionId, contact } = await openClaim(a);
    const first = await upload(a, sessionId, 'photo', 'one.jpg', jpeg, 'image/jpeg');
    assert.equal(first.status, 201, first.text);
    const firstId = (first.body['reference'] as { media_id: string }).media_id;
    assert.equal((await upload(a, sessionId, 'photo', 'two.jpg', jpeg, 'image/jpeg')).status, 201);
    const full = await upload(a, sessionId, 'photo', 'three.jpg', jpeg, 'image/jpeg');
    assert.equal(full.status, 409);
    assert.equal((full.body['error'] as { code: string }).code, 'SANDBOX_UPLOADS_FULL');
    assert.deepEqual(await a.storage.media.uploadUsage(ws), { count: 2, bytes: 2 * jpeg.length });
    assert.equal(filesOf(ws).length, submissionFiles + 2);

    a.clock.now += limits.ttlMs + 1;
    const later = await upload(a, sessionId, 'photo', 'four.jpg', jpeg, 'image/jpeg');
    assert.equal(later.status, 201, later.text);
    assert.deepEqual(await a.storage.media.uploadUsage(ws), { count: 1, bytes: jpeg.length });
    assert.equal(filesOf(ws).length, submissionFiles + 1, 'the expired files are deleted from the store');
    assert.ok(filesOf(ws).includes((later.body['reference'] as { media_id: string }).media_id));
    const waiting = await a.storage.media.listForContact(ws, contact.phone);
    assert.deepEqual(waiting.map((m) => [m.fileName, m.status]), [['four.jpg', 'uploaded']], 'the expired rows are gone');
    assert.equal((await a.call('GET', `/api/v1/media/${waiting[0]?.id ?? ''}/content`)).status, 404, 'a waiting upload is no submission\'s file');

    const byBytes = api({ ...limits, maxFiles: 100, maxBytes: jpeg.length + 10 });
    assert.equal((await upload(byBytes, sessionId, 'photo', 'five.jpg', jpeg, 'image/jpeg')).status, 409, 'the byte cap counts the waiting upload');
    assert.ok(!filesOf(ws).some((f) => f === firstId));
  });

  test("erasing the contact deletes their uploads no answer used, from the store too", async () => {
    const a = api();
    a.clock.now += 48 * 3_600_000;
    const { sessionId, contact } = await openClaim(a);
    const uploaded = await upload(a, sessionId, 'photo', 'mine.jpg', jpeg, 'image/jpeg');
    const mediaId = (uploaded.body['reference'] as { media_id: string }).media_id;
    assert.ok(filesOf(a.workspaceA).includes(mediaId));
    const erased = await a.call('POST', `/api/v1/contacts/${contact.id}/erase`);
    assert.equal(erased.status, 200, erased.text);
    assert.equal(erased.body['mediaFilesDeleted'], 1);
    assert.ok(!filesOf(a.workspaceA).includes(mediaId), 'the file is gone');
    assert.deepEqual(await a.storage.media.listForContact(a.workspaceA, contact.phone), []);
  });

  /** The names of the files the media store holds for a workspace. */
  const filesOf = (ws: string): string[] => {
    try {
      return readdirSync(join(dir, 'media', ws)).sort();
    } catch {
      return [];
    }
  };
  const scratchFiles = (): string[] => {
    try {
      return readdirSync(join(dir, 'media', '.incoming'));
    } catch {
      return [];
    }
  };
});
