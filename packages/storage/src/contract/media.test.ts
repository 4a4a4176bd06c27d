import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UPLOAD_NOT_FOUND_ERROR } from '../repositories/media-repository.js';
import { describeContract } from '../test-support/describe-contract.js';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const item = (submissionId: string, index: number, contactPhone = '+31600000001') => ({
  submissionId, contactPhone, field: 'photos', index, mediaId: `m-${index}`, fileName: `p${index}.jpg`, mimeType: 'image/jpeg', at: T0 + index,
});

describeContract('media', (h) => {
  test('records a stored file once per submission item; a redelivery updates the same row', async () => {
    const ws = await h.newWorkspace();
    const first = await h.storage.media.recordStored(ws, { ...item('s1', 0), size: 435, sha256: 'ab'.repeat(32), storageKey: `${ws}/a` });
    const again = await h.storage.media.recordStored(ws, { ...item('s1', 0), size: 435, sha256: 'ab'.repeat(32), storageKey: `${ws}/b` });
    assert.equal(again.id, first.id);
    assert.equal(again.storageKey, `${ws}/b`);
    await h.storage.media.recordStored(ws, { ...item('s1', 1), size: 10, sha256: 'cd'.repeat(32), storageKey: `${ws}/c` });
    const listed = await h.storage.media.listForSubmission(ws, 's1');
    assert.deepEqual(listed.map((m) => [m.index, m.fileName, m.mimeType, m.size, m.status]), [[0, 'p0.jpg', 'image/jpeg', 435, 'stored'], [1, 'p1.jpg', 'image/jpeg', 10, 'stored']]);
    assert.deepEqual(await h.storage.media.find(ws, first.id), again);
  });

  test('a failure is recorded with its reason but never replaces a stored file', async () => {
    const ws = await h.newWorkspace();
    const failed = await h.storage.media.recordFailed(ws, { ...item('s1', 0), error: 'too large' });
    assert.deepEqual([failed.status, failed.error, failed.storageKey], ['failed', 'too large', null]);
    await h.storage.media.recordStored(ws, { ...item('s1', 0), size: 1, sha256: 'ef'.repeat(32), storageKey: 'k' });
    const late = await h.storage.media.recordFailed(ws, { ...item('s1', 0), error: 'a late failure' });
    assert.deepEqual([late.status, late.error, late.storageKey], ['stored', null, 'k']);
  });

  test('is scoped by workspace', async () => {
    const a = await h.newWorkspace();
    const b = await h.newWorkspace();
    const stored = await h.storage.media.recordStored(a, { ...item('s1', 0), size: 1, sha256: 'ef'.repeat(32), storageKey: 'k' });
    assert.equal(await h.storage.media.find(b, stored.id), undefined);
    assert.deepEqual(await h.storage.media.listForSubmission(b, 's1'), []);
    assert.deepEqual(await h.storage.media.listForContact(b, '+31600000001'), []);
    assert.deepEqual(await h.storage.media.deleteForContact(b, '+31600000001'), []);
    assert.equal((await h.storage.media.listForSubmission(a, 's1')).length, 1);
  });

  test("lists and deletes one contact's files, returning their storage keys, and leaves others", async () => {
    const ws = await h.newWorkspace();
    await h.storage.media.recordStored(ws, { ...item('s1', 0, '+1'), size: 1, sha256: 'aa'.repeat(32), storageKey: 'k1' });
    await h.storage.media.recordFailed(ws, { ...item('s1', 1, '+1'), error: 'cdn gone' });
    await h.storage.media.recordStored(ws, { ...item('s2', 0, '+2'), size: 1, sha256: 'bb'.repeat(32), storageKey: 'k2' });
    assert.deepEqual((await h.storage.media.listForContact(ws, '+1')).map((m) => m.storageKey), ['k1', null]);
    const deleted = await h.storage.media.deleteForContact(ws, '+1');
    assert.deepEqual(deleted.map((m) => m.storageKey).sort(), ['k1', null].sort());
    assert.deepEqual(await h.storage.media.listForContact(ws, '+1'), []);
    assert.deepEqual((await h.storage.media.listForContact(ws, '+2')).map((m) => m.storageKey), ['k2']);
  });
});

const upload = (mediaId: string, contactPhone = '+31600000001', at = T0) => ({
  mediaId, contactPhone, field: 'photo', fileName: `${mediaId}.jpg`, mimeType: 'image/jpeg', size: 100, sha256: 'ab'.repeat(32), storageKey: `k-${mediaId}`, at,
});
const claim = (mediaId: string, index: number, contactPhone = '+31600000001') => ({ mediaId, field: 'photo', index, contactPhone, fileName: `${mediaId}.jpg`, mimeType: 'image/jpeg' });

async function recordWithUploads(h: Parameters<Parameters<typeof describeContract>[1]>[0], ws: string, messageId: string, uploads: ReturnType<typeof claim>[]) {
  const recorded = await h.storage.recordSubmission({
    submission: { workspaceId: ws, flowId: 'support', messageId, answers: { photo: uploads.map((u) => ({ media_id: u.mediaId, file_name: u.fileName })) }, contract: { ok: true, problems: [] }, receivedAt: T0 + 1000 },
    actions: [], events: [], uploads,
  });
  assert.ok(recorded.ok, recorded.ok ? '' : recorded.message);
  return recorded.value.submission.id;
}

describeContract('media: sandbox uploads', (h) => {
  test("an upload is no submission's file and counts toward the workspace's usage until a submission attaches it", async () => {
    const ws = await h.newWorkspace();
    const recorded = await h.storage.media.recordUpload(ws, upload('sandbox.a'));
    assert.deepEqual([recorded.status, recorded.field, recorded.storageKey, recorded.size], ['uploaded', 'photo', 'k-sandbox.a', 100]);
    await h.storage.media.recordUpload(ws, upload('sandbox.b'));
    assert.deepEqual(await h.storage.media.uploadUsage(ws), { count: 2, bytes: 200 });
    assert.deepEqual(await h.storage.media.uploadUsage(await h.newWorkspace()), { count: 0, bytes: 0 });

    const submissionId = await recordWithUploads(h, ws, 'wamid.u1', [claim('sandbox.a', 0)]);
    const files = await h.storage.media.listForSubmission(ws, submissionId);
    assert.deepEqual(files.map((m) => [m.id, m.field, m.index, m.status, m.storageKey, m.sha256]), [[recorded.id, 'photo', 0, 'stored', 'k-sandbox.a', 'ab'.repeat(32)]]);
    assert.deepEqual(await h.storage.media.uploadUsage(ws), { count: 1, bytes: 100 });
  });

  test("a reference to an upload that is unknown, already attached or another contact's is recorded as a failed file", async () => {
    const ws = await h.newWorkspace();
    await h.storage.media.recordUpload(ws, upload('sandbox.mine'));
    await h.storage.media.recordUpload(ws, upload('sandbox.theirs', '+31600000002'));
    await recordWithUploads(h, ws, 'wamid.first', [claim('sandbox.mine', 0)]);
    const second = await recordWithUploads(h, ws, 'wamid.second', [claim('sandbox.mine', 0), claim('sandbox.theirs', 1), claim('sandbox.none', 2)]);
    const files = await h.storage.media.listForSubmission(ws, second);
    assert.deepEqual(files.map((m) => [m.index, m.status, m.storageKey, m.error]), [[0, 'failed', null, UPLOAD_NOT_FOUND_ERROR], [1, 'failed', null, UPLOAD_NOT_FOUND_ERROR], [2, 'failed', null, UPLOAD_NOT_FOUND_ERROR]]);
    // The other contact's upload is still theirs, waiting.
    assert.deepEqual((await h.storage.media.listForContact(ws, '+31600000002')).map((m) => m.status), ['uploaded']);
  });

  test('a contact written with or without + attaches the same upload', async () => {
    const ws = await h.newWorkspace();
    await h.storage.media.recordUpload(ws, upload('sandbox.plus', '+31600000003'));
    const id = await recordWithUploads(h, ws, 'wamid.digits', [claim('sandbox.plus', 0, '31600000003')]);
    assert.deepEqual((await h.storage.media.listForSubmission(ws, id)).map((m) => m.status), ['stored']);
  });

  test('expiring takes old uploads out of use and returns their keys until their rows are forgotten; newer and attached ones stay', async () => {
    const ws = await h.newWorkspace();
    await h.storage.media.recordUpload(ws, upload('sandbox.old', '+31600000001', T0));
    await h.storage.media.recordUpload(ws, upload('sandbox.used', '+31600000001', T0));
    await h.storage.media.recordUpload(ws, upload('sandbox.new', '+31600000001', T0 + 10_000));
    const used = await recordWithUploads(h, ws, 'wamid.used', [claim('sandbox.used', 0)]);
    const keys = await h.storage.media.expireUploads(ws, { before: T0 + 5000, at: T0 + 20_000, limit: 10 });
    assert.deepEqual(keys, ['k-sandbox.old']);
    // An expired upload can no longer be attached.
    const late = await recordWithUploads(h, ws, 'wamid.late', [claim('sandbox.old', 0)]);
    assert.deepEqual((await h.storage.media.listForSubmission(ws, late)).map((m) => m.status), ['failed']);
    // Its file is still counted until it is deleted and the row forgotten; a second sweep offers the key again.
    assert.deepEqual(await h.storage.media.uploadUsage(ws), { count: 2, bytes: 200 });
    assert.deepEqual(await h.storage.media.expireUploads(ws, { before: T0 + 5000, at: T0 + 20_000, limit: 10 }), ['k-sandbox.old']);
    assert.equal(await h.storage.media.forgetExpired(ws, keys), 1);
    assert.deepEqual(await h.storage.media.uploadUsage(ws), { count: 1, bytes: 100 });
    assert.deepEqual(await h.storage.media.expireUploads(ws, { before: T0 + 5000, at: T0 + 20_000, limit: 10 }), []);
    assert.deepEqual((await h.storage.media.listForSubmission(ws, used)).map((m) => m.status), ['stored']);
    assert.equal(await h.storage.media.forgetExpired(await h.newWorkspace(), ['k-sandbox.new']), 0);
  });

  test("erasing the contact covers uploads no submission attached: marked erased, their keys returned", async () => {
    const ws = await h.newWorkspace();
    const contact = await h.storage.contacts.upsert(ws, { phone: '+31600000009', name: 'Uma', at: T0 });
    const pending = await h.storage.media.recordUpload(ws, upload('sandbox.pending', '+31600000009'));
    const erased = await h.storage.erasure.eraseContact(ws, contact.id, { actor: 'test', at: T0 + 1 });
    assert.ok(erased.ok);
    assert.deepEqual(erased.value.mediaKeys, [pending.storageKey]);
    assert.equal(erased.value.counts['media'], 1);
    assert.equal(await h.storage.media.forgetErased(ws, erased.value.mediaKeys), 1);
    assert.deepEqual(await h.storage.media.uploadUsage(ws), { count: 0, bytes: 0 });
  });
});
