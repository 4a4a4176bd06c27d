import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A new PostgreSQL database on the test server (`<prefix>_<pid>_<random>`), for tests of several
 * instances: LISTEN/NOTIFY channels and advisory locks are per database, so a database of its own keeps
 * a test from hearing or waiting on others. `drop` ends its connections and drops it.
 */
export async function throwawayDatabase(url: string, prefix: string): Promise<{ readonly name: string; readonly url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database "${name}"`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  return { name, url: target.toString(), drop: () => admin(`drop database if exists "${name}" with (force)`) };
}
