import pg from 'pg';
import { PostgresDialect } from 'kysely';

const INT8_OID = 20;

/** Parses int8 (our epoch-millisecond columns and counts) as numbers; epoch ms fit exactly in a double. */
function getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
  return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
}

/** Connection settings of a PostgreSQL pool (docs/scale-out.md). */
export interface PostgresPoolOptions {
  /** Connections the pool opens at most (default 10); every instance opens its own pool. */
  readonly poolMax?: number;
  /** Longest a statement may run before the server cancels it, in ms (default 30,000; 0 = no limit). */
  readonly statementTimeoutMs?: number;
}

/** Defaults of the pool options. */
export const DEFAULT_POOL_MAX = 10;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

/** The connection settings of a pool or a single client: types, search_path and statement timeout. */
export function postgresClientConfig(databaseUrl: string, schema: string | undefined, options: PostgresPoolOptions = {}): pg.ClientConfig {
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  return {
    connectionString: databaseUrl,
    // pg types getTypeParser as an overload set; ours implements both overloads.
    types: { getTypeParser } as pg.CustomTypesConfig,
    ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
    ...(schema === undefined ? {} : { options: `-c search_path=${quoteIdentifier(schema)}` }),
  };
}

/** Creates a PostgreSQL pool (optionally pinned to one schema through search_path) and its Kysely dialect. */
export function createPostgresDialect(databaseUrl: string, schema?: string, options: PostgresPoolOptions = {}): { dialect: PostgresDialect; pool: pg.Pool } {
  const pool = new pg.Pool({ ...postgresClientConfig(databaseUrl, schema, options), max: options.poolMax ?? DEFAULT_POOL_MAX });
  // An idle connection that the server drops (restart, failover, a proxy timing out) is reported as an
  // 'error' event on the pool; unheard, it would end the process. pg has already discarded the client,
  // and the next query opens a new connection, so there is nothing more to do (readiness reports the outage).
  pool.on('error', () => undefined);
  // A connection that drops while a query holds it (checked out, so the pool's idle listener is off)
  // rejects that query AND emits 'error' on the client: unheard, that event is an uncaught exception that
  // ends the process. The query's caller already has the error, and the pool discards a client that is
  // no longer queryable when it is released, so the event needs no further handling here.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return { dialect: new PostgresDialect({ pool }), pool };
}

/** Quotes a SQL identifier (a schema name from configuration). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
