import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { StorageError } from '../storage-error.js';

/** What an online backup copied. */
export interface SqliteBackupReport {
  readonly file: string;
  readonly pages: number;
}

/**
 * Copies the SQLite database of a data folder to `file` with SQLite's online backup API (through
 * better-sqlite3): consistent while servers keep writing, WAL content included. The target must not
 * exist (a backup never overwrites). The copy is a complete database: restore by stopping the servers
 * and putting it in place as `<dataDir>/flowline.db` (docs/deploy.md).
 */
export async function backupSqlite(dataDir: string, file: string): Promise<SqliteBackupReport> {
  const source = join(dataDir, 'flowline.db');
  if (!existsSync(source)) throw new StorageError('ERR_STORAGE_CONFIG', `no SQLite database at ${source}`);
  if (existsSync(file)) throw new StorageError('ERR_STORAGE_CONFIG', `${file} exists already; a backup never overwrites a file`);
  mkdirSync(dirname(file), { recursive: true });
  // Readable by its owner only, like the database it copies (sealed secrets, personal data): created
  // empty with mode 0600 before SQLite writes into it, and refused if it appeared meanwhile.
  closeSync(openSync(file, 'wx', 0o600));
  const db = new BetterSqlite3(source, { fileMustExist: true, timeout: 5000 });
  try {
    const { totalPages } = await db.backup(file);
    return { file, pages: totalPages };
  } finally {
    db.close();
  }
}
