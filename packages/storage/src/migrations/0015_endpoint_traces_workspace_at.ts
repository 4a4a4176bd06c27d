import type { Kysely } from 'kysely';

/**
 * Trace retention deletes and counts a workspace's traces by age (`prune`): without an index that starts
 * with (workspace_id, at) every prune scanned the workspace's whole trace table. The existing
 * (workspace_id, flow_id, at) index serves the per-Flow listing only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('endpoint_traces_workspace_at').on('endpoint_traces').columns(['workspace_id', 'at', 'id']).execute();
}

