import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Governance: the review of a Flow version before it reaches customers (its state and every step of the
 * review: submissions, approvals, change requests, comments, overrides, publishes), each workspace's
 * review settings, and the before/after of audit entries. The audit log becomes append-only in the
 * database itself: a trigger refuses UPDATE and DELETE of its rows (on SQLite and PostgreSQL), except
 * when the rows go with their whole workspace.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('governance_settings')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
    .addColumn('review_required', 'integer', (c) => c.notNull())
    .addColumn('approvals_required', 'integer', (c) => c.notNull())
    // JSON array of the roles whose approval counts (e.g. ["reviewer","admin"]).
    .addColumn('approver_roles', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('version_reviews')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    // draft | in_review | changes_requested | approved | published | deprecated
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'text')
    .addColumn('submitted_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('version_reviews_pk', ['workspace_id', 'flow_id', 'version'])
    .execute();

  await db.schema
    .createTable('version_review_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    // submit | approve | request_changes | comment | publish | emergency_publish | rollback
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('details', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('version_review_events_version').on('version_review_events').columns(['workspace_id', 'flow_id', 'version', 'at']).execute();

  await db.schema.alterTable('audit_log').addColumn('before', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('after', 'text').execute();
  await db.schema.createIndex('audit_log_workspace_actor').on('audit_log').columns(['workspace_id', 'actor', 'at']).execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`
      create or replace function flowline_audit_log_append_only() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' and not exists (select 1 from workspaces where id = old.workspace_id) then
          return old;
        end if;
        raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'P0001';
      end
      $$`.execute(db);
    await sql`create trigger audit_log_append_only before update or delete on audit_log for each row execute function flowline_audit_log_append_only()`.execute(db);
  } else {
    await sql`create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only: UPDATE refused'); end`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log when exists (select 1 from workspaces where id = old.workspace_id) begin select raise(abort, 'audit_log is append-only: DELETE refused'); end`.execute(db);
  }
}
