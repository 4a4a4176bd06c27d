import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { openStorage, type Storage } from '../open-storage.js';
import { newSecret } from '../new-id.js';
import { testDatabaseUrl, throwawaySchema } from './postgres-test-schema.js';

/** What a contract test gets: the storage under test, a way to open a second handle on the same database, fresh workspaces. */
export interface ContractHarness {
  readonly storage: Storage;
  readonly backend: 'sqlite' | 'postgres';
  /**
   * Another handle on the same database: on PostgreSQL a second pool; on SQLite the same handle, since two
   * better-sqlite3 connections in one thread block each other (one Storage per process is the SQLite rule).
   */
  openAnother(): Promise<Storage>;
  /** Opens a truly new handle on the same database (runs the migrator again); use it sequentially on SQLite. */
  reopen(): Promise<Storage>;
  /** Creates a workspace with a unique id, so tests never see each other's rows. */
  newWorkspace(): Promise<string>;
  /** Runs raw SQL outside the storage API, to inspect what is really stored. */
  rawQuery(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** Runs a raw SQL statement that writes, on a connection of its own (to prove what the database itself refuses). */
  rawExecute(sql: string): Promise<void>;
}

interface Backend {
  name: 'sqlite' | 'postgres';
  open(): Promise<Storage>;
  rawQuery(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]>;
  rawExecute(sql: string): Promise<void>;
  cleanup(): Promise<void>;
}

function backends(): Backend[] {
  const dir = mkdtempSync(join(tmpdir(), 'flowline-storage-'));
  const list: Backend[] = [
    {
      name: 'sqlite',
      open: () => openStorage({ dataDir: dir }),
      rawQuery(sql, params) {
        const db = new BetterSqlite3(join(dir, 'flowline.db'), { readonly: true });
        try {
          return Promise.resolve(db.prepare<unknown[], Record<string, unknown>>(sql).all(...params));
        } finally {
          db.close();
        }
      },
      async rawExecute(sql) {
        const db = new BetterSqlite3(join(dir, 'flowline.db'), { timeout: 5000 });
        try {
          await Promise.resolve(db.exec(sql));
        } finally {
          db.close();
        }
      },
      cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    },
  ];
  const url = testDatabaseUrl();
  if (url !== undefined) {
    const { schema, drop } = throwawaySchema(url, 'flowline_test');
    list.push({
      name: 'postgres',
      open: () => openStorage({ databaseUrl: url, schema }),
      async rawQuery(sql, params) {
        const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
        await client.connect();
        try {
          const result = await client.query<Record<string, unknown>>(sql, [...params]);
          return result.rows;
        } finally {
          await client.end();
        }
      },
      async rawExecute(sql) {
        const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
        await client.connect();
        try {
          await client.query(sql);
        } finally {
          await client.end();
        }
      },
      cleanup: drop,
    });
  }
  return list;
}

/** Declares a suite that runs once on SQLite and once on PostgreSQL when FLOWLINE_TEST_DATABASE_URL is set. */
export function describeContract(title: string, body: (harness: ContractHarness) => void): void {
  for (const backend of backends()) {
    describe(`${title} [${backend.name}]`, () => {
      const handles: Storage[] = [];
      let main: Storage | undefined;
      let workspaces = 0;
      before(async () => {
        main = await backend.open();
        handles.push(main);
      });
      after(async () => {
        for (const handle of handles) await handle.close();
        await backend.cleanup();
      });
      const harness: ContractHarness = {
        get storage() {
          if (!main) throw new Error('storage not open yet');
          return main;
        },
        backend: backend.name,
        rawQuery: (sql, params = []) => backend.rawQuery(sql, params),
        rawExecute: (sql) => backend.rawExecute(sql),
        async openAnother() {
          return backend.name === 'sqlite' ? harness.storage : harness.reopen();
        },
        async reopen() {
          const other = await backend.open();
          handles.push(other);
          return other;
        },
        async newWorkspace() {
          workspaces += 1;
          const id = `ws-${workspaces}-${newSecret(4)}`;
          const created = await harness.storage.workspaces.create({ id, name: `Workspace ${workspaces}`, at: 1_700_000_000_000 });
          if (!created.ok) throw new Error(created.message);
          return id;
        },
      };
      body(harness);
    });
  }
}
