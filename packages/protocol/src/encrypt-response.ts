import { createCipheriv } from 'node:crypto';
import { flipIv } from './flip-iv.js';

/**
 * Encrypts a response payload for WhatsApp (platform spec §1.3 step 4): AES-128-GCM with the
 * request's AES key and the flipped request IV, tag appended, base64. A string payload is taken
 * as already serialized JSON and encrypted byte for byte; anything else is JSON.stringify'd.
 */
export function encryptResponse(payload: unknown, aesKey: Buffer, iv: Buffer): string {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const cipher = createCipheriv('aes-128-gcm', aesKey, flipIv(iv), { authTagLength: 16 });
  const head = cipher.update(text, 'utf8');
  const tail = cipher.final();
  return Buffer.concat([head, tail, cipher.getAuthTag()]).toString('base64');
}
