import { sql, type Kysely } from 'kysely';

/**
 * Connector secrets (a webhook's signing `secret` and `headers` values) were stored in plain text in
 * `routing_rules.actions` and copied into `outbox_actions.payload`. From now on they are stored sealed
 * (the server seals them with its key passphrase, which storage never sees). This migration lists the
 * rows written before that may hold plain secrets; the server seals them at its next start and removes
 * each row from the list in the same transaction (`storage.secretSealing`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('secret_sealing_backlog')
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('row_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('secret_sealing_backlog_pk', ['table_name', 'row_id'])
    .execute();
  await fillSecretSealingBacklog(db);
}

/**
 * Lists every rule and outbox row whose JSON names a `secret` or `headers` option (a superset of those
 * holding plain secrets; the server skips rows already sealed). Idempotent; the same SQL on both backends.
 */
export async function fillSecretSealingBacklog<T>(db: Kysely<T>): Promise<void> {
  await sql`INSERT INTO secret_sealing_backlog (table_name, row_id, workspace_id)
    SELECT 'routing_rules', id, workspace_id FROM routing_rules WHERE actions LIKE '%"secret":%' OR actions LIKE '%"headers":%'
    ON CONFLICT (table_name, row_id) DO NOTHING`.execute(db);
  await sql`INSERT INTO secret_sealing_backlog (table_name, row_id, workspace_id)
    SELECT 'outbox_actions', id, workspace_id FROM outbox_actions WHERE payload LIKE '%"secret":%' OR payload LIKE '%"headers":%'
    ON CONFLICT (table_name, row_id) DO NOTHING`.execute(db);
}
