import pg from 'pg';
import { PostgresDialect, sql, type DatabaseIntrospector, type DatabaseMetadata, type Kysely, type SchemaMetadata, type TableMetadata } from 'kysely';

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
  return { dialect: new OwnSchemaPostgresDialect({ pool }), pool };
}

/**
 * Kysely's PostgreSQL dialect whose introspection sees only the connection's own schema (the first of
 * its search_path). Kysely's migrator asks the introspector whether its tables exist, and Kysely's own
 * PostgreSQL introspector answers by reading every column of every table of EVERY schema, calling
 * pg_get_serial_sequence on each. On a database that other tenants or deployments share, a schema or
 * table dropped or altered meanwhile fails that read (3F000, 42P01, 42703) although it concerns none of
 * our tables, and a start or a readiness check fails with it. Looking at our schema only cannot race
 * with anyone else's.
 */
class OwnSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new OwnSchemaIntrospector(db);
  }
}

interface ColumnRow {
  table: string;
  schema: string;
  kind: string;
  column: string | null;
  type: string | null;
  typeSchema: string | null;
  notNull: boolean | null;
  hasDefault: boolean | null;
  identity: string | null;
  defaultExpression: string | null;
}

class OwnSchemaIntrospector implements DatabaseIntrospector {
  constructor(private readonly db: Kysely<unknown>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const result = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace`.execute(this.db);
    return result.rows.map((row) => ({ name: row.name }));
  }

  /**
   * Tables, views and partitioned tables of the current schema with their columns. Kysely's own
   * migration tables are included only when asked, as Kysely's introspector does.
   */
  async getTables(options: { withInternalKyselyTables: boolean } = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    const result = await sql<ColumnRow>`
      select c.relname as "table", ns.nspname as "schema", c.relkind as "kind",
             a.attname as "column", typ.typname as "type", tns.nspname as "typeSchema",
             a.attnotnull as "notNull", a.atthasdef as "hasDefault", a.attidentity as "identity",
             pg_catalog.pg_get_expr(d.adbin, d.adrelid) as "defaultExpression"
        from pg_catalog.pg_class c
        join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
        left join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        left join pg_catalog.pg_type typ on typ.oid = a.atttypid
        left join pg_catalog.pg_namespace tns on tns.oid = typ.typnamespace
        left join pg_catalog.pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
       where ns.nspname = current_schema() and c.relkind in ('r', 'v', 'p')
       order by c.relname, a.attnum`.execute(this.db);
    const tables = new Map<string, TableMetadata>();
    for (const row of result.rows) {
      if (!options.withInternalKyselyTables && (row.table === 'kysely_migration' || row.table === 'kysely_migration_lock')) continue;
      let table = tables.get(row.table);
      if (table === undefined) {
        table = { name: row.table, schema: row.schema, isView: row.kind === 'v', columns: [] };
        tables.set(row.table, table);
      }
      if (row.column === null) continue;
      table.columns.push({
        name: row.column,
        dataType: row.type ?? 'unknown',
        ...(row.typeSchema === null ? {} : { dataTypeSchema: row.typeSchema }),
        isNullable: row.notNull !== true,
        hasDefaultValue: row.hasDefault === true,
        isAutoIncrementing: (row.identity !== null && row.identity !== '') || (row.defaultExpression ?? '').startsWith('nextval('),
      });
    }
    return [...tables.values()];
  }

  async getMetadata(options?: { withInternalKyselyTables: boolean }): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}

/** Quotes a SQL identifier (a schema name from configuration). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
