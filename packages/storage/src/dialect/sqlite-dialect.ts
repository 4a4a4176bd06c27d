import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';

/** Most prepared statements kept per connection (least recently used are dropped). */
const STATEMENT_CACHE_SIZE = 1024;

/**
 * One better-sqlite3 connection whose prepared statements are reused by SQL text: Kysely's own SQLite
 * driver prepares every query anew, which costs more than running it on the webhook and delivery paths.
 */
class CachingSqliteConnection implements DatabaseConnection {
  readonly #db: BetterSqlite3.Database;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
  }

  #prepare(sql: string): BetterSqlite3.Statement {
    let stmt = this.#statements.get(sql);
    if (stmt === undefined) {
      stmt = this.#db.prepare(sql);
      if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
        const oldest = this.#statements.keys().next();
        if (oldest.done !== true) this.#statements.delete(oldest.value);
      }
    } else {
      // Re-insert to mark it most recently used.
      this.#statements.delete(sql);
    }
    this.#statements.set(sql, stmt);
    return stmt;
  }

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters } = compiled;
    const stmt = this.#prepare(sql);
    if (stmt.reader) {
      // better-sqlite3 returns untyped rows; Kysely's query types describe them.
      return Promise.resolve({ rows: stmt.all(parameters) as R[] });
    }
    const { changes } = stmt.run(parameters);
    return Promise.resolve({ numAffectedRows: BigInt(changes), rows: [] });
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiled.query)) throw new Error('SQLite streams only select queries');
    // A fresh statement: an iterating statement cannot be shared with other queries meanwhile.
    for (const row of this.#db.prepare(compiled.sql).iterate(compiled.parameters)) yield { rows: [row as R] };
  }

  close(): void {
    this.#statements.clear();
    this.#db.close();
  }
}

/** Serialises use of the single SQLite connection (one transaction or query at a time). */
class ConnectionLock {
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  async acquire(): Promise<void> {
    const previous = this.#tail;
    let release: () => void = () => undefined;
    this.#tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.#release = release;
  }

  release(): void {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
}

/** Starts write transactions with BEGIN IMMEDIATE so several processes on one file never deadlock on lock upgrade. */
class CachingSqliteDriver implements Driver {
  readonly #open: () => BetterSqlite3.Database;
  readonly #lock = new ConnectionLock();
  #connection: CachingSqliteConnection | undefined;

  constructor(open: () => BetterSqlite3.Database) {
    this.#open = open;
  }

  init(): Promise<void> {
    this.#connection = new CachingSqliteConnection(this.#open());
    return Promise.resolve();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#lock.acquire();
    const connection = this.#connection;
    if (connection === undefined) {
      this.#lock.release();
      throw new Error('the SQLite storage is closed');
    }
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  releaseConnection(): Promise<void> {
    this.#lock.release();
    return Promise.resolve();
  }

  destroy(): Promise<void> {
    this.#connection?.close();
    this.#connection = undefined;
    return Promise.resolve();
  }
}

class CachingSqliteDialect implements Dialect {
  readonly #open: () => BetterSqlite3.Database;

  constructor(open: () => BetterSqlite3.Database) {
    this.#open = open;
  }

  createDriver(): Driver {
    return new CachingSqliteDriver(this.#open);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

/** Opens a SQLite file in WAL mode with NORMAL sync, foreign keys and a busy timeout, as a Kysely dialect with a prepared-statement cache. */
export function createSqliteDialect(file: string, busyTimeoutMs = 5000): Dialect {
  return new CachingSqliteDialect(() => {
    const db = new BetterSqlite3(file, { timeout: busyTimeoutMs });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    return db;
  });
}
