import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseMediaFetchPayload, type MediaFetchPayload } from '@flowline/core';
import type { ClaimedAction } from '@flowline/storage';
import type { ConnectorContext, Job } from '../connectors/connector.js';
import { permanentFailure, retry, type DeliveryResult } from '../delivery-result.js';
import { fetchCdnMedia } from './fetch-cdn-media.js';
import { fetchCloudMedia, FLOW_ANSWER_MEDIA_MAX_BYTES, FLOW_MEDIA_FILE_MAX_BYTES, messageMediaMaxBytes, type FetchedMedia, type ResolveCloudMedia } from './fetch-cloud-media.js';
import type { MediaStore } from './media-store.js';
import { mediaTypeOf } from './media-type-of.js';

/** Options of the `media.fetch` job. */
export interface MediaFetchOptions {
  readonly store: MediaStore;
  /** Largest file accepted (FLOWLINE_MEDIA_MAX_BYTES, default 100 MiB; WhatsApp allows 25 MiB a file, platform spec §5.3). */
  readonly maxBytes?: number;
  /** Deadline of one download, body included (FLOWLINE_MEDIA_TIMEOUT_MS, default 120 s). */
  readonly timeoutMs?: number;
  /** Resolves Cloud API media ids (§6.3 completions) through the workspace's WhatsApp connection; without it such files fail, saying why. */
  readonly resolveCloudMedia?: ResolveCloudMedia;
}

/** Default largest CDN file: 100 MiB, WhatsApp's limit for all the files of one answer (platform spec §5.3). */
export const DEFAULT_MEDIA_MAX_BYTES = 100 * 1024 * 1024;

/**
 * The store key of a submission's file: stable, so a redelivered action overwrites rather than adds. An
 * owner that is not a plain id (a message's `message:<wamid>`) is named by its hash: keys hold safe characters only.
 */
export function mediaKeyOf(workspaceId: string, payload: MediaFetchPayload): string {
  const field = createHash('sha256').update(payload.reference.field).digest('hex').slice(0, 12);
  const owner = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,80}$/.test(payload.submissionId) ? payload.submissionId : `m-${createHash('sha256').update(payload.submissionId).digest('hex').slice(0, 40)}`;
  return `${workspaceId}/${owner}-${field}-${payload.reference.index}`;
}

/**
 * The job of a `media.fetch` outbox action: fetches one PhotoPicker/DocumentPicker file, an encrypted
 * CDN file (platform spec §6.4, `fetchCdnMedia`) or a Cloud API media id (§6.3, `fetchCloudMedia`; also
 * the file of a customer's media message in the chat), each
 * verified as it streams to the scratch folder; hands it to the media store and records the `media` row
 * in the transaction that marks the action delivered. What retrying can fix is retried by the outbox;
 * anything else is a permanent failure, recorded on the row so the operator sees why.
 */
export function createMediaFetchJob(options: MediaFetchOptions): Job {
  const maxBytes = options.maxBytes ?? DEFAULT_MEDIA_MAX_BYTES;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const { store } = options;
  return async (action, context) => {
    const parsed = parseMediaFetchPayload(action.payload);
    if (!parsed.ok) return permanentFailure(`unreadable media.fetch payload: ${parsed.message}`);
    const payload = parsed.payload;
    const fail = async (result: DeliveryResult): Promise<DeliveryResult> => {
      if (result.outcome === 'delivered') return result;
      const last = result.outcome === 'failed' || action.attempts >= action.maxAttempts;
      if (last) await recordFailed(action, payload, context, result.error);
      return result;
    };
    await mkdir(store.scratchDir, { recursive: true, mode: 0o700 });
    const destination = join(store.scratchDir, randomBytes(12).toString('hex'));
    const reference = payload.reference;
    let fetched: FetchedMedia;
    switch (reference.source) {
      case 'cdn':
        fetched = await fetchCdnMedia({ reference, destination, privateHttp: context.privateHttp, timeoutMs, maxBytes });
        break;
      case 'cloud_api': {
        // A chat message's file is bounded by its type; a Flow answer's by the picker's 25 MiB and the answer's 100 MiB.
        let limits: { maxBytes: number; roomBytes: number };
        if (payload.origin === 'message') {
          limits = { maxBytes: Math.min(maxBytes, messageMediaMaxBytes(reference.field)), roomBytes: Number.POSITIVE_INFINITY };
        } else {
          let others: number;
          try {
            others = await storedBytesBeside(action.workspaceId, payload, context);
          } catch (error) {
            return fail(retry(`storage: ${error instanceof Error ? error.message : String(error)}`));
          }
          limits = { maxBytes: Math.min(maxBytes, FLOW_MEDIA_FILE_MAX_BYTES), roomBytes: Math.max(0, FLOW_ANSWER_MEDIA_MAX_BYTES - others) };
        }
        fetched = await fetchCloudMedia({ workspaceId: action.workspaceId, reference, resolve: options.resolveCloudMedia, destination, privateHttp: context.privateHttp, timeoutMs, ...limits });
        break;
      }
    }
    if (!fetched.ok) return fail(fetched.result);
    const info = { size: fetched.written.size, sha256: fetched.written.sha256, contentType: mediaTypeOf(reference.fileName, fetched.mimeType) };
    const key = mediaKeyOf(action.workspaceId, payload);
    try {
      await store.put(key, destination, info);
    } catch (error) {
      await rm(destination, { force: true });
      return fail(retry(`media store: ${error instanceof Error ? error.message : String(error)}`));
    }
    return context.commitDelivered(async (tx) => {
      await tx.media.recordStored(action.workspaceId, { ...itemOf(payload, context, fetched.mimeType), size: info.size, sha256: info.sha256, storageKey: key });
      return undefined;
    });
  };
}

/** Bytes of the submission's other stored files: a completion's files share WhatsApp's 100 MiB. */
async function storedBytesBeside(workspaceId: string, payload: MediaFetchPayload, context: ConnectorContext): Promise<number> {
  const files = await context.storage.media.listForSubmission(workspaceId, payload.submissionId);
  const { field, index } = payload.reference;
  return files.filter((m) => m.status === 'stored' && !(m.field === field && m.index === index)).reduce((sum, m) => sum + (m.size ?? 0), 0);
}

function itemOf(payload: MediaFetchPayload, context: ConnectorContext, mimeType: string | undefined = payload.reference.mimeType) {
  const { reference } = payload;
  return {
    submissionId: payload.submissionId,
    contactPhone: payload.contactPhone,
    field: reference.field,
    index: reference.index,
    mediaId: reference.mediaId,
    fileName: reference.fileName,
    mimeType: mediaTypeOf(reference.fileName, mimeType),
    at: context.now(),
  };
}

async function recordFailed(action: ClaimedAction, payload: MediaFetchPayload, context: ConnectorContext, error: string): Promise<void> {
  try {
    await context.storage.media.recordFailed(action.workspaceId, { ...itemOf(payload, context), error });
  } catch {
    // The outbox keeps the error too (dead letter); the row is a courtesy to the operator.
  }
}
