import type { Kysely } from 'kysely';

/**
 * The send-receive-act pipeline: channels, contacts, conversations, sends with their flow tokens,
 * submissions, routing rules, the outbox with its delivery log, the inbox and measurement events.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('channels')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('phone_number_id', 'text', (c) => c.unique())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('channels_pk', ['workspace_id', 'id'])
    .execute();

  await db.schema
    .createTable('contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('opted_in', 'integer', (c) => c.notNull())
    .addColumn('opted_in_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('contacts_workspace_phone', ['workspace_id', 'phone'])
    .execute();

  await db.schema
    .createTable('conversations')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('last_inbound_at', 'bigint')
    .addColumn('last_outbound_at', 'bigint')
    .addPrimaryKeyConstraint('conversations_pk', ['workspace_id', 'contact_id'])
    .execute();

  await db.schema
    .createTable('sends')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('flow_token', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('sends_workspace_id', ['workspace_id', 'id'])
    .addForeignKeyConstraint('sends_version_fk', ['workspace_id', 'flow_id', 'version'], 'flow_versions', ['workspace_id', 'flow_id', 'number'])
    .execute();
  await db.schema.createIndex('sends_workspace_flow').on('sends').columns(['workspace_id', 'flow_id', 'created_at']).execute();

  await db.schema
    .createTable('submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer')
    .addColumn('send_id', 'text')
    .addColumn('flow_token', 'text')
    .addColumn('message_id', 'text')
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('contract_ok', 'integer', (c) => c.notNull())
    .addColumn('contract_problems', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    // A webhook delivered twice carries the same message id: the second write is refused.
    .addUniqueConstraint('submissions_workspace_message', ['workspace_id', 'message_id'])
    // Composite, so a submission can only name a send of its own workspace.
    .addForeignKeyConstraint('submissions_send_fk', ['workspace_id', 'send_id'], 'sends', ['workspace_id', 'id'])
    .execute();
  await db.schema.createIndex('submissions_workspace_flow').on('submissions').columns(['workspace_id', 'flow_id', 'received_at']).execute();

  await db.schema
    .createTable('routing_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('flow_id', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('routing_rules_workspace_position').on('routing_rules').columns(['workspace_id', 'position']).execute();

  await db.schema
    .createTable('outbox_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('submission_id', 'text', (c) => c.references('submissions.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_token', 'text')
    .addColumn('lease_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('outbox_actions_idempotency', ['workspace_id', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('outbox_actions_due').on('outbox_actions').columns(['status', 'next_attempt_at']).execute();

  await db.schema
    .createTable('outbox_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('action_id', 'text', (c) => c.notNull().references('outbox_actions.id').onDelete('cascade'))
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outbox_deliveries_action').on('outbox_deliveries').columns(['action_id', 'attempt']).execute();

  await db.schema
    .createTable('inbox_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('assignee', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('submission_id', 'text', (c) => c.references('submissions.id'))
    .addColumn('contact_id', 'text', (c) => c.references('contacts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .execute();
  await db.schema.createIndex('inbox_items_queue').on('inbox_items').columns(['workspace_id', 'queue', 'status', 'priority']).execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('flow_id', 'text')
    .addColumn('version', 'integer')
    .addColumn('send_id', 'text')
    .addColumn('screen', 'text')
    .addColumn('data', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_workspace_flow_at').on('events').columns(['workspace_id', 'flow_id', 'at']).execute();
}
