import type { Kysely } from 'kysely';

/**
 * Scenario tests stored with their Flow (docs/governance.md): each is a scenario document (docs/scenarios.md)
 * without a Flow path or endpoint, run against whichever version is reviewed. Listed in position order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('flow_scenarios')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('flow_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    // The scenario as JSON text: name, start, flowAction, flowToken and steps.
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('flow_scenarios_pk', ['workspace_id', 'flow_id', 'name'])
    .addForeignKeyConstraint('flow_scenarios_flow', ['workspace_id', 'flow_id'], 'flows', ['workspace_id', 'id'], (fk) => fk.onDelete('cascade'))
    .execute();
}
