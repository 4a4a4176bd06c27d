import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server tests may use (FLOWLINE_TEST_DATABASE_URL), or undefined to run on SQLite only. */
export function testDatabaseUrl(): string | undefined {
  const url = process.env['FLOWLINE_TEST_DATABASE_URL'];
  return url === undefined || url === '' ? undefined : url;
}

/** A schema name no other test run uses (`<prefix>_<pid>_<random>`), and a way to drop it afterwards. */
export function throwawaySchema(url: string, prefix: string): { readonly schema: string; drop(): Promise<void> } {
  const schema = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  return {
    schema,
    async drop() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
