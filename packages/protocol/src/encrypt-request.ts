import { constants, createCipheriv, publicEncrypt, randomBytes, type KeyObject } from 'node:crypto';
import { loadPublicKey } from './load-public-key.js';
import type { RequestEnvelope } from './parse-envelope.js';

/** Options of encryptRequest: a source of randomness (injected for deterministic tests). */
export interface EncryptRequestOptions {
  random?: (size: number) => Buffer;
}

/** An encrypted request as the WhatsApp client sends it, with the secrets needed to read the answer. */
export interface EncryptedRequest {
  envelope: RequestEnvelope;
  aesKey: Buffer;
  iv: Buffer;
}

/**
 * Encrypts a request payload the way the WhatsApp client does (platform spec §1.3, client side):
 * a fresh AES-128 key and 16-byte IV, AES-128-GCM with the tag appended, and the key wrapped with
 * RSA-OAEP-SHA256 under the business public key. A string payload is sent as is.
 */
export function encryptRequest(
  payload: unknown,
  publicKey: KeyObject | string | Buffer,
  options: EncryptRequestOptions = {},
): EncryptedRequest {
  const random = options.random ?? randomBytes;
  const aesKey = random(16);
  const iv = random(16);
  const key = loadPublicKey(publicKey);
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const cipher = createCipheriv('aes-128-gcm', aesKey, iv, { authTagLength: 16 });
  const data = Buffer.concat([cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  const wrappedKey = publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, aesKey);
  return {
    envelope: {
      encrypted_flow_data: data.toString('base64'),
      encrypted_aes_key: wrappedKey.toString('base64'),
      initial_vector: iv.toString('base64'),
    },
    aesKey,
    iv,
  };
}
