import type { Kysely } from 'kysely';

/**
 * WhatsApp on Meta: the connection of a workspace (ids in clear, secrets sealed by the server), the Meta
 * Flows each Flowline Flow was pushed to (a history: a published Meta Flow is immutable, so a new version
 * gets a new Meta Flow), and the fidelity findings where Meta's validator and Flowline's disagree.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('whatsapp_connections')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
    .addColumn('waba_id', 'text', (c) => c.notNull())
    .addColumn('phone_number_id', 'text', (c) => c.notNull())
    .addColumn('graph_base_url', 'text', (c) => c.notNull())
    .addColumn('graph_api_version', 'text', (c) => c.notNull())
    // Sealed (AES-256-GCM) by the server; storage never sees the plaintext.
    .addColumn('access_token_sealed', 'text', (c) => c.notNull())
    .addColumn('app_secret_sealed', 'text')
    .addColumn('verify_token_sealed', 'text')
    .addColumn('key_status', 'text')
    .addColumn('key_checked_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('meta_flows')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('graph_flow_id', 'text', (c) => c.notNull())
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // The Flowline version last uploaded as its flow.json (null before the first push).
    .addColumn('version', 'integer')
    .addColumn('validation_errors', 'text', (c) => c.notNull())
    .addColumn('health', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .addPrimaryKeyConstraint('meta_flows_pk', ['workspace_id', 'graph_flow_id'])
    .execute();
  await db.schema.createIndex('meta_flows_flow').on('meta_flows').columns(['workspace_id', 'flow_id', 'created_at']).execute();
  // `flows` webhooks name only Meta's id.
  await db.schema.createIndex('meta_flows_graph').on('meta_flows').columns(['graph_flow_id']).execute();

  // Message templates with a FLOW button, as created on the WABA; Meta reviews them (PENDING → APPROVED / REJECTED).
  await db.schema
    .createTable('whatsapp_templates')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('graph_template_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('graph_flow_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('components', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('whatsapp_templates_pk', ['workspace_id', 'name', 'language'])
    .execute();

  await db.schema
    .createTable('fidelity_findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('graph_flow_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('fidelity_findings_workspace_at').on('fidelity_findings').columns(['workspace_id', 'at']).execute();
}
