import { isJsonObject } from '../json/is-json-object.js';

/** The `encryption_metadata` of a media reference, all base64 (platform spec §6.4). */
export interface MediaEncryptionFields {
  readonly encrypted_hash: string;
  readonly iv: string;
  readonly encryption_key: string;
  readonly hmac_key: string;
  readonly plaintext_hash: string;
}

/** One encrypted file a PhotoPicker or DocumentPicker answer points at, where it sits in the answer. */
export interface MediaReference {
  /** An encrypted file on WhatsApp's CDN (platform spec §6.4). */
  readonly source: 'cdn';
  /** The answer field holding the file. */
  readonly field: string;
  /** Its position in the field's list (0 when the field holds one reference). */
  readonly index: number;
  readonly mediaId: string;
  readonly cdnUrl: string;
  readonly fileName: string;
  readonly mimeType: string | undefined;
  readonly encryptionMetadata: MediaEncryptionFields;
}

/** Most files read from one answer: 10 per completion and 30 per picker at WhatsApp (platform spec §5.3, §6.4); the rest are ignored. */
export const MAX_MEDIA_REFERENCES = 30;
const MAX_URL_LENGTH = 4096;
const MAX_NAME_LENGTH = 255;
const METADATA_FIELDS = ['encrypted_hash', 'iv', 'encryption_key', 'hmac_key', 'plaintext_hash'] as const;

/**
 * Finds the encrypted media references in an answer: each top-level field whose value is a reference or
 * a list of references in the documented shape `{media_id, cdn_url, file_name, encryption_metadata}`
 * (platform spec §6.4; an endpoint Flow passes them on in its completion's params). Detected by shape,
 * so answers of any Flow version are covered; anything else (§6.3's Cloud API media ids, which carry no
 * `cdn_url`, are `findCloudMediaReferences`' instead) is not a reference. Bounded: strings by length,
 * references by count.
 */
export function findMediaReferences(answers: unknown): MediaReference[] {
  return collectReferences(answers, toReference);
}

/**
 * One file of an endpoint-less Flow's completion (platform spec §6.3): a Cloud API media id, fetched
 * through the Graph API like any media a customer sends, with the SHA-256 Meta states for it.
 */
export interface CloudMediaReference {
  readonly source: 'cloud_api';
  readonly field: string;
  readonly index: number;
  /** The Cloud API media id (`id`). */
  readonly mediaId: string;
  readonly fileName: string;
  readonly mimeType: string | undefined;
  /** SHA-256 of the file as Meta wrote it: 64 hex digits or 44 characters of base64 (the worker reads both). */
  readonly sha256: string;
}

// A Cloud API media id goes into a Graph URL path: digits in practice, a few safe characters allowed.
const CLOUD_MEDIA_ID = /^[A-Za-z0-9._-]{1,128}$/;
// SHA-256 as hex (Graph's Retrieve Media URL) or base64 with padding (webhook media objects).
const SHA256_TEXT = /^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/;

/**
 * Finds the Cloud API media ids in an answer: each top-level field whose value is, or lists, the
 * documented `{file_name, mime_type, sha256, id}` of platform spec §6.3 (a PhotoPicker/DocumentPicker
 * in an endpoint-less Flow's `complete` payload). Recognised by `id` and `sha256` with a `file_name` or
 * `mime_type`, and no `media_id` or `cdn_url` (those are §6.4's or the sandbox's). Bounded like
 * `findMediaReferences`.
 */
export function findCloudMediaReferences(answers: unknown): CloudMediaReference[] {
  return collectReferences(answers, toCloudReference);
}

function toCloudReference(field: string, index: number, item: unknown): CloudMediaReference | undefined {
  if (!isJsonObject(item) || item['cdn_url'] !== undefined || item['media_id'] !== undefined) return undefined;
  const id = item['id'];
  const sha256 = item['sha256'];
  if (typeof id !== 'string' || !CLOUD_MEDIA_ID.test(id) || typeof sha256 !== 'string' || !SHA256_TEXT.test(sha256)) return undefined;
  const fileName = boundedText(item['file_name'], MAX_NAME_LENGTH);
  const mimeType = boundedText(item['mime_type'], 127);
  if (fileName === undefined && mimeType === undefined) return undefined;
  return { source: 'cloud_api', field, index, mediaId: id, fileName: fileName ?? id, mimeType, sha256 };
}

/**
 * A file Flowline already holds, referred to by its media id alone: what the sandbox phone puts in a
 * PhotoPicker/DocumentPicker answer after uploading the bytes (docs/media.md, "Sandbox files").
 */
export interface UploadedMediaReference {
  readonly field: string;
  readonly index: number;
  readonly mediaId: string;
  readonly fileName: string;
  readonly mimeType: string | undefined;
}

/**
 * Finds the references by media id in an answer: each top-level field whose value is, or lists,
 * `{media_id, file_name, mime_type?, sha256?}` without a `cdn_url` (an encrypted CDN reference is
 * `findMediaReferences`' instead). Bounded like `findMediaReferences`. Whether such a reference may be
 * honoured is the caller's decision: only answers given on the sandbox phone refer to its uploads.
 */
export function findUploadedMediaReferences(answers: unknown): UploadedMediaReference[] {
  return collectReferences(answers, (field, index, item) => {
    if (!isJsonObject(item) || item['cdn_url'] !== undefined) return undefined;
    const mediaId = boundedText(item['media_id'], MAX_NAME_LENGTH);
    const fileName = boundedText(item['file_name'], MAX_NAME_LENGTH);
    if (mediaId === undefined || fileName === undefined) return undefined;
    return { field, index, mediaId, fileName, mimeType: boundedText(item['mime_type'], 127) };
  });
}

/**
 * Walks an answer's top-level fields (a value, or a list of values) and keeps what `toReference`
 * recognises, at most MAX_MEDIA_REFERENCES: the one walk of the three kinds of file reference.
 */
function collectReferences<T>(answers: unknown, toReference: (field: string, index: number, item: unknown) => T | undefined): T[] {
  if (!isJsonObject(answers)) return [];
  const found: T[] = [];
  for (const [field, value] of Object.entries(answers)) {
    const items = Array.isArray(value) ? value : [value];
    for (const [index, item] of items.entries()) {
      if (found.length >= MAX_MEDIA_REFERENCES) return found;
      const reference = toReference(field, index, item);
      if (reference !== undefined) found.push(reference);
    }
  }
  return found;
}

function toReference(field: string, index: number, item: unknown): MediaReference | undefined {
  if (!isJsonObject(item)) return undefined;
  const mediaId = boundedText(item['media_id'], MAX_NAME_LENGTH);
  const cdnUrl = boundedText(item['cdn_url'], MAX_URL_LENGTH);
  const metadata = item['encryption_metadata'];
  if (mediaId === undefined || cdnUrl === undefined || !isJsonObject(metadata)) return undefined;
  const fields: Partial<Record<(typeof METADATA_FIELDS)[number], string>> = {};
  for (const name of METADATA_FIELDS) {
    const text = boundedText(metadata[name], 128);
    if (text === undefined) return undefined;
    fields[name] = text;
  }
  const { encrypted_hash, iv, encryption_key, hmac_key, plaintext_hash } = fields;
  if (encrypted_hash === undefined || iv === undefined || encryption_key === undefined || hmac_key === undefined || plaintext_hash === undefined) return undefined;
  return {
    source: 'cdn',
    field,
    index,
    mediaId,
    cdnUrl,
    fileName: boundedText(item['file_name'], MAX_NAME_LENGTH) ?? mediaId,
    mimeType: boundedText(item['mime_type'], 127),
    encryptionMetadata: { encrypted_hash, iv, encryption_key, hmac_key, plaintext_hash },
  };
}

function boundedText(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;
}
