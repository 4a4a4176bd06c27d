import type { Storage } from '@flowline/storage';
import { isJsonObject } from '@flowline/core';
import type { LookupRow, LookupStore } from './lookup-store.js';

/**
 * Lookup tables kept in storage (rows ordered by key; object values are the rows, other values
 * become `{key, value}`), cached per table for `ttlMs` so a busy Flow does not read them per request.
 */
export function createStorageLookupStore(storage: Storage, workspaceId: string, now: () => number, ttlMs = 1000): LookupStore {
  const cache = new Map<string, { readonly at: number; readonly rows: readonly LookupRow[] | undefined }>();
  return {
    async rows(table) {
      const cached = cache.get(table);
      if (cached !== undefined && now() - cached.at < ttlMs) return cached.rows;
      const stored = await storage.lookupTables.list(workspaceId, table);
      let rows: readonly LookupRow[] | undefined = stored.map((row) =>
        isJsonObject(row.value) ? (row.value as LookupRow) : { key: row.key, value: row.value },
      );
      if (rows.length === 0 && !(await storage.lookupTables.listTables(workspaceId)).includes(table)) rows = undefined;
      cache.set(table, { at: now(), rows });
      return rows;
    },
    async put(table, rows) {
      await storage.lookupTables.replace(workspaceId, table, rows.map((value, index) => ({ key: String(index).padStart(6, '0'), value })), now());
      cache.delete(table);
    },
  };
}
