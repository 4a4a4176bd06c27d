import { createDecipheriv, createHash, createHmac, timingSafeEqual, type Decipher, type Hash, type Hmac } from 'node:crypto';
import { decodeBase64Field } from './decode-base64-field.js';
import type { MediaEncryptionMetadata } from './decrypt-media.js';
import { ProtocolError } from './protocol-error.js';

/** An incremental media decryptor: feed the CDN file in pieces, take plaintext pieces out, and `final()` checks everything. */
export interface MediaDecipher {
  /** Takes the next bytes of the CDN file; returns plaintext that is not yet verified (keep it aside until `final()` succeeds). */
  update(chunk: Uint8Array): Buffer;
  /**
   * Ends the file: checks SHA-256 of the whole CDN file, the truncated HMAC, the padding and SHA-256 of
   * the plaintext, in the order of platform spec §6.4; returns the last plaintext bytes or throws a
   * ProtocolError (the same codes as decryptMedia).
   */
  final(): Buffer;
  /** Bytes of the CDN file received so far. */
  readonly received: number;
}

const HMAC_BYTES = 10;

/**
 * Creates the streaming form of decryptMedia (platform spec §6.4) for files too large to hold: the CDN
 * file's last 10 bytes are the HMAC, so the decipher always holds back the latest 10 bytes and treats
 * the rest as ciphertext; hashes, the HMAC and AES-256-CBC all advance with each piece. Nothing it
 * returns may be trusted before `final()` returns, because the checks cover the whole file.
 */
export function createMediaDecipher(metadata: MediaEncryptionMetadata | Readonly<Record<string, unknown>>): MediaDecipher {
  const fields: Readonly<Record<string, unknown>> = metadata;
  const key = decodeSized(fields, 'encryption_key', 32);
  const hmacKey = decodeSized(fields, 'hmac_key', 32);
  const iv = decodeSized(fields, 'iv', 16);
  const encryptedHash = decodeSized(fields, 'encrypted_hash', 32);
  const plaintextHash = decodeSized(fields, 'plaintext_hash', 32);
  const cdnHash: Hash = createHash('sha256');
  const mac: Hmac = createHmac('sha256', hmacKey).update(iv);
  const decipher: Decipher = createDecipheriv('aes-256-cbc', key, iv);
  const plainHash: Hash = createHash('sha256');
  let tail = Buffer.alloc(0);
  let received = 0;
  let decryptFailed = false;

  const decrypt = (ciphertext: Buffer): Buffer => {
    if (ciphertext.length === 0 || decryptFailed) return Buffer.alloc(0);
    const plain = decipher.update(ciphertext);
    plainHash.update(plain);
    return plain;
  };

  return {
    get received() {
      return received;
    },
    update(chunk) {
      received += chunk.length;
      cdnHash.update(chunk);
      const joined = Buffer.concat([tail, chunk]);
      const cut = Math.max(0, joined.length - HMAC_BYTES);
      tail = joined.subarray(cut);
      const ciphertext = joined.subarray(0, cut);
      mac.update(ciphertext);
      return decrypt(ciphertext);
    },
    final() {
      if (!timingSafeEqual(cdnHash.digest(), encryptedHash)) {
        throw new ProtocolError('ERR_MEDIA_HASH', 'SHA-256 of the CDN file does not match encrypted_hash');
      }
      if (received <= HMAC_BYTES) throw new ProtocolError('ERR_MEDIA_MALFORMED', 'the CDN file is too short');
      if (!timingSafeEqual(mac.digest().subarray(0, HMAC_BYTES), tail)) {
        throw new ProtocolError('ERR_MEDIA_HMAC', 'the CDN file HMAC does not verify with hmac_key');
      }
      let last: Buffer;
      try {
        last = decipher.final();
      } catch {
        decryptFailed = true;
        throw new ProtocolError('ERR_MEDIA_DECRYPT', 'the CDN file does not decrypt with encryption_key (AES-256-CBC)');
      }
      plainHash.update(last);
      if (!timingSafeEqual(plainHash.digest(), plaintextHash)) {
        throw new ProtocolError('ERR_MEDIA_PLAINTEXT_HASH', 'SHA-256 of the decrypted file does not match plaintext_hash');
      }
      return last;
    },
  };
}

function decodeSized(fields: Readonly<Record<string, unknown>>, name: string, size: number): Buffer {
  const bytes = decodeBase64Field(fields[name], `encryption_metadata.${name}`, 'ERR_MEDIA_MALFORMED');
  if (bytes.length !== size) {
    throw new ProtocolError('ERR_MEDIA_MALFORMED', `encryption_metadata.${name} must be ${size} bytes, got ${bytes.length}`);
  }
  return bytes;
}
