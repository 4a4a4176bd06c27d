import assert from 'node:assert/strict';
import { test } from 'node:test';
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
