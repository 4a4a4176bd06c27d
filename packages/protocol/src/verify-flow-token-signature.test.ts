import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { isProtocolError, type ProtocolErrorCode } from './protocol-error.js';
import { signFlowTokenSignature, toBase64Url } from './sign-flow-token-signature.js';
import { verifyFlowTokenSignature } from './verify-flow-token-signature.js';

const secret = 'app-secret-for-tests';
const now = new Date('2026-03-01T12:00:00Z');
const token = 'flow-token-123';

/** Builds an HS256 JWT from raw header and claims (to craft hostile tokens). */
function craft(header: unknown, claims: unknown, key = secret): string {
  const input = `${toBase64Url(JSON.stringify(header))}.${toBase64Url(JSON.stringify(claims))}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

function rejects(run: () => unknown, code: ProtocolErrorCode): void {
  assert.throws(run, (e) => isProtocolError(e, code) && e.status === 427);
}

describe('flow_token_signature', () => {
  it('verifies a token it signed and returns the claims', () => {
    const jwt = signFlowTokenSignature(token, secret, { now });
    const claims = verifyFlowTokenSignature(jwt, secret, { flowToken: token, now });
    assert.equal(claims['flow_token'], token);
    assert.equal(claims['exp'], Math.floor(now.getTime() / 1000) + 3600);
  });

  it('signs a standard HS256 JWT that an independent HMAC check accepts', () => {
    const jwt = signFlowTokenSignature(token, secret, { now });
    const [h, p, s] = jwt.split('.');
    assert.deepEqual(JSON.parse(Buffer.from(h ?? '', 'base64url').toString()), { alg: 'HS256', typ: 'JWT' });
    assert.equal(s, createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url'));
  });

  it('accepts a custom claim name and the old secret during rotation', () => {
    const jwt = signFlowTokenSignature(token, 'old', { now, claim: 'sub' });
    assert.doesNotThrow(() => verifyFlowTokenSignature(jwt, ['new', 'old'], { flowToken: token, now, claim: 'sub' }));
  });

  it('rejects a token signed with another secret', () => {
    rejects(() => verifyFlowTokenSignature(signFlowTokenSignature(token, 'other', { now }), secret, { flowToken: token, now }), 'ERR_FLOW_TOKEN_SIGNATURE');
  });

  it('rejects a token carrying another flow token with ERR_FLOW_TOKEN_MISMATCH', () => {
    rejects(() => verifyFlowTokenSignature(signFlowTokenSignature('someone-else', secret, { now }), secret, { flowToken: token, now }), 'ERR_FLOW_TOKEN_MISMATCH');
  });

  it('rejects an expired token with ERR_FLOW_TOKEN_SIGNATURE_EXPIRED, honouring the clock tolerance', () => {
    const jwt = signFlowTokenSignature(token, secret, { now, expiresInSeconds: 60 });
    const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);
    assert.doesNotThrow(() => verifyFlowTokenSignature(jwt, secret, { flowToken: token, now: later(100) }));
    rejects(() => verifyFlowTokenSignature(jwt, secret, { flowToken: token, now: later(121) }), 'ERR_FLOW_TOKEN_SIGNATURE_EXPIRED');
    rejects(() => verifyFlowTokenSignature(jwt, secret, { flowToken: token, now: later(61), clockToleranceSeconds: 0 }), 'ERR_FLOW_TOKEN_SIGNATURE_EXPIRED');
  });

  it('rejects a token without exp only when expiry is required', () => {
    const jwt = signFlowTokenSignature(token, secret, { now, expiresInSeconds: null });
    assert.doesNotThrow(() => verifyFlowTokenSignature(jwt, secret, { flowToken: token, now }));
    rejects(() => verifyFlowTokenSignature(jwt, secret, { flowToken: token, now, requireExpiry: true }), 'ERR_FLOW_TOKEN_SIGNATURE');
  });

  it('rejects a token not yet valid or issued in the future', () => {
    const t = Math.floor(now.getTime() / 1000);
    rejects(() => verifyFlowTokenSignature(craft({ alg: 'HS256' }, { flow_token: token, nbf: t + 600 }), secret, { flowToken: token, now }), 'ERR_FLOW_TOKEN_SIGNATURE');
    rejects(() => verifyFlowTokenSignature(craft({ alg: 'HS256' }, { flow_token: token, iat: t + 600 }), secret, { flowToken: token, now }), 'ERR_FLOW_TOKEN_SIGNATURE');
  });

  it('rejects alg none and other algorithms', () => {
    const claims = { flow_token: token };
    const unsigned = `${toBase64Url(JSON.stringify({ alg: 'none' }))}.${toBase64Url(JSON.stringify(claims))}.`;
    rejects(() => verifyFlowTokenSignature(unsigned, secret, { flowToken: token, now }), 'ERR_FLOW_TOKEN_SIGNATURE');
    rejects(() => verifyFlowTokenSignature(craft({ alg: 'HS512' }, claims), secret, { flowToken: token, now }), 'ERR_FLOW_TOKEN_SIGNATURE');
  });

  it('rejects a non-numeric exp claim', () => {
    rejects(() => verifyFlowTokenSignature(craft({ alg: 'HS256' }, { flow_token: token, exp: 'soon' }), secret, { flowToken: token, now }), 'ERR_FLOW_TOKEN_SIGNATURE');
  });

  for (const bad of [undefined, '', 'abc', 'a.b', 'a.b.c.d', 'a$.b.c', '!!.e30.abc']) {
    it(`rejects the malformed value ${JSON.stringify(bad)} with ERR_FLOW_TOKEN_SIGNATURE`, () => {
      rejects(() => verifyFlowTokenSignature(bad, secret, { flowToken: token, now }), 'ERR_FLOW_TOKEN_SIGNATURE');
    });
  }

  it('rejects a tampered payload', () => {
    const [h, , s] = signFlowTokenSignature(token, secret, { now }).split('.');
    const forged = `${h}.${toBase64Url(JSON.stringify({ flow_token: token, exp: 9999999999 }))}.${s}`;
    rejects(() => verifyFlowTokenSignature(forged, secret, { flowToken: token, now }), 'ERR_FLOW_TOKEN_SIGNATURE');
  });
});
