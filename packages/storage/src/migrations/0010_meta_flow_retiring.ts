import type { Kysely } from 'kysely';

/**
 * A published Meta Flow is retired, not deprecated at once, while customers are still in it:
 * - `sends.graph_flow_id`: the Meta Flow a WhatsApp send opened (the interactive message's `flow_id`, or
 *   the template's FLOW button), null for sandbox sends and sends made before this migration;
 * - `meta_flows.retiring_at`: when a newer version replaced this Meta Flow; it is deprecated on Meta once
 *   no open send that uses it is younger than the flow-token lifetime.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sends').addColumn('graph_flow_id', 'text').execute();
  await db.schema.createIndex('sends_graph_flow').on('sends').columns(['workspace_id', 'graph_flow_id', 'status']).execute();
  await db.schema.alterTable('meta_flows').addColumn('retiring_at', 'bigint').execute();
}
