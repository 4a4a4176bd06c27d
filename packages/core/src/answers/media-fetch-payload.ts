import { isJsonObject } from '../json/is-json-object.js';
import { findCloudMediaReferences, findMediaReferences, type CloudMediaReference, type MediaReference } from './find-media-references.js';

/** The outbox action kind that fetches one media file of a submission. */
export const MEDIA_FETCH_KIND = 'media.fetch';

/** The payload of a `media.fetch` outbox action: the reference and the submission (or message) it belongs to. */
export interface MediaFetchPayload {
  /** The owner of the file's `media` row: a submission's id, or for a customer's media message the storage's owner of its message. */
  readonly submissionId: string;
  /** The answered Flow (empty for a message). */
  readonly flowId: string;
  readonly contactPhone: string;
  /** `message`: a file a customer sent in the chat (bounded by Meta's limit for its type); absent: a file of a Flow answer. */
  readonly origin?: 'message';
  /** An encrypted CDN file (§6.4) or a Cloud API media id (§6.3); a payload written before §6.3 ids were fetched has no `source` and is a CDN file. */
  readonly reference: MediaReference | CloudMediaReference;
}

/** Reads a `media.fetch` payload back from the outbox (stored JSON, so checked, not trusted). */
export function parseMediaFetchPayload(value: unknown): { ok: true; payload: MediaFetchPayload } | { ok: false; message: string } {
  if (!isJsonObject(value)) return { ok: false, message: 'the payload is not an object' };
  const { submissionId, flowId, contactPhone, reference, origin } = value;
  if (typeof submissionId !== 'string' || typeof flowId !== 'string' || typeof contactPhone !== 'string' || !isJsonObject(reference)) {
    return { ok: false, message: 'the payload lacks its submission or reference' };
  }
  if (origin !== undefined && origin !== 'message') return { ok: false, message: `unknown media origin ${JSON.stringify(origin)}` };
  const owner = { submissionId, flowId, contactPhone, ...(origin === 'message' ? { origin: 'message' as const } : {}) };
  const { source, field, index, mediaId, fileName, mimeType } = reference;
  if (typeof field !== 'string' || typeof index !== 'number' || !Number.isInteger(index) || index < 0) return { ok: false, message: 'the reference lacks its field' };
  // The reference is checked with the same rules as in the answer.
  if (source === 'cloud_api') {
    const [checked] = findCloudMediaReferences({ [field]: { id: mediaId, file_name: fileName, mime_type: mimeType, sha256: reference['sha256'] } });
    if (checked === undefined) return { ok: false, message: 'the reference is not a Cloud API media reference' };
    return { ok: true, payload: { ...owner, reference: { ...checked, index } } };
  }
  if (source !== undefined && source !== 'cdn') return { ok: false, message: `unknown media source ${JSON.stringify(source)}` };
  const [checked] = findMediaReferences({ [field]: { media_id: mediaId, cdn_url: reference['cdnUrl'], file_name: fileName, mime_type: mimeType, encryption_metadata: reference['encryptionMetadata'] } });
  if (checked === undefined) return { ok: false, message: 'the reference is not a media reference' };
  return { ok: true, payload: { ...owner, reference: { ...checked, index } } };
}
