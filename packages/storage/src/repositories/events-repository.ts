import type { EventTable } from '../database.js';
import type { Executor } from '../dialect/executor.js';
import { toEpochMs, type Instant } from '../instant.js';
import { fromOptionalJsonText, toJsonText } from '../dialect/json-text.js';
import { newId } from '../new-id.js';

/** What happened, for measuring outcomes along the pipeline. */
export type EventType = 'sent' | 'opened' | 'screen_reached' | 'submitted' | 'routed' | 'delivered' | 'rerouted' | 'resolved';

/** The measurement event types, in pipeline order. */
export const EVENT_TYPES: readonly EventType[] = ['sent', 'opened', 'screen_reached', 'submitted', 'routed', 'delivered', 'rerouted', 'resolved'];

/** One measurement event. */
export interface FlowEvent {
  id: string;
  workspaceId: string;
  type: EventType;
  flowId: string | null;
  version: number | null;
  sendId: string | null;
  screen: string | null;
  data: unknown;
  at: number;
}

/** What the caller supplies to record an event. */
export interface EventInput {
  type: EventType;
  flowId?: string;
  version?: number;
  sendId?: string;
  screen?: string;
  data?: unknown;
  at: Instant;
}

/** Measurement events, scoped by workspace. */
export interface EventsRepository {
  record(workspaceId: string, events: readonly EventInput[]): Promise<FlowEvent[]>;
  /** Oldest first, within [from, to) when given. */
  list(workspaceId: string, options?: { flowId?: string; type?: EventType; sendId?: string; from?: Instant; to?: Instant; limit?: number }): Promise<FlowEvent[]>;
  /** How many events of each type a Flow has, within [from, to) when given. */
  countByType(workspaceId: string, flowId: string, range?: { from?: Instant; to?: Instant }): Promise<Partial<Record<EventType, number>>>;
}

/** The row of an event (ids are fresh). */
export function toEventRow(workspaceId: string, e: EventInput): EventTable {
  return {
    id: newId(),
    workspace_id: workspaceId,
    type: e.type,
    flow_id: e.flowId ?? null,
    version: e.version ?? null,
    send_id: e.sendId ?? null,
    screen: e.screen ?? null,
    data: e.data === undefined ? null : toJsonText(e.data),
    at: toEpochMs(e.at),
  };
}

function toEventType(value: string): EventType {
  return EVENT_TYPES.find((t) => t === value) ?? 'sent';
}

/** An event as read from its row. */
export function toFlowEvent(row: EventTable): FlowEvent {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    type: toEventType(row.type),
    flowId: row.flow_id,
    version: row.version,
    sendId: row.send_id,
    screen: row.screen,
    data: fromOptionalJsonText(row.data),
    at: row.at,
  };
}

/** Inserts events on a handle (the pool or a caller's transaction). */
export async function insertEvents(db: Executor, workspaceId: string, events: readonly EventInput[]): Promise<FlowEvent[]> {
  const rows = events.map((e) => toEventRow(workspaceId, e));
  if (rows.length > 0) await db.insertInto('events').values(rows).execute();
  return rows.map(toFlowEvent);
}

/** Creates the events repository over a database handle. */
export function createEventsRepository(db: Executor): EventsRepository {
  return {
    record: (workspaceId, events) => insertEvents(db, workspaceId, events),
    async list(workspaceId, options = {}) {
      const { flowId, type, sendId, from, to } = options;
      const rows = await db
        .selectFrom('events')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .$if(flowId !== undefined, (q) => q.where('flow_id', '=', flowId ?? ''))
        .$if(type !== undefined, (q) => q.where('type', '=', type ?? ''))
        .$if(sendId !== undefined, (q) => q.where('send_id', '=', sendId ?? ''))
        .$if(from !== undefined, (q) => q.where('at', '>=', toEpochMs(from ?? 0)))
        .$if(to !== undefined, (q) => q.where('at', '<', toEpochMs(to ?? 0)))
        .orderBy('at')
        .orderBy('id')
        .limit(options.limit ?? 1000)
        .execute();
      return rows.map(toFlowEvent);
    },
    async countByType(workspaceId, flowId, range = {}) {
      const { from, to } = range;
      const rows = await db
        .selectFrom('events')
        .select(['type', (eb) => eb.fn.countAll<number>().as('n')])
        .where('workspace_id', '=', workspaceId)
        .where('flow_id', '=', flowId)
        .$if(from !== undefined, (q) => q.where('at', '>=', toEpochMs(from ?? 0)))
        .$if(to !== undefined, (q) => q.where('at', '<', toEpochMs(to ?? 0)))
        .groupBy('type')
        .execute();
      const counts: Partial<Record<EventType, number>> = {};
      for (const row of rows) counts[toEventType(row.type)] = Number(row.n);
      return counts;
    },
  };
}
