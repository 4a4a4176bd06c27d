import { createHmac } from 'node:crypto';

/** The `X-Hub-Signature-256` value for a raw body: `sha256=` + lowercase hex HMAC-SHA256 keyed with the app secret (platform spec §1.7). */
export function signBody(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}
