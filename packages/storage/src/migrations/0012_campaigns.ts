import type { Kysely } from 'kysely';

/**
 * Campaigns: a contact's opt-in source (an imported audience must say where consent came from), the
 * campaigns themselves and one row per recipient — the idempotency record of its send, committed before
 * the Cloud API is called so that a crash can never lead to a blind second send.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('contacts').addColumn('opt_in_source', 'text').execute();

  await db.schema
    .createTable('campaigns')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    // The name routing's `exclude_from_campaign` action refers to (tag `campaign-exclusion:<name>`).
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // Arms (Flow, version, template, weight), segment, personalisation and options as JSON.
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('seed', 'text', (c) => c.notNull())
    .addColumn('messages_per_second', 'integer', (c) => c.notNull())
    .addColumn('start_at', 'bigint')
    .addColumn('enqueued_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    // One dispatcher works a campaign at a time (processes, cluster workers, instances): its lease.
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaigns_pk', ['workspace_id', 'id'])
    .execute();
  await db.schema.createIndex('campaigns_name').on('campaigns').columns(['workspace_id', 'name']).unique().execute();
  await db.schema.createIndex('campaigns_status').on('campaigns').columns(['status']).execute();

  await db.schema
    .createTable('campaign_recipients')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('arm', 'text', (c) => c.notNull())
    // queued → sending → sent | failed | queued (a refusal Meta answered: safe to retry) | unknown → sent | review; excluded; cancelled.
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('send_id', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('error_code', 'integer')
    .addColumn('reason', 'text')
    .addColumn('state_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addPrimaryKeyConstraint('campaign_recipients_pk', ['workspace_id', 'campaign_id', 'contact_id'])
    .execute();
  await db.schema.createIndex('campaign_recipients_due').on('campaign_recipients').columns(['campaign_id', 'state', 'next_attempt_at']).execute();
  // A campaign's report reads the events of its sends: without this, every send scans the events table.
  await db.schema.createIndex('events_workspace_send').on('events').columns(['workspace_id', 'send_id']).execute();
  await db.schema.createIndex('campaign_recipients_contact').on('campaign_recipients').columns(['workspace_id', 'contact_id', 'sent_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('events_workspace_send').execute();
  await db.schema.dropTable('campaign_recipients').execute();
  await db.schema.dropTable('campaigns').execute();
  await db.schema.alterTable('contacts').dropColumn('opt_in_source').execute();
}
