/** Stable codes of the protocol package's typed errors. */
export type ProtocolErrorCode =
  | 'ERR_ENVELOPE_MALFORMED'
  | 'ERR_ENVELOPE_UNDECODABLE'
  | 'ERR_ENVELOPE_TOO_LARGE'
  | 'ERR_ENVELOPE_DECRYPT'
  | 'ERR_PAYLOAD_MALFORMED'
  | 'ERR_PAYLOAD_TOO_DEEP'
  | 'ERR_FIELD_TOO_LARGE'
  | 'ERR_REQUEST_MALFORMED'
  | 'ERR_RESPONSE_DECRYPT'
  | 'ERR_SIGNATURE_MISSING'
  | 'ERR_SIGNATURE_MALFORMED'
  | 'ERR_SIGNATURE_INVALID'
  | 'ERR_FLOW_TOKEN_SIGNATURE'
  | 'ERR_FLOW_TOKEN_SIGNATURE_EXPIRED'
  | 'ERR_FLOW_TOKEN_MISMATCH'
  | 'ERR_MEDIA_MALFORMED'
  | 'ERR_MEDIA_HASH'
  | 'ERR_MEDIA_HMAC'
  | 'ERR_MEDIA_DECRYPT'
  | 'ERR_MEDIA_PLAINTEXT_HASH'
  | 'ERR_KEY_INVALID'
  | 'ERR_KEY_PASSPHRASE'
  | 'ERR_KEY_NOT_FOUND'
  | 'ERR_KEY_EXISTS';

/**
 * The one table mapping error codes to the HTTP status a data endpoint answers with
 * (platform spec §1.6: 421 undecryptable, 432 signature, 427 flow token). A body that is not a JSON
 * envelope is 400; an envelope whose fields are present but cannot be decoded or decrypted is 421,
 * so the client re-fetches the public key and retries, as Meta specifies. Limits of our own on a
 * decrypted payload (nesting depth, length of a field) answer 400 and 413 like the body limit.
 */
export const PROTOCOL_ERROR_HTTP_STATUS: Readonly<Record<ProtocolErrorCode, number>> = {
  ERR_ENVELOPE_MALFORMED: 400,
  ERR_ENVELOPE_UNDECODABLE: 421,
  ERR_ENVELOPE_TOO_LARGE: 413,
  ERR_ENVELOPE_DECRYPT: 421,
  ERR_PAYLOAD_MALFORMED: 400,
  ERR_PAYLOAD_TOO_DEEP: 400,
  ERR_FIELD_TOO_LARGE: 413,
  ERR_REQUEST_MALFORMED: 400,
  ERR_RESPONSE_DECRYPT: 502,
  ERR_SIGNATURE_MISSING: 432,
  ERR_SIGNATURE_MALFORMED: 432,
  ERR_SIGNATURE_INVALID: 432,
  ERR_FLOW_TOKEN_SIGNATURE: 427,
  ERR_FLOW_TOKEN_SIGNATURE_EXPIRED: 427,
  ERR_FLOW_TOKEN_MISMATCH: 427,
  ERR_MEDIA_MALFORMED: 400,
  ERR_MEDIA_HASH: 400,
  ERR_MEDIA_HMAC: 400,
  ERR_MEDIA_DECRYPT: 400,
  ERR_MEDIA_PLAINTEXT_HASH: 400,
  ERR_KEY_INVALID: 500,
  ERR_KEY_PASSPHRASE: 500,
  ERR_KEY_NOT_FOUND: 500,
  ERR_KEY_EXISTS: 500,
};

/** A protocol or integrity failure with a stable code; its message never carries secrets or user data. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly code: ProtocolErrorCode;
  /** HTTP status a data endpoint should answer with, from the one table above. */
  readonly status: number;

  constructor(code: ProtocolErrorCode, message: string) {
    super(message);
    this.code = code;
    this.status = PROTOCOL_ERROR_HTTP_STATUS[code];
  }
}

/** Whether a caught value is a ProtocolError (optionally with the given code). */
export function isProtocolError(value: unknown, code?: ProtocolErrorCode): value is ProtocolError {
  return value instanceof ProtocolError && (code === undefined || value.code === code);
}
