import type { MediaReference } from '@flowline/core';
import { createMediaFileWriter, isProtocolError, type MediaFileWriter } from '@flowline/protocol';
import { permanentFailure, retry, type DeliveryResult } from '../delivery-result.js';
import type { PrivateHttpPolicy } from '../http/is-refused-address.js';
import { sendOutbound } from '../http/send-outbound.js';
import type { FetchedMedia } from './fetch-cloud-media.js';

/** What fetching one encrypted CDN file needs. */
export interface CdnMediaFetch {
  readonly reference: MediaReference;
  readonly destination: string;
  readonly privateHttp: PrivateHttpPolicy;
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

/**
 * Fetches one PhotoPicker/DocumentPicker file of platform spec §6.4: downloads `cdn_url` through the
 * outbound address guard (bounded in size and time) and verifies and decrypts it as it streams to the
 * destination. A CDN that fails or answers 5xx is retried by the outbox; a refused address, a file over
 * the limit or one that fails its checks is permanent.
 */
export async function fetchCdnMedia(input: CdnMediaFetch): Promise<FetchedMedia> {
  const { reference } = input;
  let writer: MediaFileWriter;
  try {
    writer = createMediaFileWriter(reference.encryptionMetadata, input.destination);
  } catch (error) {
    return { ok: false, result: permanentFailure(`media ${reference.mediaId}: ${error instanceof Error ? error.message : String(error)}`) };
  }
  const result = await sendOutbound({ url: reference.cdnUrl, privateHttp: input.privateHttp, timeoutMs: input.timeoutMs, maxResponseBytes: input.maxBytes, maxRedirects: 3, sink: writer });
  if (writer.written !== undefined) return { ok: true, written: writer.written, mimeType: reference.mimeType };
  writer.destroy();
  await writer.settled();
  return { ok: false, result: downloadFailure(result, writer, input.maxBytes) };
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
