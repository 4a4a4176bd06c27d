import { sql } from 'kysely';
import type { SandboxMessageTable, SandboxSessionTable } from '../database.js';
import type { Executor } from '../dialect/executor.js';
import { toEpochMs, type Instant } from '../instant.js';
import { fromJsonText, toJsonText } from '../dialect/json-text.js';
import { newId } from '../new-id.js';
import { fail, succeed, type StorageResult } from '../storage-result.js';

/** One message in a sandbox contact's chat, in either direction. */
export interface SandboxMessage {
  id: string;
  workspaceId: string;
  contactId: string;
  /** The WhatsApp-style message id (`wamid.…`) the webhooks refer to. */
  messageId: string;
  direction: 'business' | 'customer';
  /** `flow` (an interactive Flow message), `text`, `flow_reply` (the customer's completion) or `summary`. */
  kind: string;
  sendId: string | null;
  body: unknown;
  at: number;
}

/** A sandbox contact's chat, as listed. */
export interface SandboxChat {
  contactId: string;
  messages: number;
  lastMessageAt: number;
}

/** A Flow opened on the sandbox phone: the runtime's state, stored as JSON between steps. */
export interface SandboxSession {
  id: string;
  workspaceId: string;
  messageId: string;
  contactId: string;
  sendId: string | null;
  flowId: string;
  version: number;
  state: unknown;
  status: string;
  createdAt: number;
  updatedAt: number;
}

/** The sandbox phone's chats and Flow sessions, scoped by workspace. */
export interface SandboxRepository {
  appendMessage(
    workspaceId: string,
    message: { contactId: string; messageId: string; direction: 'business' | 'customer'; kind: string; sendId?: string; body: unknown; at: Instant },
  ): Promise<StorageResult<SandboxMessage, 'DUPLICATE_MESSAGE'>>;
  findMessage(workspaceId: string, messageId: string): Promise<SandboxMessage | undefined>;
  /** Oldest first. */
  listMessages(workspaceId: string, contactId: string, options?: { limit?: number }): Promise<SandboxMessage[]>;
  /** Chats with at least one message, most recent first. */
  listChats(workspaceId: string): Promise<SandboxChat[]>;
  /** Creates the session of a Flow message, or returns the one already opened from it. */
  openSession(
    workspaceId: string,
    session: { messageId: string; contactId: string; sendId?: string; flowId: string; version: number; state: unknown; status: string; at: Instant },
  ): Promise<{ session: SandboxSession; created: boolean }>;
  updateSession(workspaceId: string, sessionId: string, update: { state: unknown; status: string; at: Instant }): Promise<boolean>;
  findSession(workspaceId: string, sessionId: string): Promise<SandboxSession | undefined>;
}

function toMessage(row: SandboxMessageTable): SandboxMessage {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    contactId: row.contact_id,
    messageId: row.message_id,
    direction: row.direction === 'customer' ? 'customer' : 'business',
    kind: row.kind,
    sendId: row.send_id,
    body: fromJsonText(row.body),
    at: row.at,
  };
}

function toSession(row: SandboxSessionTable): SandboxSession {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    messageId: row.message_id,
    contactId: row.contact_id,
    sendId: row.send_id,
    flowId: row.flow_id,
    version: row.version,
    state: fromJsonText(row.state),
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Creates the sandbox repository over a database handle. */
export function createSandboxRepository(db: Executor): SandboxRepository {
  const findSessionByMessage = async (workspaceId: string, messageId: string) => {
    const row = await db.selectFrom('sandbox_sessions').selectAll().where('workspace_id', '=', workspaceId).where('message_id', '=', messageId).executeTakeFirst();
    return row && toSession(row);
  };
  return {
    async appendMessage(workspaceId, message) {
      const row: SandboxMessageTable = {
        id: newId(),
        workspace_id: workspaceId,
        contact_id: message.contactId,
        message_id: message.messageId,
        direction: message.direction,
        kind: message.kind,
        send_id: message.sendId ?? null,
        body: toJsonText(message.body),
        at: toEpochMs(message.at),
        seq: null,
      };
      // The chat's next sequence number, taken in the insert itself: chats read in append order.
      const seq = sql<number>`(SELECT COALESCE(MAX(m.seq), 0) + 1 FROM sandbox_messages m WHERE m.workspace_id = ${workspaceId} AND m.contact_id = ${message.contactId})`;
      const result = await db
        .insertInto('sandbox_messages')
        .values({ ...row, seq })
        .onConflict((oc) => oc.columns(['workspace_id', 'message_id']).doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0) return fail('DUPLICATE_MESSAGE', `message ${message.messageId} is already in a sandbox chat`);
      return succeed(toMessage(row));
    },
    async findMessage(workspaceId, messageId) {
      const row = await db.selectFrom('sandbox_messages').selectAll().where('workspace_id', '=', workspaceId).where('message_id', '=', messageId).executeTakeFirst();
      return row && toMessage(row);
    },
    async listMessages(workspaceId, contactId, options = {}) {
      const rows = await db
        .selectFrom('sandbox_messages')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('contact_id', '=', contactId)
        // Append order; messages often share one time, so the time cannot decide it.
        .orderBy('seq')
        .orderBy('id')
        .limit(options.limit ?? 500)
        .execute();
      return rows.map(toMessage);
    },
    async listChats(workspaceId) {
      const rows = await db
        .selectFrom('sandbox_messages')
        .select((eb) => ['contact_id', eb.fn.countAll<string | number>().as('messages'), eb.fn.max('at').as('last_at')])
        .where('workspace_id', '=', workspaceId)
        .groupBy('contact_id')
        .execute();
      return rows
        .map((r) => ({ contactId: r.contact_id, messages: Number(r.messages), lastMessageAt: Number(r.last_at) }))
        .sort((a, b) => b.lastMessageAt - a.lastMessageAt || a.contactId.localeCompare(b.contactId));
    },
    async openSession(workspaceId, session) {
      const existing = await findSessionByMessage(workspaceId, session.messageId);
      if (existing) return { session: existing, created: false };
      const at = toEpochMs(session.at);
      const row: SandboxSessionTable = {
        id: newId(),
        workspace_id: workspaceId,
        message_id: session.messageId,
        contact_id: session.contactId,
        send_id: session.sendId ?? null,
        flow_id: session.flowId,
        version: session.version,
        state: toJsonText(session.state),
        status: session.status,
        created_at: at,
        updated_at: at,
      };
      const result = await db
        .insertInto('sandbox_sessions')
        .values(row)
        .onConflict((oc) => oc.columns(['workspace_id', 'message_id']).doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0) {
        // Opened concurrently: the other opener's session wins.
        const winner = await findSessionByMessage(workspaceId, session.messageId);
        if (winner) return { session: winner, created: false };
      }
      return { session: toSession(row), created: true };
    },
    async updateSession(workspaceId, sessionId, update) {
      const result = await db
        .updateTable('sandbox_sessions')
        .set({ state: toJsonText(update.state), status: update.status, updated_at: toEpochMs(update.at) })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', sessionId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async findSession(workspaceId, sessionId) {
      const row = await db.selectFrom('sandbox_sessions').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', sessionId).executeTakeFirst();
      return row && toSession(row);
    },
  };
}
