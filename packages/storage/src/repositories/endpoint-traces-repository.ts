import type { EndpointTraceTable } from '../database.js';
import type { Executor } from '../dialect/executor.js';
import { toEpochMs, type Instant } from '../instant.js';
import { newId } from '../new-id.js';

/** One data endpoint decision, already redacted by the caller. */
export interface EndpointTrace {
  id: string;
  workspaceId: string;
  flowId: string;
  version: number | null;
  screen: string | null;
  action: string;
  latencyMs: number;
  outcome: string;
  statusCode: number;
  handlerError: string | null;
  fallbackUsed: boolean;
  at: number;
}

/** What the caller supplies to record a trace row. */
export interface EndpointTraceInput {
  flowId: string;
  version?: number;
  screen?: string;
  action: string;
  latencyMs: number;
  outcome: string;
  statusCode: number;
  handlerError?: string;
  fallbackUsed?: boolean;
  at: Instant;
}

/** Endpoint trace rows, scoped by workspace. */
export interface EndpointTracesRepository {
  record(workspaceId: string, trace: EndpointTraceInput): Promise<EndpointTrace>;
  /** Records many rows with multi-row inserts (the write-behind path); returns how many were written. */
  recordMany(workspaceId: string, traces: readonly EndpointTraceInput[]): Promise<number>;
  /** Most recent first. */
  list(workspaceId: string, options?: { flowId?: string; since?: Instant; limit?: number }): Promise<EndpointTrace[]>;
  /**
   * Retention: deletes the rows recorded before `before`, then all but the newest `maxRows`; returns
   * how many rows were deleted.
   */
  prune(workspaceId: string, options: { before: Instant; maxRows: number }): Promise<number>;
}

function toTrace(row: EndpointTraceTable): EndpointTrace {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    flowId: row.flow_id,
    version: row.version,
    screen: row.screen,
    action: row.action,
    latencyMs: row.latency_ms,
    outcome: row.outcome,
    statusCode: row.status_code,
    handlerError: row.handler_error,
    fallbackUsed: row.fallback_used === 1,
    at: row.at,
  };
}

/**
 * Rows per multi-row insert: 12 columns each, well under SQLite's 32,766 and PostgreSQL's 65,535
 * bound parameters.
 */
const TRACES_PER_INSERT = 500;

function toRow(workspaceId: string, trace: EndpointTraceInput): EndpointTraceTable {
  return {
    id: newId(),
    workspace_id: workspaceId,
    flow_id: trace.flowId,
    version: trace.version ?? null,
    screen: trace.screen ?? null,
    action: trace.action,
    latency_ms: Math.round(trace.latencyMs),
    outcome: trace.outcome,
    status_code: trace.statusCode,
    handler_error: trace.handlerError ?? null,
    fallback_used: trace.fallbackUsed === true ? 1 : 0,
    at: toEpochMs(trace.at),
  };
}

/** Creates the endpoint traces repository over a database handle. */
export function createEndpointTracesRepository(db: Executor): EndpointTracesRepository {
  return {
    async record(workspaceId, trace) {
      const row = toRow(workspaceId, trace);
      await db.insertInto('endpoint_traces').values(row).execute();
      return toTrace(row);
    },
    async recordMany(workspaceId, traces) {
      for (let start = 0; start < traces.length; start += TRACES_PER_INSERT) {
        const rows = traces.slice(start, start + TRACES_PER_INSERT).map((trace) => toRow(workspaceId, trace));
        await db.insertInto('endpoint_traces').values(rows).execute();
      }
      return traces.length;
    },
    async list(workspaceId, options = {}) {
      const { flowId, since } = options;
      const rows = await db
        .selectFrom('endpoint_traces')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .$if(flowId !== undefined, (q) => q.where('flow_id', '=', flowId ?? ''))
        .$if(since !== undefined, (q) => q.where('at', '>=', toEpochMs(since ?? 0)))
        .orderBy('at', 'desc')
        .orderBy('id')
        .limit(options.limit ?? 100)
        .execute();
      return rows.map(toTrace);
    },
    async prune(workspaceId, options) {
      const aged = await db.deleteFrom('endpoint_traces').where('workspace_id', '=', workspaceId).where('at', '<', toEpochMs(options.before)).executeTakeFirst();
      let deleted = Number(aged.numDeletedRows);
      const maxRows = Math.max(0, Math.trunc(options.maxRows));
      // Counting is cheaper than sorting: the newest-first scan runs only when the table is over its bound.
      const { rows } = await db.selectFrom('endpoint_traces').select((eb) => eb.fn.countAll<number | string | bigint>().as('rows')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
      if (Number(rows) <= maxRows) return deleted;
      // The first row beyond the newest maxRows (ordered by time, then id): it and every older row go.
      const boundary = await db
        .selectFrom('endpoint_traces')
        .select(['at', 'id'])
        .where('workspace_id', '=', workspaceId)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .offset(maxRows)
        .executeTakeFirst();
      if (boundary === undefined) return deleted;
      const over = await db
        .deleteFrom('endpoint_traces')
        .where('workspace_id', '=', workspaceId)
        .where((eb) => eb.or([eb('at', '<', boundary.at), eb.and([eb('at', '=', boundary.at), eb('id', '<=', boundary.id)])]))
        .executeTakeFirst();
      deleted += Number(over.numDeletedRows);
      return deleted;
    },
  };
}
