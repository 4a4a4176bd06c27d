import { createHash, timingSafeEqual } from 'node:crypto';
import { createVerifiedFileWriter, type MediaFileWriter } from './create-verified-file-writer.js';
import { ProtocolError } from './protocol-error.js';

/**
 * Reads a SHA-256 as Meta writes it for Cloud API media. The platform spec does not say (§6.3 only
 * names `sha256`); Meta's Retrieve Media URL reference answers 64 hex digits, and webhook media objects
 * carry base64 with padding (44 characters). Both are read, each by its own form, which cannot be
 * mistaken for the other. Anything else (wrong length, other alphabets) is undefined.
 */
export function decodeMediaSha256(text: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(text)) {
    const bytes = Buffer.from(text, 'base64');
    return bytes.length === 32 && bytes.toString('base64') === text ? bytes : undefined;
  }
  return undefined;
}

/**
 * Creates a writable for a Cloud API media file (Meta serves it decrypted): the bytes go to a temporary
 * file beside `destination` as they arrive, hashed on the way, and the file is renamed into place only
 * when its SHA-256 equals every digest given (the one Graph's media endpoint states and, when known, the
 * one the webhook carried). A mismatch fails with ERR_MEDIA_HASH and removes the temporary file. At least
 * one 32-byte digest is required (ERR_MEDIA_MALFORMED otherwise, thrown here before any file exists).
 */
export function createCheckedMediaFileWriter(expected: readonly Uint8Array[], destination: string): MediaFileWriter {
  if (expected.length === 0 || expected.some((digest) => digest.length !== 32)) {
    throw new ProtocolError('ERR_MEDIA_MALFORMED', 'a Cloud API media file needs the SHA-256 Meta states for it (32 bytes)');
  }
  const hash = createHash('sha256');
  return createVerifiedFileWriter({
    update: (chunk) => {
      hash.update(chunk);
      return chunk;
    },
    final: () => {
      const digest = hash.digest();
      if (!expected.every((e) => timingSafeEqual(digest, e))) {
        throw new ProtocolError('ERR_MEDIA_HASH', 'SHA-256 of the downloaded file does not match the sha256 Meta stated for it');
      }
      return { last: Buffer.alloc(0), sha256: digest.toString('hex') };
    },
  }, destination);
}
