/** One row of a lookup table kept in Flowline (for example departments or products). */
export type LookupRow = Readonly<Record<string, unknown>>;

/** Lookup tables by name. */
export interface LookupStore {
  rows(table: string): Promise<readonly LookupRow[] | undefined>;
  put(table: string, rows: readonly LookupRow[]): Promise<void>;
}

/** An in-memory lookup store. */
export function createMemoryLookupStore(initial: Readonly<Record<string, readonly LookupRow[]>> = {}): LookupStore {
  const tables = new Map<string, readonly LookupRow[]>(Object.entries(initial));
  return {
    rows: (table) => Promise.resolve(tables.get(table)),
    put: (table, rows) => {
      tables.set(table, rows);
      return Promise.resolve();
    },
  };
}
