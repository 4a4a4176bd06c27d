import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseMediaFetchPayload, type MediaFetchPayload } from '@flowline/core';
import { createMediaFileWriter, isProtocolError, type MediaFileWriter } from '@flowline/protocol';
import type { ClaimedAction } from '@flowline/storage';
import type { ConnectorContext, Job } from '../connectors/connector.js';
import { permanentFailure, retry, type DeliveryResult } from '../delivery-result.js';
import { sendOutbound } from '../http/send-outbound.js';
import type { MediaStore } from './media-store.js';
import { mediaTypeOf } from './media-type-of.js';

/** Options of the `media.fetch` job. */
export interface MediaFetchOptions {
  readonly store: MediaStore;
  /** Largest CDN file accepted (FLOWLINE_MEDIA_MAX_BYTES, default 100 MiB; WhatsApp allows 25 MiB a file, platform spec §5.3). */
  readonly maxBytes?: number;
  /** Deadline of one download, body included (FLOWLINE_MEDIA_TIMEOUT_MS, default 120 s). */
  readonly timeoutMs?: number;
}

/** Default largest CDN file: 100 MiB, WhatsApp's limit for all the files of one answer (platform spec §5.3). */
export const DEFAULT_MEDIA_MAX_BYTES = 100 * 1024 * 1024;

/** The store key of a submission's file: stable, so a redelivered action overwrites rather than adds. */
export function mediaKeyOf(workspaceId: string, payload: MediaFetchPayload): string {
  const field = createHash('sha256').update(payload.reference.field).digest('hex').slice(0, 12);
  return `${workspaceId}/${payload.submissionId}-${field}-${payload.reference.index}`;
}

/**
 * The job of a `media.fetch` outbox action: downloads one PhotoPicker/DocumentPicker file from its
 * `cdn_url` through the outbound address guard (bounded in size and time), verifies and decrypts it as
 * it streams to the scratch folder (platform spec §6.4), hands it to the media store and records the
 * `media` row in the transaction that marks the action delivered. A CDN that fails or answers 5xx is
 * retried by the outbox; a refused address, a file over the limit or one that fails its checks is a
 * permanent failure, recorded on the row so the operator sees why.
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
    let writer: MediaFileWriter;
    try {
      writer = createMediaFileWriter(payload.reference.encryptionMetadata, destination);
    } catch (error) {
      return fail(permanentFailure(`media ${payload.reference.mediaId}: ${error instanceof Error ? error.message : String(error)}`));
    }
    const result = await sendOutbound({ url: payload.reference.cdnUrl, privateHttp: context.privateHttp, timeoutMs, maxResponseBytes: maxBytes, maxRedirects: 3, sink: writer });
    if (writer.written === undefined) {
      writer.destroy();
      await writer.settled();
      return fail(downloadFailure(result, writer, maxBytes));
    }
    const info = { size: writer.written.size, sha256: writer.written.sha256, contentType: mediaTypeOf(payload.reference.fileName, payload.reference.mimeType) };
    const key = mediaKeyOf(action.workspaceId, payload);
    try {
      await store.put(key, destination, info);
    } catch (error) {
      await rm(destination, { force: true });
      return fail(retry(`media store: ${error instanceof Error ? error.message : String(error)}`));
    }
    return context.commitDelivered(async (tx) => {
      await tx.media.recordStored(action.workspaceId, { ...itemOf(payload, context), size: info.size, sha256: info.sha256, storageKey: key });
      return undefined;
    });
  };
}

function downloadFailure(result: Awaited<ReturnType<typeof sendOutbound>>, writer: MediaFileWriter, maxBytes: number): DeliveryResult {
  const cause: unknown = writer.errored;
  if (isProtocolError(cause)) return permanentFailure(`the file failed its checks: ${cause.code}`);
  if (!result.ok) {
    // An address the guard refuses, or a URL that is not one, will not change on a retry.
    return result.kind === 'refused' || result.kind === 'invalid_url' || result.kind === 'redirects' ? permanentFailure(`download: ${result.error}`) : retry(`download: ${result.error}`);
  }
  const status = result.status;
  if (status >= 500 || status === 408 || status === 429) return retry(`the CDN answered ${status}`, status);
  if (status >= 200 && status < 300 && result.truncated) return permanentFailure(`the file is larger than ${maxBytes} bytes`);
  // 403/404/410: the CDN keeps files 20 days (platform spec §6.4); gone stays gone.
  return permanentFailure(`the CDN answered ${status}`, status);
}

function itemOf(payload: MediaFetchPayload, context: ConnectorContext) {
  const { reference } = payload;
  return {
    submissionId: payload.submissionId,
    contactPhone: payload.contactPhone,
    field: reference.field,
    index: reference.index,
    mediaId: reference.mediaId,
    fileName: reference.fileName,
    mimeType: mediaTypeOf(reference.fileName, reference.mimeType),
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
