import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { RawQuery } from './scan-for-values.js';

/**
 * A read-only raw query on a server's database from outside the server (its SQLite file in `dataDir`, or
 * its PostgreSQL schema), for tests that inspect what is really stored, e.g. the erasure scan.
 */
export function openRawQuery(where: { readonly dataDir: string } | { readonly databaseUrl: string; readonly schema: string }): RawQuery {
  if ('dataDir' in where) {
    return (sql, params = []) => {
      const db = new BetterSqlite3(join(where.dataDir, 'flowline.db'), { readonly: true });
      try {
        return Promise.resolve(db.prepare<unknown[], Record<string, unknown>>(sql).all(...params));
      } finally {
        db.close();
      }
    };
  }
  return async (sql, params = []) => {
    const client = new pg.Client({ connectionString: where.databaseUrl, options: `-c search_path=${where.schema}` });
    await client.connect();
    try {
      return (await client.query<Record<string, unknown>>(sql, [...params])).rows;
    } finally {
      await client.end();
    }
  };
}
