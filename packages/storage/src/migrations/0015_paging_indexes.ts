import type { Kysely } from 'kysely';

/**
 * Indexes for reading a workspace's rows in time order without scanning them all:
 * - trace retention deletes and counts a workspace's traces by age (`endpointTraces.prune`); the
 *   (workspace_id, flow_id, at) index serves the per-Flow listing only;
 * - an export pages through a Flow's submissions by the key (received_at, id); with `id` in the index
 *   each page is one range read with no sort, and it replaces the (workspace_id, flow_id, received_at)
 *   index, which it covers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('endpoint_traces_workspace_at').on('endpoint_traces').columns(['workspace_id', 'at', 'id']).execute();
  await db.schema.createIndex('submissions_workspace_flow_key').on('submissions').columns(['workspace_id', 'flow_id', 'received_at', 'id']).execute();
  await db.schema.dropIndex('submissions_workspace_flow').execute();
}
