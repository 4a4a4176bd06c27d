import { secureHeaders } from 'hono/secure-headers';

/**
 * The Content-Security-Policy of every answer: the studio loads its scripts and data only from this origin
 * (no inline script, no eval; `data:` images for the icon, `blob:` images for customers' photos read by the studio), and no page may frame it. Inline styles are
 * allowed: the editor (CodeMirror) and the studio's components add their styles at run time, and a
 * style cannot run code.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  // blob: shows a submission's photos, which the studio reads with its token and hands to <img> as blobs (docs/media.md).
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * Security headers on the studio and the API (Hono's secureHeaders): the CSP above, X-Frame-Options DENY,
 * X-Content-Type-Options nosniff, Referrer-Policy no-referrer, and its other defaults. HSTS is left to the
 * TLS-terminating proxy, which knows whether HTTPS is in use (docs/api.md, "Security headers").
 */
export function securityHeaders(): ReturnType<typeof secureHeaders> {
  return secureHeaders({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    strictTransportSecurity: false,
  });
}
