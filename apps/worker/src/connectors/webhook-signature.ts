import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying the signature of a Flowline webhook. */
export const SIGNATURE_HEADER = 'X-Flowline-Signature';

/** The signature header value for a body: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export function signWebhookBody(secret: string, body: string, timestampSec: number): string {
  const t = Math.floor(timestampSec);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

/**
 * Checks a received webhook (what a receiver does): the header's HMAC over `t.body` must match and
 * `t` must be within `toleranceSec` (default 300) of `nowSec`, which stops replays of old deliveries.
 */
export function verifyWebhookSignature(secret: string, header: string | undefined, body: string, nowSec: number, toleranceSec = 300): { ok: true; timestamp: number } | { ok: false; reason: string } {
  if (header === undefined) return { ok: false, reason: 'missing signature header' };
  const parts = new Map(header.split(',').map((p) => [p.slice(0, p.indexOf('=')).trim(), p.slice(p.indexOf('=') + 1).trim()] as const));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) return { ok: false, reason: 'malformed signature header' };
  if (Math.abs(nowSec - t) > toleranceSec) return { ok: false, reason: 'timestamp outside the tolerance' };
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex')) ? { ok: true, timestamp: t } : { ok: false, reason: 'signature does not match' };
}
