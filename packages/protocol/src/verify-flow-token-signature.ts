import { createHmac, timingSafeEqual } from 'node:crypto';
import { ProtocolError } from './protocol-error.js';

/** Options of verifyFlowTokenSignature. */
export interface VerifyFlowTokenSignatureOptions {
  /** The request's `flow_token`, which the JWT must carry. */
  flowToken: string;
  /** Current time (the clock is passed in). */
  now: Date;
  /** Claim carrying the flow token (default `flow_token`; Meta does not document the name). */
  claim?: string;
  /** Allowed clock skew for `exp`, `nbf` and `iat`, in seconds (default 60). */
  clockToleranceSeconds?: number;
  /** Reject a JWT without `exp` (default false). */
  requireExpiry?: boolean;
}

const SEGMENT = /^[A-Za-z0-9_-]+$/;

/**
 * Verifies a Data API 4.0 `flow_token_signature` (platform spec §1.4, §1.9): an HS256 JWT signed
 * with the app secret (several allowed during rotation), not expired, carrying the request's flow
 * token. Returns its claims; failures throw ERR_FLOW_TOKEN_SIGNATURE, ERR_FLOW_TOKEN_SIGNATURE_EXPIRED
 * or ERR_FLOW_TOKEN_MISMATCH (HTTP 427).
 */
export function verifyFlowTokenSignature(
  jwt: unknown,
  appSecret: string | readonly string[],
  options: VerifyFlowTokenSignatureOptions,
): Record<string, unknown> {
  if (typeof jwt !== 'string' || jwt === '') throw fail('flow_token_signature is missing');
  const parts = jwt.split('.');
  const [headerPart, payloadPart, signaturePart] = parts;
  if (parts.length !== 3 || headerPart === undefined || payloadPart === undefined || signaturePart === undefined) {
    throw fail('flow_token_signature is not a compact JWT');
  }
  if (!SEGMENT.test(headerPart) || !SEGMENT.test(payloadPart) || !SEGMENT.test(signaturePart)) {
    throw fail('flow_token_signature has a segment that is not base64url');
  }
  const header = decodeJsonSegment(headerPart);
  // Only HS256 is accepted: never "none", never an algorithm chosen by the token.
  if (header['alg'] !== 'HS256') throw fail('flow_token_signature must use alg HS256');
  const signature = Buffer.from(signaturePart, 'base64url');
  const signingInput = `${headerPart}.${payloadPart}`;
  const secrets = typeof appSecret === 'string' ? [appSecret] : appSecret;
  let valid = false;
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(signingInput).digest();
    valid = (expected.length === signature.length && timingSafeEqual(expected, signature)) || valid;
  }
  if (!valid) throw fail('flow_token_signature does not verify with the app secret');

  const claims = decodeJsonSegment(payloadPart);
  checkTimes(claims, options);
  if (claims[options.claim ?? 'flow_token'] !== options.flowToken) {
    throw new ProtocolError('ERR_FLOW_TOKEN_MISMATCH', 'flow_token_signature does not carry the request flow_token');
  }
  return claims;
}

function checkTimes(claims: Record<string, unknown>, options: VerifyFlowTokenSignatureOptions): void {
  const now = options.now.getTime() / 1000;
  const tolerance = options.clockToleranceSeconds ?? 60;
  const exp = numericClaim(claims, 'exp');
  const nbf = numericClaim(claims, 'nbf');
  const iat = numericClaim(claims, 'iat');
  if (exp === undefined && options.requireExpiry === true) throw fail('flow_token_signature has no exp claim');
  if (exp !== undefined && now >= exp + tolerance) {
    throw new ProtocolError('ERR_FLOW_TOKEN_SIGNATURE_EXPIRED', 'flow_token_signature has expired');
  }
  if (nbf !== undefined && now < nbf - tolerance) throw fail('flow_token_signature is not valid yet (nbf)');
  if (iat !== undefined && now < iat - tolerance) throw fail('flow_token_signature was issued in the future (iat)');
}

function numericClaim(claims: Record<string, unknown>, name: string): number | undefined {
  const value = claims[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw fail(`flow_token_signature claim ${name} must be a number`);
  return value;
}

function decodeJsonSegment(segment: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw fail('flow_token_signature has a segment that is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail('flow_token_signature has a segment that is not a JSON object');
  return value as Record<string, unknown>;
}

function fail(message: string): ProtocolError {
  return new ProtocolError('ERR_FLOW_TOKEN_SIGNATURE', message);
}
