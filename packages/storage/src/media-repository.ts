import type { Executor } from './executor.js';
import { toEpochMs, type Instant } from './instant.js';
import { newId } from './new-id.js';

/** What became of a submission's file: kept in the media store, or given up on (with why). */
export type MediaStatus = 'stored' | 'failed';

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
    status: row.status === 'stored' ? 'stored' : 'failed',
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
