import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findCloudMediaReferences, findMediaReferences, findUploadedMediaReferences, MAX_MEDIA_REFERENCES } from './find-media-references.js';
import { parseMediaFetchPayload } from './media-fetch-payload.js';

const metadata = { encrypted_hash: 'aGFzaA==', iv: 'aXY=', encryption_key: 'a2V5', hmac_key: 'aG1hYw==', plaintext_hash: 'cGxhaW4=' };
const photo = (n: number) => ({ media_id: `m${n}`, cdn_url: `https://cdn.example/${n}`, file_name: `p${n}.jpg`, encryption_metadata: metadata });

describe('findMediaReferences', () => {
  it('finds the references of each field with their position, and nothing else', () => {
    const found = findMediaReferences({ flow_token: 't', photos: [photo(1), photo(2)], document: photo(3), note: 'hi', ids: [{ id: 'x', file_name: 'a.pdf', mime_type: 'application/pdf', sha256: 'abc' }] });
    assert.deepEqual(found.map((r) => [r.field, r.index, r.mediaId, r.fileName]), [['photos', 0, 'm1', 'p1.jpg'], ['photos', 1, 'm2', 'p2.jpg'], ['document', 0, 'm3', 'p3.jpg']]);
    assert.deepEqual(found[0]?.encryptionMetadata, metadata);
  });

  it('ignores a reference missing a metadata field or with an overlong URL', () => {
    const { hmac_key: _dropped, ...partial } = metadata;
    assert.deepEqual(findMediaReferences({ a: { ...photo(1), encryption_metadata: partial }, b: { ...photo(2), cdn_url: `https://x/${'a'.repeat(5000)}` } }), []);
  });

  it(`reads at most ${MAX_MEDIA_REFERENCES} references from one answer`, () => {
    assert.equal(findMediaReferences({ many: Array.from({ length: 100 }, (_, i) => photo(i)) }).length, MAX_MEDIA_REFERENCES);
  });
});

describe('findCloudMediaReferences', () => {
  // Platform spec §6.3: an endpoint-less Flow's PhotoPicker/DocumentPicker answer in the completion.
  const hex = '81d3bd8a8db4868c9520ed47186e8b7c5789e61ff79f7f834be6950b808a90d3';
  const base64 = Buffer.from(hex, 'hex').toString('base64');
  const file = (id: string, sha256 = hex) => ({ file_name: `${id}.jpg`, mime_type: 'image/jpeg', sha256, id });

  it('finds {file_name, mime_type, sha256, id} items with their position, hex or base64 hashes, and leaves §6.4 and sandbox references alone', () => {
    const found = findCloudMediaReferences({ flow_token: 't', photo: [file('111'), file('222', base64)], cdn: [photo(3)], upload: { media_id: 'sandbox.1', file_name: 'u.jpg', sha256: hex }, note: 'hi' });
    assert.deepEqual(found, [
      { source: 'cloud_api', field: 'photo', index: 0, mediaId: '111', fileName: '111.jpg', mimeType: 'image/jpeg', sha256: hex },
      { source: 'cloud_api', field: 'photo', index: 1, mediaId: '222', fileName: '222.jpg', mimeType: 'image/jpeg', sha256: base64 },
    ]);
    assert.deepEqual(findMediaReferences({ photo: [file('111')] }), [], 'a Cloud API id is no CDN reference');
    assert.deepEqual(findUploadedMediaReferences({ photo: [file('111')] }), [], 'nor a sandbox upload');
  });

  it('refuses an item without a usable id or SHA-256, or with nothing describing the file', () => {
    assert.deepEqual(findCloudMediaReferences({
      a: { ...file('1'), sha256: 'abc' },
      b: { ...file('2'), id: '../me' },
      c: { id: '3', sha256: hex },
      d: { ...file('4'), id: 5 },
      e: { ...file('6'), cdn_url: 'https://cdn.example/6' },
    }), []);
  });

  it(`reads at most ${MAX_MEDIA_REFERENCES} of them`, () => {
    assert.equal(findCloudMediaReferences({ many: Array.from({ length: 100 }, (_, i) => file(String(i))) }).length, MAX_MEDIA_REFERENCES);
  });
});

describe('findUploadedMediaReferences', () => {
  it('finds {media_id, file_name} references without a cdn_url, with their position, and leaves CDN references and other values alone', () => {
    const upload = (n: number) => ({ media_id: `sandbox.${n}`, file_name: `u${n}.jpg`, mime_type: 'image/jpeg', sha256: 'ab' });
    const found = findUploadedMediaReferences({ flow_token: 't', photo: [upload(1), upload(2)], cdn: [photo(3)], one: upload(4), named: { media_id: 'x' }, note: 'hi' });
    assert.deepEqual(found, [
      { field: 'photo', index: 0, mediaId: 'sandbox.1', fileName: 'u1.jpg', mimeType: 'image/jpeg' },
      { field: 'photo', index: 1, mediaId: 'sandbox.2', fileName: 'u2.jpg', mimeType: 'image/jpeg' },
      { field: 'one', index: 0, mediaId: 'sandbox.4', fileName: 'u4.jpg', mimeType: 'image/jpeg' },
    ]);
    assert.deepEqual(findMediaReferences({ photo: [upload(1)] }), [], 'an upload is no CDN reference');
  });

  it(`reads at most ${MAX_MEDIA_REFERENCES} of them and refuses overlong ids`, () => {
    assert.equal(findUploadedMediaReferences({ many: Array.from({ length: 100 }, (_, i) => ({ media_id: `m${i}`, file_name: 'f' })) }).length, MAX_MEDIA_REFERENCES);
    assert.deepEqual(findUploadedMediaReferences({ a: { media_id: 'm'.repeat(300), file_name: 'f' } }), []);
  });
});

describe('parseMediaFetchPayload', () => {
  it('reads back what the intake writes and refuses a payload without its reference', () => {
    const [reference] = findMediaReferences({ photos: [photo(1), photo(2)] }).slice(1);
    const parsed = parseMediaFetchPayload(JSON.parse(JSON.stringify({ submissionId: 's', flowId: 'f', contactPhone: '+1', reference })));
    assert.deepEqual(parsed, { ok: true, payload: { submissionId: 's', flowId: 'f', contactPhone: '+1', reference } });
    assert.equal(parseMediaFetchPayload({ submissionId: 's', flowId: 'f', contactPhone: '+1' }).ok, false);
  });

  it('reads back a Cloud API reference, and a CDN reference written before references had a source', () => {
    const [cloud] = findCloudMediaReferences({ photo: [{ id: '9', file_name: 'p.jpg', mime_type: 'image/jpeg', sha256: 'f'.repeat(64) }] });
    assert.deepEqual(parseMediaFetchPayload(JSON.parse(JSON.stringify({ submissionId: 's', flowId: 'f', contactPhone: '+1', reference: cloud }))), { ok: true, payload: { submissionId: 's', flowId: 'f', contactPhone: '+1', reference: cloud } });
    const [cdn] = findMediaReferences({ photos: [photo(1)] });
    assert.ok(cdn);
    const { source: _source, ...legacy } = cdn;
    assert.deepEqual(parseMediaFetchPayload({ submissionId: 's', flowId: 'f', contactPhone: '+1', reference: legacy }), { ok: true, payload: { submissionId: 's', flowId: 'f', contactPhone: '+1', reference: cdn } });
    assert.equal(parseMediaFetchPayload({ submissionId: 's', flowId: 'f', contactPhone: '+1', reference: { ...cloud, sha256: 'nope' } }).ok, false);
    assert.equal(parseMediaFetchPayload({ submissionId: 's', flowId: 'f', contactPhone: '+1', reference: { ...cdn, source: 'ftp' } }).ok, false);
    const message = { submissionId: 'message:wamid.1', flowId: '', contactPhone: '+1', origin: 'message', reference: cloud };
    assert.deepEqual(parseMediaFetchPayload(JSON.parse(JSON.stringify(message))), { ok: true, payload: message });
    assert.equal(parseMediaFetchPayload({ ...message, origin: 'email' }).ok, false);
  });
});
