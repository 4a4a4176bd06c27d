import type { InboxItemTable } from '../database.js';
import type { Executor } from '../dialect/executor.js';
import { toEpochMs, type Instant } from '../instant.js';
import { fromJsonText, toJsonText } from '../dialect/json-text.js';
import { newId } from '../new-id.js';

/** A ticket opened by routing, or an exception raised when something could not be routed or delivered. */
export type InboxItemKind = 'ticket' | 'exception';

/** Where an inbox item stands. */
export type InboxItemStatus = 'open' | 'pending' | 'resolved';

/** One item in the operator inbox. */
export interface InboxItem {
  id: string;
  workspaceId: string;
  kind: InboxItemKind;
  queue: string;
  priority: number;
  assignee: string | null;
  status: InboxItemStatus;
  title: string;
  body: unknown;
  submissionId: string | null;
  contactId: string | null;
  createdAt: number;
  updatedAt: number;
  resolvedAt: number | null;
}

/** The operator inbox, scoped by workspace. */
export interface InboxRepository {
  create(workspaceId: string, item: { kind: InboxItemKind; queue: string; priority?: number; title: string; body?: unknown; submissionId?: string; contactId?: string; at: Instant }): Promise<InboxItem>;
  find(workspaceId: string, itemId: string): Promise<InboxItem | undefined>;
  /** Highest priority first, then oldest. */
  list(workspaceId: string, options?: { queue?: string; status?: InboxItemStatus; assignee?: string; limit?: number }): Promise<InboxItem[]>;
  /** How many items a queue holds, optionally in one status (to keep a queue bounded). */
  count(workspaceId: string, options: { queue: string; status?: InboxItemStatus }): Promise<number>;
  /** Assigns, re-routes (queue), re-prioritises or changes status; resolving stamps resolvedAt. */
  update(workspaceId: string, itemId: string, change: { queue?: string; priority?: number; assignee?: string | null; status?: InboxItemStatus; at: Instant }): Promise<InboxItem | undefined>;
}

function toItem(row: InboxItemTable): InboxItem {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    kind: row.kind === 'exception' ? 'exception' : 'ticket',
    queue: row.queue,
    priority: row.priority,
    assignee: row.assignee,
    status: row.status === 'resolved' ? 'resolved' : row.status === 'pending' ? 'pending' : 'open',
    title: row.title,
    body: fromJsonText(row.body),
    submissionId: row.submission_id,
    contactId: row.contact_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    resolvedAt: row.resolved_at,
  };
}

/** Creates the inbox repository over a database handle. */
export function createInboxRepository(db: Executor): InboxRepository {
  return {
    async create(workspaceId, item) {
      const at = toEpochMs(item.at);
      const row: InboxItemTable = {
        id: newId(),
        workspace_id: workspaceId,
        kind: item.kind,
        queue: item.queue,
        priority: item.priority ?? 0,
        assignee: null,
        status: 'open',
        title: item.title,
        body: toJsonText(item.body ?? null),
        submission_id: item.submissionId ?? null,
        contact_id: item.contactId ?? null,
        created_at: at,
        updated_at: at,
        resolved_at: null,
      };
      await db.insertInto('inbox_items').values(row).execute();
      return toItem(row);
    },
    async find(workspaceId, itemId) {
      const row = await db.selectFrom('inbox_items').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', itemId).executeTakeFirst();
      return row && toItem(row);
    },
    async list(workspaceId, options = {}) {
      const { queue, status, assignee } = options;
      const rows = await db
        .selectFrom('inbox_items')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .$if(queue !== undefined, (q) => q.where('queue', '=', queue ?? ''))
        .$if(status !== undefined, (q) => q.where('status', '=', status ?? ''))
        .$if(assignee !== undefined, (q) => q.where('assignee', '=', assignee ?? ''))
        .orderBy('priority', 'desc')
        .orderBy('created_at')
        .orderBy('id')
        .limit(options.limit ?? 100)
        .execute();
      return rows.map(toItem);
    },
    async count(workspaceId, options) {
      const { status } = options;
      const row = await db
        .selectFrom('inbox_items')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('workspace_id', '=', workspaceId)
        .where('queue', '=', options.queue)
        .$if(status !== undefined, (q) => q.where('status', '=', status ?? ''))
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async update(workspaceId, itemId, change) {
      const at = toEpochMs(change.at);
      const row = await db
        .updateTable('inbox_items')
        .set({
          updated_at: at,
          ...(change.queue === undefined ? {} : { queue: change.queue }),
          ...(change.priority === undefined ? {} : { priority: change.priority }),
          ...(change.assignee === undefined ? {} : { assignee: change.assignee }),
          ...(change.status === undefined ? {} : { status: change.status, resolved_at: change.status === 'resolved' ? at : null }),
        })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', itemId)
        .returningAll()
        .executeTakeFirst();
      return row && toItem(row);
    },
  };
}
