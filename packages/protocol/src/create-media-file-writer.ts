import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { createMediaDecipher, type MediaDecipher } from './create-media-decipher.js';
import type { MediaEncryptionMetadata } from './decrypt-media.js';

/** What a media file writer wrote, once it finished: the verified plaintext's size and SHA-256 (hex). */
export interface WrittenMedia {
  readonly size: number;
  readonly sha256: string;
}

/** A writable taking the CDN file and leaving the verified plaintext at its destination. */
export interface MediaFileWriter extends Writable {
  /** Set once the stream finished and every check passed. */
  readonly written: WrittenMedia | undefined;
  /** Resolves once the writer closed: after a failure, the temporary file is gone by then. */
  settled(): Promise<void>;
}

/**
 * Creates a writable that decrypts a CDN file as it arrives (platform spec §6.4) into a temporary file
 * beside `destination`, and renames it into place only when every check of the whole file passed. A
 * failed check, an error upstream or a destroyed stream removes the temporary file: no unverified
 * byte is ever left at `destination`, and memory holds one piece at a time, whatever the file's size.
 * The metadata is checked at once (ERR_MEDIA_MALFORMED throws here, before any file exists).
 */
export function createMediaFileWriter(metadata: MediaEncryptionMetadata | Readonly<Record<string, unknown>>, destination: string): MediaFileWriter {
  const decipher: MediaDecipher = createMediaDecipher(metadata);
  const fields: Readonly<Record<string, unknown>> = metadata;
  const plaintextHash = Buffer.from(String(fields['plaintext_hash']), 'base64').toString('hex');
  const temporary = join(dirname(destination), `.${basename(destination)}.${randomBytes(6).toString('hex')}.part`);
  let file: FileHandle | undefined;
  let size = 0;
  let written: WrittenMedia | undefined;
  // The file operation in flight: destroy waits for it, so a file opened late is still removed.
  let pending: Promise<unknown> = Promise.resolve();

  const write = async (bytes: Buffer): Promise<void> => {
    if (bytes.length === 0) return;
    file ??= await open(temporary, 'wx', 0o600);
    await file.write(bytes);
    size += bytes.length;
  };
  const close = async (): Promise<void> => {
    const handle = file;
    file = undefined;
    await handle?.close();
  };

  const writer = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const step = (pending = Promise.resolve().then(() => write(decipher.update(chunk))));
      step.then(() => callback(), callback);
    },
    final(callback) {
      const finish = async (): Promise<void> => {
        await write(decipher.final());
        // An empty file is valid: create it so the rename has something to move.
        file ??= await open(temporary, 'wx', 0o600);
        await file.sync();
        await close();
        await rename(temporary, destination);
        written = { size, sha256: plaintextHash };
      };
      const step = (pending = finish());
      step.then(() => callback(), callback);
    },
    destroy(error, callback) {
      // An unfinished or failed file never stays behind.
      const cleanUp = async (): Promise<void> => {
        await pending.catch(() => undefined);
        await close().catch(() => undefined);
        if (written === undefined) rmSync(temporary, { force: true });
      };
      cleanUp().then(() => callback(error), () => callback(error));
    },
  });
  const closed = new Promise<void>((resolve) => writer.once('close', () => resolve()));
  return Object.assign(Object.defineProperty(writer, 'written', { get: () => written }), { settled: () => closed }) as MediaFileWriter;
}
