import type { Readable } from 'node:stream';

/** What a stored file is, as the store is told when it receives it. */
export interface MediaObjectInfo {
  readonly size: number;
  /** SHA-256 (hex) of the bytes, already verified. */
  readonly sha256: string;
  readonly contentType: string;
}

/** A stored file read back: its bytes as a stream and their length. */
export interface MediaObject {
  readonly body: Readable;
  readonly size: number;
}

/**
 * Where the decrypted files of submissions live: a folder under the data directory, or an S3-compatible
 * bucket (docs/media.md). Keys are `<workspace>/<name>`, made by Flowline, never by a caller.
 */
export interface MediaStore {
  /** Which backend this is, for logs and docs. */
  readonly kind: 'file' | 's3';
  /** Folder for downloads in progress (verified files are moved or uploaded from there). */
  readonly scratchDir: string;
  /** Takes a verified file at `path` (in scratchDir) under `key`; the file at `path` is gone afterwards. Replaces an object already there. */
  put(key: string, path: string, info: MediaObjectInfo): Promise<void>;
  /** Reads a stored file, or undefined when there is none. */
  get(key: string): Promise<MediaObject | undefined>;
  /** Deletes a stored file; deleting a missing one is not an error (an erasure may run twice). */
  delete(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}(\/[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}){1,3}$/;

/** Throws unless `key` is a store key Flowline makes (segments of safe characters, none starting with a dot: no `..`, no absolute path). */
export function assertMediaKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`not a media key: ${JSON.stringify(key.slice(0, 200))}`);
}
