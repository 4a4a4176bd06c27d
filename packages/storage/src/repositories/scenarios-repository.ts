import type { FlowScenarioTable } from '../database.js';
import { inTransaction, type Executor } from '../dialect/executor.js';
import { toEpochMs, type Instant } from '../instant.js';
import { fromJsonText, toJsonText } from '../dialect/json-text.js';

/** A scenario test stored with its Flow (docs/governance.md): its name, the scenario document, who changed it last. */
export interface StoredScenario {
  name: string;
  /** The scenario document (docs/scenarios.md, stored form: no `flow`, no `endpoint`). */
  document: unknown;
  position: number;
  updatedAt: number;
  updatedBy: string;
}

/** What a save writes for one scenario; the list order is the position. */
export interface ScenarioInput {
  name: string;
  document: unknown;
}

/** A Flow's scenario tests, scoped by workspace. */
export interface ScenariosRepository {
  /** The Flow's scenarios in position order. */
  list(workspaceId: string, flowId: string): Promise<StoredScenario[]>;
  /**
   * Replaces the Flow's scenarios in one transaction (names are unique; the caller checks them). A scenario
   * whose document is unchanged keeps who changed it last and when.
   */
  replace(workspaceId: string, flowId: string, scenarios: readonly ScenarioInput[], change: { at: Instant; by: string }): Promise<StoredScenario[]>;
}

function toStored(row: FlowScenarioTable): StoredScenario {
  return { name: row.name, document: fromJsonText(row.document), position: Number(row.position), updatedAt: Number(row.updated_at), updatedBy: row.updated_by };
}

/** Creates the scenarios repository over a database handle. */
export function createScenariosRepository(db: Executor): ScenariosRepository {
  const list = async (tx: Executor, workspaceId: string, flowId: string) =>
    (await tx.selectFrom('flow_scenarios').selectAll().where('workspace_id', '=', workspaceId).where('flow_id', '=', flowId).orderBy('position').execute()).map(toStored);
  return {
    list: (workspaceId, flowId) => list(db, workspaceId, flowId),
    replace(workspaceId, flowId, scenarios, change) {
      const at = toEpochMs(change.at);
      return inTransaction(db, async (tx) => {
        const previous = new Map((await tx.selectFrom('flow_scenarios').selectAll().where('workspace_id', '=', workspaceId).where('flow_id', '=', flowId).execute()).map((r) => [r.name, r]));
        await tx.deleteFrom('flow_scenarios').where('workspace_id', '=', workspaceId).where('flow_id', '=', flowId).execute();
        const rows: FlowScenarioTable[] = scenarios.map((s, position) => {
          const document = toJsonText(s.document);
          const kept = previous.get(s.name);
          const unchanged = kept !== undefined && kept.document === document;
          return {
            workspace_id: workspaceId, flow_id: flowId, name: s.name, position, document,
            updated_at: unchanged ? Number(kept.updated_at) : at, updated_by: unchanged ? kept.updated_by : change.by,
          };
        });
        if (rows.length > 0) await tx.insertInto('flow_scenarios').values(rows).execute();
        return list(tx, workspaceId, flowId);
      });
    },
  };
}
