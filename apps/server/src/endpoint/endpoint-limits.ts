/**
 * Bounds on what one data endpoint request may carry besides its body size (FLOWLINE_BODY_LIMIT_BYTES),
 * the nesting depth of its decrypted payload (32, in @flowline/protocol) and the lengths of the request's
 * fields (DATA_EXCHANGE_LIMITS in @flowline/core, checked by parseDataExchangeRequest).
 * Listed in docs/endpoint.md (Limits).
 */
export const ENDPOINT_LIMITS = {
  /** A Flow id is a slug of at most 64 characters: a longer one is unknown (404) without a catalog refresh. */
  flowIdLength: 64,
} as const;
