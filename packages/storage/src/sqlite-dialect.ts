import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';

/** Starts write transactions with BEGIN IMMEDIATE so several processes on one file never deadlock on lock upgrade. */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/** Opens a SQLite file in WAL mode with NORMAL sync, foreign keys and a busy timeout, as a Kysely dialect. */
export function createSqliteDialect(file: string, busyTimeoutMs = 5000): SqliteDialect {
  return new ImmediateSqliteDialect({
    database: () => {
      const db = new BetterSqlite3(file, { timeout: busyTimeoutMs });
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      return Promise.resolve(db);
    },
  });
}
