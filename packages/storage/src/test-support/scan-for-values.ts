import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Where a searched value was found: the table (or file), the column and a short excerpt around it. */
export interface FoundValue {
  readonly where: string;
  readonly column: string;
  readonly value: string;
  readonly excerpt: string;
}

/** Runs one read-only SQL query on the database under test. */
export type RawQuery = (sql: string, params?: readonly unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * Every table of the database, enumerated at run time (SQLite: sqlite_master; PostgreSQL: the current
 * schema in information_schema), so a table added by a later migration is scanned without naming it.
 */
export async function listTables(query: RawQuery, backend: 'sqlite' | 'postgres'): Promise<string[]> {
  const rows = backend === 'sqlite'
    ? await query(`select name as table_name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`)
    : await query(`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`);
  return rows.map((r) => String(r['table_name']));
}

function asText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function find(where: string, column: string, text: string, values: readonly string[], found: FoundValue[]): void {
  const lower = text.toLowerCase();
  for (const value of values) {
    const i = lower.indexOf(value.toLowerCase());
    if (i >= 0) found.push({ where, column, value, excerpt: text.slice(Math.max(0, i - 40), i + value.length + 40) });
  }
}

/**
 * Scans every column of every row of every table for any of `values` (case-insensitive, also inside JSON
 * text): the proof that an erased value has no copy left anywhere in the database.
 */
export async function scanTablesFor(query: RawQuery, backend: 'sqlite' | 'postgres', values: readonly string[]): Promise<FoundValue[]> {
  const found: FoundValue[] = [];
  for (const table of await listTables(query, backend)) {
    for (const row of await query(`select * from "${table.replace(/"/g, '""')}"`)) {
      for (const [column, value] of Object.entries(row)) {
        const text = asText(value);
        if (text !== undefined) find(table, column, text, values, found);
      }
    }
  }
  return found;
}

/** Scans every file under `dir` (names and contents) for any of `values`; a missing folder holds nothing. */
export function scanFilesFor(dir: string, values: readonly string[]): FoundValue[] {
  const found: FoundValue[] = [];
  if (!existsSync(dir)) return found;
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      find(full, '(file name)', name, values, found);
      if (statSync(full).isDirectory()) walk(full);
      else find(full, '(contents)', readFileSync(full).toString('latin1'), values, found);
    }
  };
  walk(dir);
  return found;
}

/** A phone number (digits, with or without `+`) in the formats people and systems write it. */
export function phoneFormats(phone: string): string[] {
  const digits = phone.replace(/\D/g, '');
  const national = digits.slice(-10);
  const [a, b, c] = [national.slice(0, 3), national.slice(3, 6), national.slice(6)];
  const country = digits.slice(0, digits.length - 10);
  return [...new Set([digits, `+${digits}`, national, `${a}-${b}-${c}`, `(${a}) ${b}-${c}`, `${a} ${b} ${c}`, `+${country} ${a} ${b} ${c}`, `+${country} ${a}-${b}-${c}`])];
}
