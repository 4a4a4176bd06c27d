import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { assertMediaKey, type MediaStore } from './media-store.js';

/**
 * The default media store: files under `root` (FLOWLINE_DATA_DIR/media), one per key
 * (`<root>/<workspace>/<name>`), downloads in progress under `<root>/.incoming`. A verified file is
 * renamed into place, so a reader sees either the whole file or none.
 */
export function createFileMediaStore(root: string): MediaStore {
  const scratchDir = join(root, '.incoming');
  const pathOf = (key: string): string => {
    assertMediaKey(key);
    return join(root, key);
  };
  return {
    kind: 'file',
    scratchDir,
    async put(key, path) {
      const target = pathOf(key);
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      try {
        await rename(path, target);
      } catch (error) {
        // Scratch and root on different file systems (a mounted volume): copy, then remove.
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        await copyFile(path, `${target}.part`);
        await rename(`${target}.part`, target);
        await rm(path, { force: true });
      }
    },
    async get(key) {
      const path = pathOf(key);
      const found = await stat(path).catch(() => undefined);
      if (found === undefined || !found.isFile()) return undefined;
      return { body: createReadStream(path), size: found.size };
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
