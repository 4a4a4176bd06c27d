import type { EndpointSessionTable } from '../database.js';
import type { Executor } from '../dialect/executor.js';
import { toEpochMs, type Instant } from '../instant.js';
import { fromJsonText, toJsonText } from '../dialect/json-text.js';

/** The data endpoint's memory of one Flow conversation, keyed by its flow_token. */
export interface EndpointSession {
  workspaceId: string;
  flowToken: string;
  flowId: string;
  version: number | null;
  screen: string | null;
  data: unknown;
  createdAt: number;
  updatedAt: number;
  expiresAt: number | null;
}

/** What the caller supplies to save a session. */
export interface EndpointSessionInput {
  flowToken: string;
  flowId: string;
  version?: number;
  screen?: string;
  data: unknown;
  at: Instant;
  expiresAt?: Instant;
}

/** Endpoint sessions by flow_token, scoped by workspace. */
export interface EndpointSessionsRepository {
  /** Creates or replaces the session of a flow_token. */
  save(workspaceId: string, session: EndpointSessionInput): Promise<EndpointSession>;
  /** Finds a session; an expired one (expiresAt ≤ now) is treated as absent when `now` is given. */
  find(workspaceId: string, flowToken: string, now?: Instant): Promise<EndpointSession | undefined>;
  delete(workspaceId: string, flowToken: string): Promise<boolean>;
  /** Deletes sessions that expired at or before `now`; returns how many. */
  deleteExpired(workspaceId: string, now: Instant): Promise<number>;
}

function toSession(row: EndpointSessionTable): EndpointSession {
  return {
    workspaceId: row.workspace_id,
    flowToken: row.flow_token,
    flowId: row.flow_id,
    version: row.version,
    screen: row.screen,
    data: fromJsonText(row.data),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    expiresAt: row.expires_at,
  };
}

/** Creates the endpoint sessions repository over a database handle. */
export function createEndpointSessionsRepository(db: Executor): EndpointSessionsRepository {
  return {
    async save(workspaceId, session) {
      const at = toEpochMs(session.at);
      const row: EndpointSessionTable = {
        workspace_id: workspaceId,
        flow_token: session.flowToken,
        flow_id: session.flowId,
        version: session.version ?? null,
        screen: session.screen ?? null,
        data: toJsonText(session.data),
        created_at: at,
        updated_at: at,
        expires_at: session.expiresAt === undefined ? null : toEpochMs(session.expiresAt),
      };
      const saved = await db
        .insertInto('endpoint_sessions')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['workspace_id', 'flow_token']).doUpdateSet({
            flow_id: row.flow_id,
            version: row.version,
            screen: row.screen,
            data: row.data,
            updated_at: row.updated_at,
            expires_at: row.expires_at,
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow();
      return toSession(saved);
    },
    async find(workspaceId, flowToken, now) {
      const row = await db
        .selectFrom('endpoint_sessions')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('flow_token', '=', flowToken)
        .executeTakeFirst();
      if (!row) return undefined;
      if (now !== undefined && row.expires_at !== null && row.expires_at <= toEpochMs(now)) return undefined;
      return toSession(row);
    },
    async delete(workspaceId, flowToken) {
      const result = await db.deleteFrom('endpoint_sessions').where('workspace_id', '=', workspaceId).where('flow_token', '=', flowToken).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async deleteExpired(workspaceId, now) {
      const result = await db
        .deleteFrom('endpoint_sessions')
        .where('workspace_id', '=', workspaceId)
        .where('expires_at', '<=', toEpochMs(now))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
