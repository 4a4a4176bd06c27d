import type { Kysely } from 'kysely';
import type { Database } from '../database.js';

/** Which SQL backend a storage runs on. */
export type Backend = 'sqlite' | 'postgres';

/** A database handle: the pool, or a transaction opened on it. */
export type Executor = Kysely<Database>;

/** Runs `fn` in a transaction, joining the caller's transaction when one is already open. */
export function inTransaction<T>(db: Executor, fn: (tx: Executor) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
