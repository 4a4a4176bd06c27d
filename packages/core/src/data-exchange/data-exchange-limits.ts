/**
 * Bounds on the fields of a decrypted data endpoint request (besides the body size and the payload's
 * nesting depth, which the host and the envelope decryption bound). Meta documents none of these
 * lengths; they are far above anything WhatsApp sends and keep what is stored and logged small.
 * A longer field is the problem ERR_FIELD_TOO_LARGE (docs/endpoint.md, Limits).
 */
export const DATA_EXCHANGE_LIMITS = {
  /** `flow_token` (stored as the session key). */
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
