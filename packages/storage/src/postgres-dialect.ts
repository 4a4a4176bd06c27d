import pg from 'pg';
import { PostgresDialect } from 'kysely';

const INT8_OID = 20;

/** Parses int8 (our epoch-millisecond columns and counts) as numbers; epoch ms fit exactly in a double. */
function getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
  return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
}

/** Creates a PostgreSQL pool (optionally pinned to one schema through search_path) and its Kysely dialect. */
export function createPostgresDialect(databaseUrl: string, schema?: string): { dialect: PostgresDialect; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    // pg types getTypeParser as an overload set; ours implements both overloads.
    types: { getTypeParser } as pg.CustomTypesConfig,
    ...(schema === undefined ? {} : { options: `-c search_path=${quoteIdentifier(schema)}` }),
  });
  // An idle connection that the server drops (restart, failover, a proxy timing out) is reported as an
  // 'error' event on the pool; unheard, it would end the process. pg has already discarded the client,
  // and the next query opens a new connection, so there is nothing more to do (readiness reports the outage).
  pool.on('error', () => undefined);
  return { dialect: new PostgresDialect({ pool }), pool };
}

/** Quotes a SQL identifier (a schema name from configuration). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
