/**
 * Bounds on what one data endpoint request may carry besides its body size (FLOWLINE_BODY_LIMIT_BYTES)
 * and the nesting depth of its decrypted payload (32, in @flowline/protocol). Meta documents none of
 * these lengths; they are far above anything WhatsApp sends and keep what is stored and logged small.
 * Listed in docs/endpoint.md (Limits).
 */
export const ENDPOINT_LIMITS = {
  /** A Flow id is a slug of at most 64 characters: a longer one is unknown (404) without a catalog refresh. */
  flowIdLength: 64,
  /** `flow_token` (stored as the session key): longer is 413 ERR_FIELD_TOO_LARGE. */
  flowTokenLength: 1024,
  /** `flow_token_signature` (a JWT carrying the token). */
  flowTokenSignatureLength: 4096,
  /** `screen` (a screen id). */
  screenLength: 128,
  /** `version` of the Data API ("3.0"). */
  versionLength: 16,
  /** `data.error` of an error notification (an error key such as INVALID_SCREEN_TRANSITION), stored and logged. */
  clientErrorLength: 128,
} as const;
