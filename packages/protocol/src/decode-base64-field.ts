import { ProtocolError, type ProtocolErrorCode } from './protocol-error.js';

// Standard alphabet, padding required: what Meta sends (platform spec §1.2, §6.4).
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes a strictly formed standard base64 string (Buffer.from silently skips bad characters,
 * so the shape is checked first). The error names the field, never its value.
 */
export function decodeBase64Field(value: unknown, field: string, code: ProtocolErrorCode): Buffer {
  if (typeof value !== 'string') {
    throw new ProtocolError(code, value === undefined ? `missing field ${field}` : `field ${field} must be a string`);
  }
  if (value.length === 0) throw new ProtocolError(code, `field ${field} is empty`);
  if (!STANDARD_BASE64.test(value)) throw new ProtocolError(code, `field ${field} is not valid base64`);
  return Buffer.from(value, 'base64');
}
