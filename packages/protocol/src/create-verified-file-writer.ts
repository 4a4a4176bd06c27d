import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Writable } from 'node:stream';

/** What a media file writer wrote, once it finished: the verified file's size and SHA-256 (hex). */
export interface WrittenMedia {
  readonly size: number;
  readonly sha256: string;
}

/** A writable taking a downloaded file and leaving the verified file at its destination. */
export interface MediaFileWriter extends Writable {
  /** Set once the stream finished and every check passed. */
  readonly written: WrittenMedia | undefined;
  /** Resolves once the writer closed: after a failure, the temporary file is gone by then. */
  settled(): Promise<void>;
}

/** The checks a writer applies as the bytes pass: pieces in, bytes to keep out; `final` checks the whole file or throws. */
export interface PieceVerifier {
  update(chunk: Buffer): Buffer;
  /** Returns the last bytes to keep and the SHA-256 (hex) of everything kept, or throws a ProtocolError. */
  final(): { readonly last: Buffer; readonly sha256: string };
}

/**
 * The writable behind both media writers: what the verifier lets through goes to a temporary file beside
 * `destination`, renamed into place only when `final()` passed; a failed check, an error upstream or a
 * destroyed stream removes the temporary file, so no unverified byte is ever left at `destination`.
 * Memory holds one piece at a time, whatever the file's size.
 */
export function createVerifiedFileWriter(verifier: PieceVerifier, destination: string): MediaFileWriter {
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
      const step = (pending = Promise.resolve().then(() => write(verifier.update(chunk))));
      step.then(() => callback(), callback);
    },
    final(callback) {
      const finish = async (): Promise<void> => {
        const { last, sha256 } = verifier.final();
        await write(last);
        // An empty file is valid: create it so the rename has something to move.
        file ??= await open(temporary, 'wx', 0o600);
        await file.sync();
        await close();
        await rename(temporary, destination);
        written = { size, sha256 };
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
