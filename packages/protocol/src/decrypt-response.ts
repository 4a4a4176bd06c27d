import { createDecipheriv } from 'node:crypto';
import { decodeBase64Field } from './decode-base64-field.js';
import { flipIv } from './flip-iv.js';
import { ProtocolError } from './protocol-error.js';

/**
 * Decrypts an endpoint's response body the way the WhatsApp client does (platform spec §1.3):
 * base64 of AES-128-GCM ciphertext ‖ tag under the request's key and the flipped request IV.
 * Returns the parsed JSON; an unreadable body throws ERR_RESPONSE_DECRYPT.
 */
export function decryptResponse(body: string, aesKey: Buffer, iv: Buffer): unknown {
  const data = decodeBase64Field(body.trim(), 'response body', 'ERR_RESPONSE_DECRYPT');
  if (data.length <= 16) throw new ProtocolError('ERR_RESPONSE_DECRYPT', 'response body is shorter than its authentication tag');
  let text: string;
  try {
    const decipher = createDecipheriv('aes-128-gcm', aesKey, flipIv(iv), { authTagLength: 16 });
    decipher.setAuthTag(data.subarray(data.length - 16));
    text = Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    throw new ProtocolError('ERR_RESPONSE_DECRYPT', 'response body failed AES-GCM authentication');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ProtocolError('ERR_RESPONSE_DECRYPT', 'decrypted response body is not valid JSON');
  }
}
