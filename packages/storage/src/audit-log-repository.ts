import type { Executor } from './executor.js';
import { toEpochMs, type Instant } from './instant.js';
import { fromOptionalJsonText, toJsonText } from './json-text.js';
import { newId } from './new-id.js';

/** One audit entry: who did what to which object, and when. */
export interface AuditEntry {
  id: string;
  workspaceId: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  details: unknown;
  at: number;
}

/** What the caller supplies to append an audit entry. */
export interface AuditInput {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  details?: unknown;
  at: Instant;
}

/** Append-only audit log, scoped by workspace. */
export interface AuditLogRepository {
  append(workspaceId: string, entry: AuditInput): Promise<AuditEntry>;
  list(workspaceId: string, options?: { targetType?: string; targetId?: string; limit?: number }): Promise<AuditEntry[]>;
}

/** Creates the audit log repository over a database handle. */
export function createAuditLogRepository(db: Executor): AuditLogRepository {
  return {
    async append(workspaceId, entry) {
      const row = {
        id: newId(),
        workspace_id: workspaceId,
        actor: entry.actor,
        action: entry.action,
        target_type: entry.targetType,
        target_id: entry.targetId,
        details: entry.details === undefined ? null : toJsonText(entry.details),
        at: toEpochMs(entry.at),
      };
      await db.insertInto('audit_log').values(row).execute();
      return { id: row.id, workspaceId, actor: row.actor, action: row.action, targetType: row.target_type, targetId: row.target_id, details: entry.details, at: row.at };
    },
    async list(workspaceId, options = {}) {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .$if(options.targetType !== undefined, (q) => q.where('target_type', '=', options.targetType ?? ''))
        .$if(options.targetId !== undefined, (q) => q.where('target_id', '=', options.targetId ?? ''))
        .orderBy('at', 'desc')
        .orderBy('id')
        .limit(options.limit ?? 100)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        workspaceId: r.workspace_id,
        actor: r.actor,
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        details: fromOptionalJsonText(r.details),
        at: r.at,
      }));
    },
  };
}
