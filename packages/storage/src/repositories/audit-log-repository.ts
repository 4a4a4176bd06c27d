import type { Executor } from '../dialect/executor.js';
import { toEpochMs, type Instant } from '../instant.js';
import { fromOptionalJsonText, toJsonText } from '../dialect/json-text.js';
import { newId } from '../new-id.js';

/** One audit entry: who did what to which object, when, and what it was before and after. */
export interface AuditEntry {
  id: string;
  workspaceId: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  details: unknown;
  /** The target before the change (undefined when it did not exist or the entry predates migration 0013). */
  before: unknown;
  /** The target after the change (undefined when it was removed or is not recorded). */
  after: unknown;
  at: number;
}

/** What the caller supplies to append an audit entry. */
export interface AuditInput {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  details?: unknown;
  before?: unknown;
  after?: unknown;
  at: Instant;
}

/** Which entries to read: every field optional; `action` matches a prefix when it ends with `.` (`review.`). */
export interface AuditFilter {
  targetType?: string;
  targetId?: string;
  actor?: string;
  action?: string;
  /** Entries at or after this epoch ms. */
  from?: number;
  /** Entries before this epoch ms. */
  to?: number;
}

/**
 * Append-only audit log, scoped by workspace. There is no update and no delete here, and since migration
 * 0013 the database refuses them too (a trigger on `audit_log`).
 */
export interface AuditLogRepository {
  append(workspaceId: string, entry: AuditInput): Promise<AuditEntry>;
  /** Entries newest first (at most `limit`, default 100). */
  list(workspaceId: string, options?: AuditFilter & { limit?: number }): Promise<AuditEntry[]>;
  /** Entries newest first, one bounded page at a time (for exports): never holds the whole log in memory. */
  iterate(workspaceId: string, filter?: AuditFilter, pageSize?: number): AsyncIterable<AuditEntry>;
}

type Row = { id: string; workspace_id: string; actor: string; action: string; target_type: string; target_id: string; details: string | null; before: string | null; after: string | null; at: number };

function toEntry(r: Row): AuditEntry {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    actor: r.actor,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    details: fromOptionalJsonText(r.details),
    before: fromOptionalJsonText(r.before),
    after: fromOptionalJsonText(r.after),
    at: r.at,
  };
}

/** Creates the audit log repository over a database handle. */
export function createAuditLogRepository(db: Executor): AuditLogRepository {
  const query = (workspaceId: string, filter: AuditFilter) => {
    const action = filter.action;
    return db
      .selectFrom('audit_log')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .$if(filter.targetType !== undefined, (q) => q.where('target_type', '=', filter.targetType ?? ''))
      .$if(filter.targetId !== undefined, (q) => q.where('target_id', '=', filter.targetId ?? ''))
      .$if(filter.actor !== undefined, (q) => q.where('actor', '=', filter.actor ?? ''))
      .$if(action !== undefined && !action.endsWith('.'), (q) => q.where('action', '=', action ?? ''))
      // A prefix: `review.` reads every review step (LIKE wildcards in the prefix are escaped).
      .$if(action !== undefined && action.endsWith('.'), (q) => q.where('action', 'like', `${(action ?? '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`))
      .$if(filter.from !== undefined, (q) => q.where('at', '>=', filter.from ?? 0))
      .$if(filter.to !== undefined, (q) => q.where('at', '<', filter.to ?? 0));
  };
  return {
    async append(workspaceId, entry) {
      const row: Row = {
        id: newId(),
        workspace_id: workspaceId,
        actor: entry.actor,
        action: entry.action,
        target_type: entry.targetType,
        target_id: entry.targetId,
        details: entry.details === undefined ? null : toJsonText(entry.details),
        before: entry.before === undefined ? null : toJsonText(entry.before),
        after: entry.after === undefined ? null : toJsonText(entry.after),
        at: toEpochMs(entry.at),
      };
      await db.insertInto('audit_log').values(row).execute();
      return toEntry(row);
    },
    async list(workspaceId, options = {}) {
      const rows = await query(workspaceId, options).orderBy('at', 'desc').orderBy('id', 'desc').limit(options.limit ?? 100).execute();
      return rows.map(toEntry);
    },
    async *iterate(workspaceId, filter = {}, pageSize = 500) {
      let cursor: { at: number; id: string } | undefined;
      for (;;) {
        const after = cursor;
        const rows = await query(workspaceId, filter)
          .$if(after !== undefined, (q) => q.where((eb) => eb.or([eb('at', '<', after?.at ?? 0), eb.and([eb('at', '=', after?.at ?? 0), eb('id', '<', after?.id ?? '')])])))
          .orderBy('at', 'desc')
          .orderBy('id', 'desc')
          .limit(pageSize)
          .execute();
        for (const row of rows) yield toEntry(row);
        const last = rows[rows.length - 1];
        if (last === undefined || rows.length < pageSize) return;
        cursor = { at: last.at, id: last.id };
      }
    },
  };
}
