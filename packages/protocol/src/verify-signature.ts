import { createHmac, timingSafeEqual } from 'node:crypto';
import { ProtocolError } from './protocol-error.js';

const HEADER_SHAPE = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Checks an `X-Hub-Signature-256` header against the raw request bytes in constant time
 * (platform spec §1.7, §6.1). Several app secrets may be given for a rotation grace period.
 * Throws ERR_SIGNATURE_MISSING, ERR_SIGNATURE_MALFORMED or ERR_SIGNATURE_INVALID (HTTP 432).
 */
export function verifySignature(
  rawBody: Buffer | string,
  header: string | readonly string[] | null | undefined,
  appSecret: string | readonly string[],
): void {
  const values = header === undefined || header === null ? [] : typeof header === 'string' ? [header] : header;
  if (values.length > 1) throw new ProtocolError('ERR_SIGNATURE_MALFORMED', 'more than one X-Hub-Signature-256 header');
  const value = values[0];
  if (value === undefined || value === '') throw new ProtocolError('ERR_SIGNATURE_MISSING', 'X-Hub-Signature-256 header is missing');
  const match = HEADER_SHAPE.exec(value.trim());
  if (match === null || match[1] === undefined) {
    throw new ProtocolError('ERR_SIGNATURE_MALFORMED', 'X-Hub-Signature-256 must be "sha256=" followed by 64 hex digits');
  }
  const expected = Buffer.from(match[1], 'hex');
  const secrets = typeof appSecret === 'string' ? [appSecret] : appSecret;
  if (secrets.length === 0) throw new ProtocolError('ERR_SIGNATURE_INVALID', 'no app secret is configured');
  let valid = false;
  // Check every secret (no early exit) so timing does not reveal which one matched.
  for (const secret of secrets) {
    const actual = createHmac('sha256', secret).update(rawBody).digest();
    valid = timingSafeEqual(actual, expected) || valid;
  }
  if (!valid) throw new ProtocolError('ERR_SIGNATURE_INVALID', 'X-Hub-Signature-256 does not match the request body');
}
