import type { RoutingRuleTable } from '../database.js';
import { inTransaction, type Executor } from '../dialect/executor.js';
import { toEpochMs, type Instant } from '../instant.js';
import { fromJsonText, toJsonText } from '../dialect/json-text.js';
import { newId } from '../new-id.js';

/** One routing rule: when its conditions hold for a submission, its actions run. Evaluated in `position` order. */
export interface RoutingRule {
  id: string;
  workspaceId: string;
  flowId: string | null;
  position: number;
  name: string;
  enabled: boolean;
  conditions: unknown;
  actions: unknown;
  updatedAt: number;
}

/** What the caller supplies for a rule; order in the list is its position. */
export interface RoutingRuleInput {
  name: string;
  enabled?: boolean;
  conditions: unknown;
  actions: unknown;
}

/** Routing rules, scoped by workspace; a rule without a Flow applies to every Flow. */
export interface RoutingRulesRepository {
  /** Replaces the ordered rules of a Flow (or the workspace-wide rules when flowId is null) in one transaction. */
  replace(workspaceId: string, flowId: string | null, rules: readonly RoutingRuleInput[], at: Instant): Promise<RoutingRule[]>;
  /** The rules that apply to a Flow: its own, then the workspace-wide ones, each in position order. */
  listForFlow(workspaceId: string, flowId: string): Promise<RoutingRule[]>;
  list(workspaceId: string, flowId: string | null): Promise<RoutingRule[]>;
}

function toRule(row: RoutingRuleTable): RoutingRule {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    flowId: row.flow_id,
    position: row.position,
    name: row.name,
    enabled: row.enabled === 1,
    conditions: fromJsonText(row.conditions),
    actions: fromJsonText(row.actions),
    updatedAt: row.updated_at,
  };
}

/** Creates the routing rules repository over a database handle. */
export function createRoutingRulesRepository(db: Executor): RoutingRulesRepository {
  const list = async (tx: Executor, workspaceId: string, flowId: string | null) => {
    const rows = await tx
      .selectFrom('routing_rules')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('flow_id', flowId === null ? 'is' : '=', flowId)
      .orderBy('position')
      .execute();
    return rows.map(toRule);
  };
  return {
    replace(workspaceId, flowId, rules, at) {
      const ms = toEpochMs(at);
      return inTransaction(db, async (tx) => {
        await tx.deleteFrom('routing_rules').where('workspace_id', '=', workspaceId).where('flow_id', flowId === null ? 'is' : '=', flowId).execute();
        const rows: RoutingRuleTable[] = rules.map((r, position) => ({
          id: newId(),
          workspace_id: workspaceId,
          flow_id: flowId,
          position,
          name: r.name,
          enabled: r.enabled === false ? 0 : 1,
          conditions: toJsonText(r.conditions),
          actions: toJsonText(r.actions),
          updated_at: ms,
        }));
        if (rows.length > 0) await tx.insertInto('routing_rules').values(rows).execute();
        return rows.map(toRule);
      });
    },
    async listForFlow(workspaceId, flowId) {
      return [...(await list(db, workspaceId, flowId)), ...(await list(db, workspaceId, null))];
    },
    list: (workspaceId, flowId) => list(db, workspaceId, flowId),
  };
}
