import type { Executor } from '../dialect/executor.js';
import { toEpochMs, type Instant } from '../instant.js';
import { newId } from '../new-id.js';

/**
 * What became of a file: kept in the media store for a submission, given up on (with why), or uploaded
 * by the sandbox phone and not yet part of a submission (docs/media.md, "Sandbox files").
 */
export type MediaStatus = 'stored' | 'failed' | 'uploaded';

/** One file of a submission (a PhotoPicker or DocumentPicker answer). */
export interface Media {
  readonly id: string;
  readonly workspaceId: string;
  readonly submissionId: string;
  readonly contactPhone: string;
  /** The answer field and the file's position in it. */
  readonly field: string;
  readonly index: number;
  /** WhatsApp's media_id (platform spec §6.4). */
  readonly mediaId: string;
  readonly fileName: string;
  readonly mimeType: string;
  readonly size: number | null;
  /** SHA-256 (hex) of the decrypted bytes. */
  readonly sha256: string | null;
  /** Where the media store keeps the bytes; null when none were stored. */
  readonly storageKey: string | null;
  readonly status: MediaStatus;
  readonly error: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Identifies a file of a submission and describes it. */
export interface MediaItemInput {
  readonly submissionId: string;
  readonly contactPhone: string;
  readonly field: string;
  readonly index: number;
  readonly mediaId: string;
  readonly fileName: string;
  readonly mimeType: string;
  readonly at: Instant;
}

/** A file the sandbox phone uploaded, kept in the media store before any submission refers to it. */
export interface MediaUploadInput {
  /** The id the answer will carry (`media_id`). */
  readonly mediaId: string;
  readonly contactPhone: string;
  /** The picker (PhotoPicker/DocumentPicker name) it was chosen in. */
  readonly field: string;
  readonly fileName: string;
  readonly mimeType: string;
  readonly size: number;
  readonly sha256: string;
  readonly storageKey: string;
  readonly at: Instant;
}

/** A submission's reference to an uploaded file: where the answer holds it and who sent it. */
export interface MediaUploadClaim {
  readonly mediaId: string;
  readonly field: string;
  readonly index: number;
  /** The submission's contact: only their own uploads are attached. */
  readonly contactPhone: string;
  readonly fileName: string;
  readonly mimeType: string | undefined;
}

/** Why an answer's reference to an upload was recorded as a failed file (the upload expired, or never existed for this contact). */
export const UPLOAD_NOT_FOUND_ERROR = 'the sandbox holds no such upload of this contact (an upload not sent within its time expires, docs/media.md)';

/** The `submission_id` of an upload not yet part of a submission: its own media id, marked, so it is never taken for a submission's. */
export function toUploadOwner(mediaId: string): string {
  return `upload:${mediaId}`;
}

/**
 * The `submission_id` of the file of a customer's media message (image, document… sent in the chat): its
 * message's WhatsApp id, marked, so it is never taken for a submission's. The file's `field` is the message type.
 */
export function toMessageMediaOwner(wamid: string): string {
  return `message:${wamid}`;
}

/** The media of submissions, scoped by workspace. */
export interface MediaRepository {
  /** Records a file kept in the media store; a second call for the same file (a redelivered action) updates the row. */
  recordStored(workspaceId: string, input: MediaItemInput & { readonly size: number; readonly sha256: string; readonly storageKey: string }): Promise<Media>;
  /** Records that a file could not be fetched; a file already stored stays stored. */
  recordFailed(workspaceId: string, input: MediaItemInput & { readonly error: string }): Promise<Media>;
  find(workspaceId: string, id: string): Promise<Media | undefined>;
  /** A submission's files in answer order (field, then position). */
  listForSubmission(workspaceId: string, submissionId: string): Promise<Media[]>;
  /** Every file a contact sent (for an erasure: their storage keys are what the media store must delete). */
  listForContact(workspaceId: string, contactPhone: string): Promise<Media[]>;
  /** Deletes a contact's rows and returns them (the caller deletes their storage keys from the media store). */
  deleteForContact(workspaceId: string, contactPhone: string): Promise<Media[]>;
  /** Removes the rows of erased files (status `erased`) whose files the media store has deleted. */
  forgetErased(workspaceId: string, storageKeys: readonly string[]): Promise<number>;
  /** Records a sandbox upload (status `uploaded`): kept until a submission attaches it or it expires. */
  recordUpload(workspaceId: string, input: MediaUploadInput): Promise<Media>;
  /** The workspace's uploads no submission attached yet (expired ones whose files are not deleted yet included). */
  uploadUsage(workspaceId: string): Promise<{ count: number; bytes: number }>;
  /**
   * Takes the uploads created before `before` out of use (status `expired`: no submission can attach them
   * any more) and returns the storage keys of expired uploads, at most `limit`, also those an earlier
   * sweep could not delete. Delete the files, then `forgetExpired` the keys.
   */
  expireUploads(workspaceId: string, options: { before: Instant; at: Instant; limit: number }): Promise<string[]>;
  /** Removes the rows of expired uploads whose files the media store has deleted. */
  forgetExpired(workspaceId: string, storageKeys: readonly string[]): Promise<number>;
}

/**
 * Makes the uploads a submission's answer refers to the submission's files (status `stored`, at the
 * answer's field and position), in the caller's transaction; a reference to an upload that is gone,
 * already attached, or another contact's is recorded as a `failed` file saying so.
 */
export async function attachUploads(tx: Executor, workspaceId: string, submissionId: string, claims: readonly MediaUploadClaim[], at: Instant): Promise<void> {
  const ms = toEpochMs(at);
  for (const claim of claims) {
    const digits = claim.contactPhone.replace(/^\+/, '');
    const attached = await tx
      .updateTable('media')
      .set({ submission_id: submissionId, field: claim.field, item_index: claim.index, status: 'stored', updated_at: ms })
      .where('workspace_id', '=', workspaceId)
      .where('media_id', '=', claim.mediaId)
      .where('status', '=', 'uploaded')
      .where('contact_phone', 'in', [digits, `+${digits}`])
      .executeTakeFirst();
    if (Number(attached.numUpdatedRows) > 0) continue;
    await tx.insertInto('media').values({
      id: newId(), workspace_id: workspaceId, submission_id: submissionId, contact_phone: claim.contactPhone, field: claim.field, item_index: claim.index,
      media_id: claim.mediaId, file_name: claim.fileName, mime_type: claim.mimeType ?? 'application/octet-stream', size: null, sha256: null, storage_key: null,
      status: 'failed', error: UPLOAD_NOT_FOUND_ERROR, created_at: ms, updated_at: ms,
    }).execute();
  }
}

type Row = {
  id: string; workspace_id: string; submission_id: string; contact_phone: string; field: string; item_index: number; media_id: string; file_name: string;
  mime_type: string; size: number | null; sha256: string | null; storage_key: string | null; status: string; error: string | null; created_at: number; updated_at: number;
};

/** Creates the media repository over a database handle. */
export function createMediaRepository(db: Executor): MediaRepository {
  const findItem = async (workspaceId: string, submissionId: string, field: string, index: number): Promise<Media | undefined> => {
    const row = await db.selectFrom('media').selectAll().where('workspace_id', '=', workspaceId).where('submission_id', '=', submissionId).where('field', '=', field).where('item_index', '=', index).executeTakeFirst();
    return row && toMedia(row);
  };
  const upsert = async (workspaceId: string, input: MediaItemInput, values: Pick<Row, 'size' | 'sha256' | 'storage_key' | 'status' | 'error'>, onlyIfNotStored: boolean): Promise<Media> => {
    const at = toEpochMs(input.at);
    const described = { media_id: input.mediaId, file_name: input.fileName, mime_type: input.mimeType, ...values, updated_at: at };
    await db
      .insertInto('media')
      .values({ id: newId(), workspace_id: workspaceId, submission_id: input.submissionId, contact_phone: input.contactPhone, field: input.field, item_index: input.index, created_at: at, ...described })
      .onConflict((oc) => {
        const target = oc.columns(['workspace_id', 'submission_id', 'field', 'item_index']);
        return onlyIfNotStored ? target.doUpdateSet(described).where('media.status', '<>', 'stored') : target.doUpdateSet(described);
      })
      .execute();
    const stored = await findItem(workspaceId, input.submissionId, input.field, input.index);
    if (stored === undefined) throw new Error(`media ${input.submissionId}/${input.field}/${input.index} vanished while it was written`);
    return stored;
  };
  return {
    recordStored(workspaceId, input) {
      return upsert(workspaceId, input, { size: input.size, sha256: input.sha256, storage_key: input.storageKey, status: 'stored', error: null }, false);
    },
    recordFailed(workspaceId, input) {
      return upsert(workspaceId, input, { size: null, sha256: null, storage_key: null, status: 'failed', error: input.error.slice(0, 1000) }, true);
    },
    async find(workspaceId, id) {
      const row = await db.selectFrom('media').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
      return row && toMedia(row);
    },
    async listForSubmission(workspaceId, submissionId) {
      const rows = await db.selectFrom('media').selectAll().where('workspace_id', '=', workspaceId).where('submission_id', '=', submissionId).orderBy('field').orderBy('item_index').execute();
      return rows.map(toMedia);
    },
    async listForContact(workspaceId, contactPhone) {
      const rows = await db.selectFrom('media').selectAll().where('workspace_id', '=', workspaceId).where('contact_phone', '=', contactPhone).orderBy('created_at').orderBy('id').execute();
      return rows.map(toMedia);
    },
    async forgetErased(workspaceId, storageKeys) {
      if (storageKeys.length === 0) return 0;
      const result = await db.deleteFrom('media').where('workspace_id', '=', workspaceId).where('status', '=', 'erased').where('storage_key', 'in', [...storageKeys]).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async recordUpload(workspaceId, input) {
      const at = toEpochMs(input.at);
      const row: Row = {
        id: newId(), workspace_id: workspaceId, submission_id: toUploadOwner(input.mediaId), contact_phone: input.contactPhone, field: input.field, item_index: 0,
        media_id: input.mediaId, file_name: input.fileName, mime_type: input.mimeType, size: input.size, sha256: input.sha256, storage_key: input.storageKey,
        status: 'uploaded', error: null, created_at: at, updated_at: at,
      };
      await db.insertInto('media').values(row).execute();
      return toMedia(row);
    },
    async uploadUsage(workspaceId) {
      const row = await db.selectFrom('media')
        .select((eb) => [eb.fn.countAll().as('count'), eb.fn.sum<number | string | null>('size').as('bytes')])
        .where('workspace_id', '=', workspaceId).where('status', 'in', ['uploaded', 'expired'])
        .executeTakeFirst();
      // PostgreSQL answers count and sum as text (bigint, numeric).
      return { count: Number(row?.count ?? 0), bytes: Number(row?.bytes ?? 0) };
    },
    async expireUploads(workspaceId, options) {
      const stale = await db.selectFrom('media').select('id').where('workspace_id', '=', workspaceId).where('status', '=', 'uploaded')
        .where('created_at', '<', toEpochMs(options.before)).orderBy('created_at').limit(options.limit).execute();
      if (stale.length > 0) {
        // Still `uploaded`: one attached since the read above stays the submission's.
        await db.updateTable('media').set({ status: 'expired', updated_at: toEpochMs(options.at) })
          .where('workspace_id', '=', workspaceId).where('id', 'in', stale.map((r) => r.id)).where('status', '=', 'uploaded').execute();
      }
      const expired = await db.selectFrom('media').select('storage_key').where('workspace_id', '=', workspaceId).where('status', '=', 'expired')
        .where('storage_key', 'is not', null).orderBy('created_at').limit(options.limit).execute();
      return expired.flatMap((r) => (r.storage_key === null ? [] : [r.storage_key]));
    },
    async forgetExpired(workspaceId, storageKeys) {
      if (storageKeys.length === 0) return 0;
      const result = await db.deleteFrom('media').where('workspace_id', '=', workspaceId).where('status', '=', 'expired').where('storage_key', 'in', [...storageKeys]).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async deleteForContact(workspaceId, contactPhone) {
      const rows = await db.deleteFrom('media').where('workspace_id', '=', workspaceId).where('contact_phone', '=', contactPhone).returningAll().execute();
      return rows.map(toMedia);
    },
  };
}

function toMedia(row: Row): Media {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    submissionId: row.submission_id,
    contactPhone: row.contact_phone,
    field: row.field,
    index: row.item_index,
    mediaId: row.media_id,
    fileName: row.file_name,
    mimeType: row.mime_type,
    size: row.size,
    sha256: row.sha256,
    storageKey: row.storage_key,
    status: row.status === 'stored' || row.status === 'uploaded' ? row.status : 'failed',
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
