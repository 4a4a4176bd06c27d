import { sql } from 'kysely';
import type { Executor } from '../dialect/executor.js';
import { inTransaction } from '../dialect/executor.js';
import { toEpochMs, type Instant } from '../instant.js';
import { fromJsonText, toJsonText } from '../dialect/json-text.js';

/** One row of a named lookup table: a key and its JSON value. */
export interface LookupRow {
  key: string;
  value: unknown;
  updatedAt: number;
}

/** Named key/value tables per workspace, used by endpoint data sources (stock, prices, eligibility). */
export interface LookupTablesRepository {
  /** Inserts or replaces rows of a table. */
  put(workspaceId: string, table: string, rows: readonly { key: string; value: unknown }[], at: Instant): Promise<void>;
  /** Replaces a whole table in one transaction. */
  replace(workspaceId: string, table: string, rows: readonly { key: string; value: unknown }[], at: Instant): Promise<void>;
  find(workspaceId: string, table: string, key: string): Promise<LookupRow | undefined>;
  /** Rows ordered by key, optionally only keys starting with `prefix`. */
  list(workspaceId: string, table: string, options?: { prefix?: string; limit?: number }): Promise<LookupRow[]>;
  listTables(workspaceId: string): Promise<string[]>;
  delete(workspaceId: string, table: string, key: string): Promise<boolean>;
}

/** Creates the lookup tables repository over a database handle. */
export function createLookupTablesRepository(db: Executor): LookupTablesRepository {
  const put = async (tx: Executor, workspaceId: string, table: string, rows: readonly { key: string; value: unknown }[], at: number) => {
    for (const row of rows) {
      const value = toJsonText(row.value);
      await tx
        .insertInto('lookup_rows')
        .values({ workspace_id: workspaceId, table_name: table, key: row.key, value, updated_at: at })
        .onConflict((oc) => oc.columns(['workspace_id', 'table_name', 'key']).doUpdateSet({ value, updated_at: at }))
        .execute();
    }
  };
  return {
    put(workspaceId, table, rows, at) {
      const ms = toEpochMs(at);
      return inTransaction(db, (tx) => put(tx, workspaceId, table, rows, ms));
    },
    replace(workspaceId, table, rows, at) {
      const ms = toEpochMs(at);
      return inTransaction(db, async (tx) => {
        await tx.deleteFrom('lookup_rows').where('workspace_id', '=', workspaceId).where('table_name', '=', table).execute();
        await put(tx, workspaceId, table, rows, ms);
      });
    },
    async find(workspaceId, table, key) {
      const row = await db
        .selectFrom('lookup_rows')
        .select(['key', 'value', 'updated_at'])
        .where('workspace_id', '=', workspaceId)
        .where('table_name', '=', table)
        .where('key', '=', key)
        .executeTakeFirst();
      return row && { key: row.key, value: fromJsonText(row.value), updatedAt: row.updated_at };
    },
    async list(workspaceId, table, options = {}) {
      const { prefix } = options;
      const rows = await db
        .selectFrom('lookup_rows')
        .select(['key', 'value', 'updated_at'])
        .where('workspace_id', '=', workspaceId)
        .where('table_name', '=', table)
        // substr instead of LIKE, so `%` and `_` in keys mean themselves, whatever the collation.
        .$if(prefix !== undefined, (q) => q.where(sql<string>`substr(key, 1, ${[...(prefix ?? '')].length})`, '=', prefix ?? ''))
        .orderBy('key')
        .limit(options.limit ?? 1000)
        .execute();
      return rows.map((row) => ({ key: row.key, value: fromJsonText(row.value), updatedAt: row.updated_at }));
    },
    async listTables(workspaceId) {
      const rows = await db.selectFrom('lookup_rows').select('table_name').distinct().where('workspace_id', '=', workspaceId).orderBy('table_name').execute();
      return rows.map((r) => r.table_name);
    },
    async delete(workspaceId, table, key) {
      const result = await db
        .deleteFrom('lookup_rows')
        .where('workspace_id', '=', workspaceId)
        .where('table_name', '=', table)
        .where('key', '=', key)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
