import { createDecipheriv, createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { decodeBase64Field } from './decode-base64-field.js';
import { ProtocolError } from './protocol-error.js';

/** `encryption_metadata` of a PhotoPicker/DocumentPicker file sent to the endpoint (platform spec §6.4), all base64. */
export type MediaEncryptionMetadata = {
  encrypted_hash: string;
  iv: string;
  encryption_key: string;
  hmac_key: string;
  plaintext_hash: string;
};

const HMAC_BYTES = 10;

/**
 * Verifies and decrypts a media file downloaded from `cdn_url` (platform spec §6.4): SHA-256 of the
 * CDN file, the truncated HMAC-SHA256 over iv ‖ ciphertext, AES-256-CBC, then SHA-256 of the
 * plaintext. Accepts the metadata as received (unknown JSON) and checks it. Each failure has its
 * own code: ERR_MEDIA_MALFORMED, ERR_MEDIA_HASH, ERR_MEDIA_HMAC, ERR_MEDIA_DECRYPT, ERR_MEDIA_PLAINTEXT_HASH.
 */
export function decryptMedia(cdnFile: Buffer, metadata: MediaEncryptionMetadata | Readonly<Record<string, unknown>>): Buffer {
  const fields: Readonly<Record<string, unknown>> = metadata;
  const key = decodeSized(fields, 'encryption_key', 32);
  const hmacKey = decodeSized(fields, 'hmac_key', 32);
  const iv = decodeSized(fields, 'iv', 16);
  const encryptedHash = decodeSized(fields, 'encrypted_hash', 32);
  const plaintextHash = decodeSized(fields, 'plaintext_hash', 32);

  if (!timingSafeEqual(createHash('sha256').update(cdnFile).digest(), encryptedHash)) {
    throw new ProtocolError('ERR_MEDIA_HASH', 'SHA-256 of the CDN file does not match encrypted_hash');
  }
  if (cdnFile.length <= HMAC_BYTES) throw new ProtocolError('ERR_MEDIA_MALFORMED', 'the CDN file is too short');
  const ciphertext = cdnFile.subarray(0, cdnFile.length - HMAC_BYTES);
  const mac = createHmac('sha256', hmacKey).update(iv).update(ciphertext).digest().subarray(0, HMAC_BYTES);
  if (!timingSafeEqual(mac, cdnFile.subarray(cdnFile.length - HMAC_BYTES))) {
    throw new ProtocolError('ERR_MEDIA_HMAC', 'the CDN file HMAC does not verify with hmac_key');
  }
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new ProtocolError('ERR_MEDIA_DECRYPT', 'the CDN file does not decrypt with encryption_key (AES-256-CBC)');
  }
  if (!timingSafeEqual(createHash('sha256').update(plaintext).digest(), plaintextHash)) {
    throw new ProtocolError('ERR_MEDIA_PLAINTEXT_HASH', 'SHA-256 of the decrypted file does not match plaintext_hash');
  }
  return plaintext;
}

function decodeSized(fields: Readonly<Record<string, unknown>>, name: string, size: number): Buffer {
  const bytes = decodeBase64Field(fields[name], `encryption_metadata.${name}`, 'ERR_MEDIA_MALFORMED');
  if (bytes.length !== size) {
    throw new ProtocolError('ERR_MEDIA_MALFORMED', `encryption_metadata.${name} must be ${size} bytes, got ${bytes.length}`);
  }
  return bytes;
}
