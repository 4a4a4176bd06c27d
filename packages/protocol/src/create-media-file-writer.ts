import { createMediaDecipher } from './create-media-decipher.js';
import { createVerifiedFileWriter, type MediaFileWriter } from './create-verified-file-writer.js';
import type { MediaEncryptionMetadata } from './decrypt-media.js';

export type { MediaFileWriter, WrittenMedia } from './create-verified-file-writer.js';

/**
 * Creates a writable that decrypts a CDN file as it arrives (platform spec §6.4) into a temporary file
 * beside `destination`, and renames it into place only when every check of the whole file passed. A
 * failed check, an error upstream or a destroyed stream removes the temporary file: no unverified
 * byte is ever left at `destination`, and memory holds one piece at a time, whatever the file's size.
 * The metadata is checked at once (ERR_MEDIA_MALFORMED throws here, before any file exists).
 */
export function createMediaFileWriter(metadata: MediaEncryptionMetadata | Readonly<Record<string, unknown>>, destination: string): MediaFileWriter {
  const decipher = createMediaDecipher(metadata);
  const fields: Readonly<Record<string, unknown>> = metadata;
  const plaintextHash = Buffer.from(String(fields['plaintext_hash']), 'base64').toString('hex');
  return createVerifiedFileWriter({
    update: (chunk) => decipher.update(chunk),
    final: () => ({ last: decipher.final(), sha256: plaintextHash }),
  }, destination);
}
