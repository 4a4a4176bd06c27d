import { createHmac } from 'node:crypto';

/** Options of signFlowTokenSignature. */
export interface SignFlowTokenSignatureOptions {
  /** Issue time (the clock is passed in). */
  now: Date;
  /** Lifetime in seconds; `exp` is omitted when null (default 3600). */
  expiresInSeconds?: number | null;
  /** Claim carrying the flow token (default `flow_token`; Meta does not document the name). */
  claim?: string;
  /** Further claims to include. */
  extraClaims?: Readonly<Record<string, unknown>>;
}

/** Base64url without padding (RFC 7515 §2). */
export function toBase64Url(bytes: Buffer | string): string {
  return Buffer.from(bytes).toString('base64url');
}

/**
 * Signs a Data API 4.0 `flow_token_signature`: a JWT (HS256, keyed with the Meta app secret) whose
 * payload carries the flow token (platform spec §1.4). For the simulator and tests.
 */
export function signFlowTokenSignature(flowToken: string, appSecret: string, options: SignFlowTokenSignatureOptions): string {
  const iat = Math.floor(options.now.getTime() / 1000);
  const expiresIn = options.expiresInSeconds === undefined ? 3600 : options.expiresInSeconds;
  const claims: Record<string, unknown> = { ...options.extraClaims, [options.claim ?? 'flow_token']: flowToken, iat };
  if (expiresIn !== null) claims['exp'] = iat + expiresIn;
  const signingInput = `${toBase64Url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${toBase64Url(JSON.stringify(claims))}`;
  return `${signingInput}.${createHmac('sha256', appSecret).update(signingInput).digest('base64url')}`;
}
