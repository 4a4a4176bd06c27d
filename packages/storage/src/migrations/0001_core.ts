import type { Kysely } from 'kysely';

/**
 * Workspaces, API tokens, flows with immutable versions, endpoint sessions and traces, lookup
 * tables, calendars and the audit log: what the data endpoint and the admin API need first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('workspaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();

  await db.schema
    .createTable('flows')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('published_version', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('flows_pk', ['workspace_id', 'id'])
    .execute();

  await db.schema
    .createTable('flow_versions')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('flow_json', 'text', (c) => c.notNull())
    .addColumn('endpoint_config', 'text')
    .addColumn('policy', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('flow_versions_pk', ['workspace_id', 'flow_id', 'number'])
    .addForeignKeyConstraint('flow_versions_flow_fk', ['workspace_id', 'flow_id'], 'flows', ['workspace_id', 'id'], (f) =>
      f.onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createTable('endpoint_sessions')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('flow_token', 'text', (c) => c.notNull())
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer')
    .addColumn('screen', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addPrimaryKeyConstraint('endpoint_sessions_pk', ['workspace_id', 'flow_token'])
    .execute();

  await db.schema
    .createTable('endpoint_traces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer')
    .addColumn('screen', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('handler_error', 'text')
    .addColumn('fallback_used', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('endpoint_traces_flow_at').on('endpoint_traces').columns(['workspace_id', 'flow_id', 'at']).execute();

  await db.schema
    .createTable('lookup_rows')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('lookup_rows_pk', ['workspace_id', 'table_name', 'key'])
    .execute();

  await db.schema
    .createTable('calendar_resources')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull())
    .addColumn('slot_minutes', 'integer', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('calendar_resources_pk', ['workspace_id', 'id'])
    .execute();

  await db.schema
    .createTable('opening_hours')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('weekday', 'integer', (c) => c.notNull())
    .addColumn('opens', 'text', (c) => c.notNull())
    .addColumn('closes', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('opening_hours_pk', ['workspace_id', 'resource_id', 'weekday', 'opens'])
    .addForeignKeyConstraint('opening_hours_resource_fk', ['workspace_id', 'resource_id'], 'calendar_resources', ['workspace_id', 'id'], (f) =>
      f.onDelete('cascade'),
    )
    .execute();

  // A confirmed booking holds one seat of its slot; the unique constraint makes overbooking
  // impossible even if two writers passed the capacity check. Cancelled bookings release the seat (NULL).
  await db.schema
    .createTable('bookings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('slot_start', 'bigint', (c) => c.notNull())
    .addColumn('slot_end', 'bigint', (c) => c.notNull())
    .addColumn('seat', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text')
    .addColumn('send_id', 'text')
    .addColumn('reference', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('cancelled_at', 'bigint')
    .addUniqueConstraint('bookings_slot_seat', ['workspace_id', 'resource_id', 'slot_start', 'seat'])
    .addForeignKeyConstraint('bookings_resource_fk', ['workspace_id', 'resource_id'], 'calendar_resources', ['workspace_id', 'id'], (f) =>
      f.onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('details', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_workspace_at').on('audit_log').columns(['workspace_id', 'at']).execute();
}
