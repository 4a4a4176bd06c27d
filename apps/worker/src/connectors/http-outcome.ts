import { delivered, permanentFailure, retry, type DeliveryResult } from '../delivery-result.js';
import type { PostResult } from '../http/post-json.js';

/** Maps an HTTP answer to a delivery result: 2xx delivered; 408, 425, 429 and 5xx retried (honouring Retry-After); other statuses permanent. */
export function toDeliveryResult(result: PostResult, now: number): DeliveryResult {
  if (!result.ok) return result.kind === 'refused' || result.kind === 'invalid_url' ? permanentFailure(result.error) : retry(result.error);
  const { status } = result;
  if (status >= 200 && status < 300) return delivered(status);
  const detail = `HTTP ${status}${result.body === '' ? '' : `: ${result.body.slice(0, 200)}`}`;
  if (status === 408 || status === 425 || status === 429 || status >= 500) return retry(detail, status, retryAfterMs(result.headers['retry-after'], now));
  return permanentFailure(detail, status);
}

function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (header === undefined) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
