import { createMediaDecipher } from './create-media-decipher.js';

/** `encryption_metadata` of a PhotoPicker/DocumentPicker file sent to the endpoint (platform spec §6.4), all base64. */
export type MediaEncryptionMetadata = {
  encrypted_hash: string;
  iv: string;
  encryption_key: string;
  hmac_key: string;
  plaintext_hash: string;
};

/**
 * Verifies and decrypts a media file downloaded from `cdn_url` (platform spec §6.4): SHA-256 of the
 * CDN file, the truncated HMAC-SHA256 over iv ‖ ciphertext, AES-256-CBC, then SHA-256 of the
 * plaintext. Accepts the metadata as received (unknown JSON) and checks it. Each failure has its
 * own code: ERR_MEDIA_MALFORMED, ERR_MEDIA_HASH, ERR_MEDIA_HMAC, ERR_MEDIA_DECRYPT, ERR_MEDIA_PLAINTEXT_HASH.
 */
export function decryptMedia(cdnFile: Buffer, metadata: MediaEncryptionMetadata | Readonly<Record<string, unknown>>): Buffer {
  // One implementation for whole files and streams: the whole file is one piece of the stream.
  const decipher = createMediaDecipher(metadata);
  const head = decipher.update(cdnFile);
  const last = decipher.final();
  return Buffer.concat([head, last]);
}
