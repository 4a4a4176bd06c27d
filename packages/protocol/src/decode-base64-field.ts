import { ProtocolError, type ProtocolErrorCode } from './protocol-error.js';

/**
 * Decodes canonical standard base64 with padding, as Meta sends it (platform spec §1.2, §6.4).
 * Buffer.from silently skips bad characters, so the bytes are re-encoded and compared: this rejects
 * other alphabets, whitespace, missing padding and stray bits, and is cheaper than a full regex.
 * The error names the field, never its value: `code` when the field is missing or not a string,
 * `undecodableCode` (default `code`) when it is a string that is empty or not canonical base64.
 */
export function decodeBase64Field(value: unknown, field: string, code: ProtocolErrorCode, undecodableCode: ProtocolErrorCode = code): Buffer {
  if (typeof value !== 'string') {
    throw new ProtocolError(code, value === undefined ? `missing field ${field}` : `field ${field} must be a string`);
  }
  if (value.length === 0) throw new ProtocolError(undecodableCode, `field ${field} is empty`);
  const bytes = Buffer.from(value, 'base64');
  if (bytes.toString('base64') !== value) throw new ProtocolError(undecodableCode, `field ${field} is not valid base64`);
  return bytes;
}
