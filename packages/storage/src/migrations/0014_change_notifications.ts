import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Change notifications for several instances on one PostgreSQL (docs/scale-out.md): statement-level
 * triggers NOTIFY `flowline_outbox` when outbox actions are inserted (delivery workers wake at once
 * instead of polling) and `flowline_config` when Flows, Flow versions, routing rules or WhatsApp
 * connections change (per-instance caches reload). The payload is `<schema>.<table>`; a notification is
 * delivered at commit, and not at all on rollback. SQLite has no NOTIFY: nothing is created there and
 * instances keep polling.
 */
const CONFIG_TABLES = ['flows', 'flow_versions', 'routing_rules', 'whatsapp_connections'] as const;

function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`
    create or replace function flowline_notify_change() returns trigger language plpgsql as $$
    begin
      perform pg_notify(tg_argv[0], tg_table_schema || '.' || tg_table_name);
      return null;
    end
    $$`.execute(db);
  await sql`create trigger flowline_outbox_inserted after insert on outbox_actions for each statement execute function flowline_notify_change('flowline_outbox')`.execute(db);
  for (const table of CONFIG_TABLES) {
    await sql`create trigger ${sql.raw(`flowline_${table}_changed`)} after insert or update or delete on ${sql.table(table)} for each statement execute function flowline_notify_change('flowline_config')`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop trigger if exists flowline_outbox_inserted on outbox_actions`.execute(db);
  for (const table of CONFIG_TABLES) await sql`drop trigger if exists ${sql.raw(`flowline_${table}_changed`)} on ${sql.table(table)}`.execute(db);
  await sql`drop function if exists flowline_notify_change()`.execute(db);
}
