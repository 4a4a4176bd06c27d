import type { CloudMediaReference } from '@flowline/core';
import { createCheckedMediaFileWriter, decodeMediaSha256, isProtocolError, type MediaFileWriter, type WrittenMedia } from '@flowline/protocol';
import { permanentFailure, retry, type DeliveryResult } from '../delivery-result.js';
import type { PrivateHttpPolicy } from '../http/is-refused-address.js';
import { sendOutbound } from '../http/send-outbound.js';

/** Where Graph says a Cloud API media file can be downloaded, and as whom (`GET /{media-id}`). */
export interface CloudMediaLocation {
  /** The download URL; Meta's lasts a few minutes and needs the access token. */
  readonly url: string;
  /** The connection's access token, sent as a Bearer header to `url` only. */
  readonly accessToken: string;
  /** SHA-256 of the file as Graph states it (hex in Meta's reference). */
  readonly sha256: string | undefined;
  readonly mimeType: string | undefined;
  /** Size in bytes as Graph states it (a string in Meta's reference, read as a number). */
  readonly fileSize: number | undefined;
}

/** A resolved media id, or why it could not be: `retry` says whether asking again later may succeed. */
export type CloudMediaResolution =
  | { readonly ok: true; readonly location: CloudMediaLocation }
  | { readonly ok: false; readonly retry: boolean; readonly status?: number; readonly message: string };

/**
 * Resolves a Cloud API media id through the workspace's WhatsApp connection (the server's Graph client;
 * the worker does not hold connections itself). Never throws.
 */
export type ResolveCloudMedia = (workspaceId: string, mediaId: string) => Promise<CloudMediaResolution>;

/** Largest file a PhotoPicker/DocumentPicker takes: `max-file-size-kb` is at most 25 600 KiB (platform spec §5.3). */
export const FLOW_MEDIA_FILE_MAX_BYTES = 25_600 * 1024;
/** Most bytes of all the files of one completion: 100 MiB (platform spec §5.3, §6.3). */
export const FLOW_ANSWER_MEDIA_MAX_BYTES = 100 * 1024 * 1024;

/**
 * Largest file of each type a customer sends in the chat, as Meta's Cloud API documents its supported media
 * (audio 16 MB, document 100 MB, image 5 MB, animated sticker 500 KB, video 16 MB); read as binary units, so a
 * file Meta accepted is never refused for a rounding. An unknown type gets the document's bound.
 */
export const MESSAGE_MEDIA_MAX_BYTES: Readonly<Record<string, number>> = {
  audio: 16 * 1024 * 1024,
  document: 100 * 1024 * 1024,
  image: 5 * 1024 * 1024,
  sticker: 500 * 1024,
  video: 16 * 1024 * 1024,
};

/** The bound of a chat message's file by its message type. */
export function messageMediaMaxBytes(type: string): number {
  return MESSAGE_MEDIA_MAX_BYTES[type] ?? MESSAGE_MEDIA_MAX_BYTES['document'] ?? 100 * 1024 * 1024;
}

/** A fetched file, verified and waiting at the destination, or the delivery result that says why not. */
export type FetchedMedia = { readonly ok: true; readonly written: WrittenMedia; readonly mimeType: string | undefined } | { readonly ok: false; readonly result: DeliveryResult };

/** What fetching one Cloud API media file needs. */
export interface CloudMediaFetch {
  readonly workspaceId: string;
  readonly reference: CloudMediaReference;
  readonly resolve: ResolveCloudMedia | undefined;
  /** Where the verified file is left (in the store's scratch folder). */
  readonly destination: string;
  readonly privateHttp: PrivateHttpPolicy;
  readonly timeoutMs: number;
  /** Largest file accepted. */
  readonly maxBytes: number;
  /** Bytes the answer's other stored files leave of its 100 MiB. */
  readonly roomBytes: number;
}

// What a media URL may answer once it expired (Meta's lasts minutes): resolving the id again gives a fresh one.
const STALE_URL_STATUSES = new Set([401, 403, 404, 410]);

/**
 * Fetches one file of platform spec §6.3 ("download like any incoming media"): resolves the id through
 * the connection (`GET /{media-id}`), then downloads its `url` with the access token as a Bearer header,
 * through the outbound address guard, streamed and bounded, into a writer that keeps the file only when
 * its SHA-256 matches both Graph's and the webhook's. A URL that answers as if expired is resolved once
 * more within the attempt; everything else follows the outbox's rules (5xx, 408, 429 and network
 * failures retried; a refused token, a missing file or a failed check permanent).
 */
export async function fetchCloudMedia(input: CloudMediaFetch): Promise<FetchedMedia> {
  const { reference } = input;
  const failed = (result: DeliveryResult): FetchedMedia => ({ ok: false, result });
  if (input.resolve === undefined) return failed(permanentFailure(`media ${reference.mediaId}: this worker cannot reach the Cloud API (it was started without WhatsApp connections)`));
  for (let round = 1; ; round += 1) {
    const resolved = await input.resolve(input.workspaceId, reference.mediaId);
    if (!resolved.ok) {
      const message = `resolving media ${reference.mediaId}: ${resolved.message}`;
      return failed(resolved.retry ? retry(message, resolved.status) : permanentFailure(message, resolved.status));
    }
    const location = resolved.location;
    const digests: Buffer[] = [];
    for (const [who, text] of [['Graph', location.sha256], ['the answer', reference.sha256]] as const) {
      if (text === undefined) continue;
      const digest = decodeMediaSha256(text);
      if (digest === undefined) return failed(permanentFailure(`media ${reference.mediaId}: the sha256 ${who} gave is neither 64 hex digits nor the base64 of 32 bytes`));
      digests.push(digest);
    }
    if (location.fileSize !== undefined && location.fileSize > input.maxBytes) return failed(permanentFailure(`the file is larger than ${input.maxBytes} bytes (Graph states ${location.fileSize})`));
    if (location.fileSize !== undefined && location.fileSize > input.roomBytes) return failed(permanentFailure(tooMuchForTheAnswer()));
    let url: URL;
    try {
      url = new URL(location.url);
    } catch {
      return failed(permanentFailure(`media ${reference.mediaId}: Graph gave a download URL that does not parse`));
    }
    // The access token travels over TLS only; plain HTTP only to a host the operator allowed as private (a local stand-in).
    if (url.protocol !== 'https:' && input.privateHttp === 'none') return failed(permanentFailure(`media ${reference.mediaId}: Graph gave a ${url.protocol} download URL; the access token is only sent over https`));
    const limit = Math.min(input.maxBytes, input.roomBytes);
    let writer: MediaFileWriter;
    try {
      writer = createCheckedMediaFileWriter(digests, input.destination);
    } catch (error) {
      return failed(permanentFailure(`media ${reference.mediaId}: ${error instanceof Error ? error.message : String(error)}`));
    }
    const result = await sendOutbound({
      url: url.href, headers: { authorization: `Bearer ${location.accessToken}` }, privateHttp: input.privateHttp, timeoutMs: input.timeoutMs,
      maxResponseBytes: limit, maxRedirects: 3, sink: writer,
    });
    if (writer.written !== undefined) return { ok: true, written: writer.written, mimeType: reference.mimeType ?? location.mimeType };
    writer.destroy();
    await writer.settled();
    if (round === 1 && result.ok && STALE_URL_STATUSES.has(result.status) && !isProtocolError(writer.errored)) continue;
    return failed(downloadFailure(result, writer, limit, limit < input.maxBytes));
  }
}

function tooMuchForTheAnswer(): string {
  return `the answer's files would exceed ${FLOW_ANSWER_MEDIA_MAX_BYTES} bytes in all (WhatsApp's limit for one completion)`;
}

function downloadFailure(result: Awaited<ReturnType<typeof sendOutbound>>, writer: MediaFileWriter, limit: number, limitedByAnswer: boolean): DeliveryResult {
  const cause: unknown = writer.errored;
  if (isProtocolError(cause)) return permanentFailure(`the file failed its checks: ${cause.code}`);
  if (!result.ok) {
    return result.kind === 'refused' || result.kind === 'invalid_url' || result.kind === 'redirects' ? permanentFailure(`download: ${result.error}`) : retry(`download: ${result.error}`);
  }
  const status = result.status;
  if (status >= 500 || status === 408 || status === 429) return retry(`the media URL answered ${status}`, status);
  if (status >= 200 && status < 300 && result.truncated) return permanentFailure(limitedByAnswer ? tooMuchForTheAnswer() : `the file is larger than ${limit} bytes`);
  if (status === 401 || status === 403) return permanentFailure(`the media URL refused the access token (HTTP ${status}) even with a freshly resolved URL: check the token's whatsapp_business_messaging permission`, status);
  if (status === 404 || status === 410) return permanentFailure(`WhatsApp no longer serves this file (HTTP ${status}, also with a freshly resolved URL)`, status);
  return permanentFailure(`the media URL answered ${status}`, status);
}
