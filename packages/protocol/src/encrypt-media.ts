import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import type { MediaEncryptionMetadata } from './decrypt-media.js';

/** An encrypted media file as WhatsApp would store it on its CDN, with its metadata. */
export interface EncryptedMedia {
  cdnFile: Buffer;
  metadata: MediaEncryptionMetadata;
}

/**
 * Encrypts a file the way WhatsApp does for PhotoPicker/DocumentPicker uploads (platform spec §6.4):
 * AES-256-CBC, then the first 10 bytes of HMAC-SHA256(hmac_key, iv ‖ ciphertext) appended.
 * For tests and the sandbox; randomness may be injected.
 */
export function encryptMedia(plaintext: Buffer, options: { random?: (size: number) => Buffer } = {}): EncryptedMedia {
  const random = options.random ?? randomBytes;
  const key = random(32);
  const hmacKey = random(32);
  const iv = random(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const mac = createHmac('sha256', hmacKey).update(iv).update(ciphertext).digest().subarray(0, 10);
  const cdnFile = Buffer.concat([ciphertext, mac]);
  return {
    cdnFile,
    metadata: {
      encrypted_hash: createHash('sha256').update(cdnFile).digest('base64'),
      iv: iv.toString('base64'),
      encryption_key: key.toString('base64'),
      hmac_key: hmacKey.toString('base64'),
      plaintext_hash: createHash('sha256').update(plaintext).digest('base64'),
    },
  };
}
