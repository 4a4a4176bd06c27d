import type { Kysely } from 'kysely';

/**
 * Channels: webhook receipts (dedupe by message id), links between Flows and their Graph API ids,
 * the Flow health webhooks received, and the sandbox phone's chats and Flow sessions.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('webhook_receipts')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    // WhatsApp retries a webhook until it gets 200: the second delivery of a message id meets this key.
    .addPrimaryKeyConstraint('webhook_receipts_pk', ['workspace_id', 'dedupe_key'])
    .execute();

  await db.schema
    .createTable('graph_flow_links')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('graph_flow_id', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('graph_flow_links_pk', ['workspace_id', 'flow_id'])
    .execute();

  await db.schema
    .createTable('flow_health_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('flow_id', 'text')
    .addColumn('graph_flow_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('alert_state', 'text')
    .addColumn('new_status', 'text')
    .addColumn('message', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('flow_health_events_workspace_at').on('flow_health_events').columns(['workspace_id', 'at']).execute();

  await db.schema
    .createTable('sandbox_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('send_id', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('sandbox_messages_message', ['workspace_id', 'message_id'])
    .execute();
  await db.schema.createIndex('sandbox_messages_chat').on('sandbox_messages').columns(['workspace_id', 'contact_id', 'at']).execute();

  await db.schema
    .createTable('sandbox_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('send_id', 'text')
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('sandbox_sessions_message', ['workspace_id', 'message_id'])
    .execute();

  // Message-status webhooks name the outbound message id; find its send without a scan.
  await db.schema.createIndex('sends_workspace_message').on('sends').columns(['workspace_id', 'message_id']).execute();
}
