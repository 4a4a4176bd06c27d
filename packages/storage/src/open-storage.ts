import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { Kysely, Migrator, sql, type Dialect, type MigrationResult } from 'kysely';
import type { Database } from './database.js';
import type { Backend } from './dialect/executor.js';
import { migrationProvider, migrations } from './migrations/index.js';
import { readOperationsStats, type OperationsStats } from './repositories/operations-stats.js';
import { createPostgresChangeFeed, createQuietChangeFeed, type ChangeFeed } from './dialect/change-feed.js';
import { createPostgresDialect, quoteIdentifier, type PostgresPoolOptions } from './dialect/postgres-dialect.js';
import { createRepositories, type Repositories } from './repositories/repositories.js';
import { createSqliteDialect } from './dialect/sqlite-dialect.js';
import { StorageError } from './storage-error.js';

/**
 * Where the data lives: a SQLite file `<dataDir>/flowline.db`, or a PostgreSQL database (optionally one
 * schema of it) with its pool size and statement timeout.
 */
export type StorageConfig = { dataDir: string; busyTimeoutMs?: number } | ({ databaseUrl: string; schema?: string } & PostgresPoolOptions);

/** An open storage: every repository, transactions across them, and close. */
export interface Storage extends Repositories {
  readonly backend: Backend;
  /** Runs `fn` with repositories bound to one transaction; it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
  /** Names of the migrations applied, in order. */
  appliedMigrations(): Promise<string[]>;
  /** Names of the migrations this code knows that the database has not applied (readiness: empty when ready). */
  pendingMigrations(): Promise<string[]>;
  /** Deployment-wide outbox counts and ages for monitoring (every workspace; counts only). */
  operationsStats(nowMs: number): Promise<OperationsStats>;
  /** Connections of the PostgreSQL pool (open, idle, callers waiting, maximum); undefined on SQLite (one connection). */
  poolStats(): PoolStats | undefined;
  /**
   * Changes committed by any instance on the same database (PostgreSQL LISTEN/NOTIFY; on SQLite nothing
   * is pushed and `live` is false). Its connection opens at the first subscription; `close` closes it.
   */
  readonly changes: ChangeFeed;
  close(): Promise<void>;
}

/** Connections of a PostgreSQL pool. */
export interface PoolStats {
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
  readonly max: number;
}

const MIGRATION_TABLE = 'flowline_migrations';
const MIGRATION_LOCK_TABLE = 'flowline_migration_lock';

/** Opens the storage and applies pending migrations under the migration lock. */
export async function openStorage(config: StorageConfig): Promise<Storage> {
  const { dialect, backend, prepare, pool } = toDialect(config);
  const db = new Kysely<Database>({ dialect });
  let migrationSchema: string | undefined;
  try {
    migrationSchema = 'databaseUrl' in config ? await migratePostgres(config) : await prepareAndMigrate(db, prepare);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const migrator = newMigrator(db, migrationSchema);
  const changes = 'databaseUrl' in config ? createPostgresChangeFeed(config.databaseUrl, migrationSchema ?? 'public', config) : createQuietChangeFeed();
  return {
    backend,
    ...createRepositories(db, backend),
    transaction: (fn) => db.transaction().execute((tx) => fn(createRepositories(tx, backend))),
    async appliedMigrations() {
      const all = await migrator.getMigrations();
      return all.filter((m) => m.executedAt !== undefined).map((m) => m.name);
    },
    async pendingMigrations() {
      const applied = new Set((await migrator.getMigrations()).filter((m) => m.executedAt !== undefined).map((m) => m.name));
      return Object.keys(migrations).filter((name) => !applied.has(name));
    },
    operationsStats: (nowMs) => readOperationsStats(db, nowMs),
    poolStats: () => (pool === undefined ? undefined : { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 10 }),
    changes,
    close: async () => {
      await changes.close();
      await db.destroy();
    },
  };
}

async function prepareAndMigrate(db: Kysely<Database>, prepare: (db: Kysely<Database>) => Promise<string | undefined>): Promise<string | undefined> {
  const schema = await prepare(db);
  await migrate(db, schema);
  return schema;
}

/**
 * Several instances starting at once on one PostgreSQL: one of them creates the schema and applies the
 * migrations while the others wait on a session advisory lock (keyed by the schema), then find nothing
 * left to do. Kysely's migrator takes its own lock too, but only after creating its tables and our
 * schema outside any lock, which concurrent starts may race on. Migrating uses its own two connections
 * without the statement timeout: waiting for the lock, or a long migration, is not a stuck query.
 */
async function migratePostgres(config: { databaseUrl: string; schema?: string }): Promise<string | undefined> {
  const { dialect, prepare } = toDialect({ databaseUrl: config.databaseUrl, ...(config.schema === undefined ? {} : { schema: config.schema }), poolMax: 2, statementTimeoutMs: 0 });
  const db = new Kysely<Database>({ dialect });
  const key = `flowline_migrations:${config.schema ?? ''}`;
  try {
    return await db.connection().execute(async (connection) => {
      await sql`select pg_advisory_lock(hashtext(${key}))`.execute(connection);
      try {
        return await prepareAndMigrate(db, prepare);
      } finally {
        await sql`select pg_advisory_unlock(hashtext(${key}))`.execute(connection);
      }
    });
  } finally {
    await db.destroy();
  }
}

/**
 * `prepare` returns the schema that holds the migration tables on PostgreSQL. Kysely's Migrator looks
 * for its tables in every schema unless told which, so a migration table left in another schema of the
 * same database would make it skip creating its own; naming the current schema avoids that.
 */
function toDialect(config: StorageConfig): { dialect: Dialect; backend: Backend; prepare: (db: Kysely<Database>) => Promise<string | undefined>; pool?: pg.Pool } {
  if ('databaseUrl' in config) {
    const { dialect, pool } = createPostgresDialect(config.databaseUrl, config.schema, config);
    const schema = config.schema;
    return {
      dialect,
      pool,
      backend: 'postgres',
      prepare: async (db) => {
        if (schema !== undefined) await sql.raw(`create schema if not exists ${quoteIdentifier(schema)}`).execute(db);
        const current = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
        return current.rows[0]?.schema ?? schema ?? 'public';
      },
    };
  }
  if (config.dataDir === '') throw new StorageError('ERR_STORAGE_CONFIG', 'dataDir must name a directory');
  const file = join(config.dataDir, 'flowline.db');
  restrictSqliteFiles(config.dataDir, file);
  return { dialect: createSqliteDialect(file, config.busyTimeoutMs), backend: 'sqlite', prepare: () => Promise.resolve(undefined) };
}

/**
 * The data directory (0700) and the database with its WAL and shared-memory files (0600) are readable by
 * their owner only, also when they existed with wider modes. The database file is created here with 0600
 * before SQLite opens it: SQLite gives the WAL and -shm files the mode of the database file.
 */
function restrictSqliteFiles(dataDir: string, file: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(path)) chmodSync(path, 0o600);
  }
}

function newMigrator(db: Kysely<Database>, schema: string | undefined): Migrator {
  return new Migrator({
    db, provider: migrationProvider, migrationTableName: MIGRATION_TABLE, migrationLockTableName: MIGRATION_LOCK_TABLE,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
}

async function migrate(db: Kysely<Database>, schema: string | undefined): Promise<MigrationResult[]> {
  const { error, results } = await newMigrator(db, schema).migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new StorageError('ERR_STORAGE_MIGRATION', `migration ${failed} failed`, { cause: error });
  }
  return results ?? [];
}
