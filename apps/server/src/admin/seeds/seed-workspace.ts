import type { Storage } from '@flowline/storage';
import { toStoredResource } from '../../endpoint/calendar/stored-resource.js';
import type { Seeds } from './load-seeds.js';

/** What seeding created this time (empty lists on a restart: seeding never overwrites). */
export interface SeedReport {
  readonly workspaceCreated: boolean;
  readonly flows: readonly string[];
  readonly resources: readonly string[];
  readonly lookupTables: readonly string[];
}

/** Author recorded on seeded versions and audit entries. */
export const SEED_AUTHOR = 'flowline-seed';

/**
 * Makes sure the workspace exists with the example Flows (each with a first version: Flow JSON and
 * endpoint configuration, and the routing rules it ships with), calendar resources and lookup tables. Idempotent: anything that already
 * exists, including a Flow a user edited, is left as it is; a concurrent seeder losing a race is fine.
 */
export async function seedWorkspace(storage: Storage, workspaceId: string, seeds: Seeds, at: number): Promise<SeedReport> {
  const workspace = await storage.workspaces.create({ id: workspaceId, name: workspaceId, at });
  const flows: string[] = [];
  for (const entry of seeds.flows) {
    const created = await storage.flows.create(workspaceId, { id: entry.id, name: titleOf(entry.id), at, by: SEED_AUTHOR });
    if (!created.ok && created.code !== 'FLOW_EXISTS') throw new Error(`cannot seed Flow ${entry.id}: ${created.message}`);
    // A Flow created by an earlier start that stopped before its first version still gets one.
    if (!created.ok && (await storage.flows.findLatestVersion(workspaceId, entry.id)) !== undefined) continue;
    const flowJson = seeds.flowJson[entry.id];
    if (flowJson === undefined) continue;
    const endpointConfig = seeds.endpointConfigs[entry.id];
    await storage.flows.addVersion(workspaceId, entry.id, { flowJson, ...(endpointConfig === undefined ? {} : { endpointConfig }), createdAt: at, createdBy: SEED_AUTHOR });
    const rules = seeds.routingRules[entry.id];
    if (rules !== undefined) await storage.routingRules.replace(workspaceId, entry.id, rules, at);
    flows.push(entry.id);
  }
  const resources: string[] = [];
  for (const resource of seeds.resources) {
    if ((await storage.calendar.findResource(workspaceId, resource.id)) !== undefined) continue;
    const stored = toStoredResource(resource);
    if (stored === undefined) throw new Error(`seed resource ${resource.id} has an offset that is not whole hours`);
    const saved = await storage.calendar.saveResource(workspaceId, { ...stored, at });
    if (!saved.ok) throw new Error(`cannot seed resource ${resource.id}: ${saved.message}`);
    resources.push(resource.id);
  }
  const lookupTables: string[] = [];
  const existing = new Set(await storage.lookupTables.listTables(workspaceId));
  for (const [table, rows] of Object.entries(seeds.lookups)) {
    if (existing.has(table)) continue;
    // Keys keep the seed's row order (rows are listed by key).
    await storage.lookupTables.replace(workspaceId, table, rows.map((value, index) => ({ key: String(index).padStart(6, '0'), value })), at);
    lookupTables.push(table);
  }
  return { workspaceCreated: workspace.ok, flows, resources, lookupTables };
}

function titleOf(id: string): string {
  const words = id.split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
