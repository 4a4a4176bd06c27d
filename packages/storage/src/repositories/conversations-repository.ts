import { isJsonObject } from '@flowline/core';
import type { ConversationTable, MessageTable } from '../database.js';
import type { Executor } from '../dialect/executor.js';
import { isUniqueViolation } from '../dialect/is-unique-violation.js';
import { toEpochMs, type Instant } from '../instant.js';
import { fromJsonText, toJsonText } from '../dialect/json-text.js';
import { newId } from '../new-id.js';

/** Where a conversation stands for the operators; separate from the contact and from any ticket. */
export type ConversationState = 'open' | 'pending' | 'resolved';
export const CONVERSATION_STATES: readonly ConversationState[] = ['open', 'pending', 'resolved'];

/** A contact's conversation with the business: one per contact, so it is named by its contact's id. */
export interface ConversationRecord {
  contactId: string;
  assignee: string | null;
  state: ConversationState;
  stateAt: number | null;
  lastInboundAt: number | null;
  lastOutboundAt: number | null;
}

/** Who wrote a message: the customer, an operator, or Flowline itself (Flow messages, templates). */
export type MessageAuthor = 'customer' | 'operator' | 'automation';

/** The delivery status of an outbound message (Meta's `statuses` webhook), forward only but for `failed`. */
export type MessageStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

/** One message of a conversation. */
export interface Message {
  id: string;
  contactId: string;
  direction: 'inbound' | 'outbound';
  author: MessageAuthor;
  /** The operator's name for an operator message (the API actor). */
  authorName: string | null;
  /** WhatsApp's message id; null until an outbound message is accepted. */
  wamid: string | null;
  /** text, image, document, audio, video, sticker, reaction, button, interactive, flow_reply, flow, template, … */
  type: string;
  text: string | null;
  /** Type-specific references: media id and mime type, the reacted message, the chosen button, the Flow and its send. */
  details: Record<string, unknown>;
  status: MessageStatus | null;
  errorCode: number | null;
  errorTitle: string | null;
  at: number;
  statusAt: number | null;
}

/** A message to store. */
export interface MessageInput {
  contactId: string;
  direction: 'inbound' | 'outbound';
  author: MessageAuthor;
  authorName?: string;
  wamid?: string;
  type: string;
  text?: string;
  details?: Record<string, unknown>;
  status?: MessageStatus;
  at: Instant;
}

/** A saved snippet operators insert in replies. */
export interface QuickReply {
  id: string;
  title: string;
  text: string;
  updatedAt: number;
}

/** Characters of a message's text kept (WhatsApp's own limit for a text body). */
export const MAX_MESSAGE_TEXT = 4096;
/** Characters of a message's details JSON kept; larger details keep only their type. */
export const MAX_MESSAGE_DETAILS = 2048;

const STATUS_RANK: Readonly<Record<MessageStatus, number>> = { queued: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/** Conversations (owner, state), their messages and the workspace's quick replies, scoped by workspace. */
export interface ConversationsRepository {
  find(workspaceId: string, contactId: string): Promise<ConversationRecord | undefined>;
  /** Most recent customer message first. */
  list(workspaceId: string, options?: { state?: ConversationState; assignee?: string; limit?: number }): Promise<ConversationRecord[]>;
  /** Sets the owner and/or state (creating the conversation of a contact that has none); undefined for an unknown contact. */
  update(workspaceId: string, contactId: string, change: { assignee?: string | null; state?: ConversationState; at: Instant }): Promise<ConversationRecord | undefined>;
  /** Stores messages in one statement; a message whose `wamid` is already stored is skipped. Returns how many were new. */
  recordMessages(workspaceId: string, messages: readonly MessageInput[]): Promise<number>;
  /** Stores one message and returns it; undefined when its `wamid` is already stored. */
  appendMessage(workspaceId: string, message: MessageInput): Promise<Message | undefined>;
  /** Marks an outbound message accepted (its WhatsApp id) or failed. */
  settleMessage(workspaceId: string, messageId: string, outcome: { wamid: string; status: 'sent' } | { status: 'failed'; errorCode?: number; errorTitle: string }, at: Instant): Promise<void>;
  /**
   * Applies a `statuses` webhook to the message with this WhatsApp id: statuses only move forward, and
   * `failed` (with Meta's error) lands only on a message not yet delivered.
   */
  applyStatus(workspaceId: string, wamid: string, status: { status: Exclude<MessageStatus, 'queued'>; at: Instant; errorCode?: number; errorTitle?: string }): Promise<'applied' | 'stale' | 'unknown'>;
  /** A contact's messages, oldest first; `since` keeps those at or after a time, `limit` the latest ones. */
  listMessages(workspaceId: string, contactId: string, options?: { since?: number; limit?: number }): Promise<Message[]>;
  listQuickReplies(workspaceId: string): Promise<QuickReply[]>;
  /** Creates (no id) or replaces a quick reply; undefined when another one has the title. */
  saveQuickReply(workspaceId: string, reply: { id?: string; title: string; text: string; at: Instant }): Promise<QuickReply | undefined>;
  deleteQuickReply(workspaceId: string, id: string): Promise<boolean>;
}

function clip(text: string | undefined | null): string | null {
  return text == null ? null : text.slice(0, MAX_MESSAGE_TEXT);
}

function toMessageRow(workspaceId: string, m: MessageInput): MessageTable {
  const details = toJsonText(m.details ?? {});
  return {
    id: newId(),
    workspace_id: workspaceId,
    contact_id: m.contactId,
    direction: m.direction,
    author: m.author,
    author_name: m.authorName?.slice(0, 200) ?? null,
    wamid: m.wamid?.slice(0, 256) ?? null,
    type: m.type.slice(0, 40),
    text: clip(m.text),
    details: details.length > MAX_MESSAGE_DETAILS ? toJsonText({ truncated: true }) : details,
    status: m.status ?? null,
    error_code: null,
    error_title: null,
    at: toEpochMs(m.at),
    status_at: null,
  };
}

function toMessage(row: MessageTable): Message {
  const details = fromJsonText(row.details);
  return {
    id: row.id,
    contactId: row.contact_id,
    direction: row.direction === 'outbound' ? 'outbound' : 'inbound',
    author: row.author === 'operator' || row.author === 'automation' ? row.author : 'customer',
    authorName: row.author_name,
    wamid: row.wamid,
    type: row.type,
    text: row.text,
    details: isJsonObject(details) ? { ...details } : {},
    status: row.status === null ? null : (Object.keys(STATUS_RANK).find((s) => s === row.status) as MessageStatus | undefined) ?? null,
    errorCode: row.error_code,
    errorTitle: row.error_title,
    at: row.at,
    statusAt: row.status_at,
  };
}

function toConversation(row: ConversationTable): ConversationRecord {
  return {
    contactId: row.contact_id, assignee: row.assignee ?? null, state: toState(row.state), stateAt: row.state_at ?? null,
    lastInboundAt: row.last_inbound_at, lastOutboundAt: row.last_outbound_at,
  };
}

function toState(value: string | undefined): ConversationState {
  return CONVERSATION_STATES.find((s) => s === value) ?? 'open';
}

/** Creates the conversations repository over a database handle. */
export function createConversationsRepository(db: Executor): ConversationsRepository {
  const find = async (workspaceId: string, contactId: string): Promise<ConversationRecord | undefined> => {
    const row = await db.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).executeTakeFirst();
    return row && toConversation(row);
  };
  return {
    find,
    async list(workspaceId, options = {}) {
      const rows = await db
        .selectFrom('conversations')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .$if(options.state !== undefined, (q) => q.where('state', '=', options.state ?? 'open'))
        .$if(options.assignee !== undefined, (q) => q.where('assignee', '=', options.assignee ?? ''))
        .orderBy('last_inbound_at', 'desc')
        .orderBy('contact_id')
        .limit(options.limit ?? 100)
        .execute();
      return rows.map(toConversation);
    },
    async update(workspaceId, contactId, change) {
      const owned = await db.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where('id', '=', contactId).executeTakeFirst();
      if (!owned) return undefined;
      const ms = toEpochMs(change.at);
      const set = {
        ...(change.assignee === undefined ? {} : { assignee: change.assignee }),
        ...(change.state === undefined ? {} : { state: change.state, state_at: ms }),
      };
      await db
        .insertInto('conversations')
        .values({ workspace_id: workspaceId, contact_id: contactId, last_inbound_at: null, last_outbound_at: null, assignee: change.assignee ?? null, state: change.state ?? 'open', state_at: change.state === undefined ? null : ms })
        .onConflict((oc) => (Object.keys(set).length === 0 ? oc.columns(['workspace_id', 'contact_id']).doNothing() : oc.columns(['workspace_id', 'contact_id']).doUpdateSet(set)))
        .execute();
      return find(workspaceId, contactId);
    },
    async recordMessages(workspaceId, messages) {
      if (messages.length === 0) return 0;
      const rows = messages.map((m) => toMessageRow(workspaceId, m));
      const inserted = await db.insertInto('messages').values(rows).onConflict((oc) => oc.columns(['workspace_id', 'wamid']).doNothing()).returning('id').execute();
      return inserted.length;
    },
    async appendMessage(workspaceId, message) {
      const row = toMessageRow(workspaceId, message);
      try {
        const inserted = await db.insertInto('messages').values(row).onConflict((oc) => oc.columns(['workspace_id', 'wamid']).doNothing()).returning('id').executeTakeFirst();
        return inserted === undefined ? undefined : toMessage(row);
      } catch (error) {
        if (isUniqueViolation(error)) return undefined;
        throw error;
      }
    },
    async settleMessage(workspaceId, messageId, outcome, at) {
      const ms = toEpochMs(at);
      await db
        .updateTable('messages')
        .set(outcome.status === 'sent'
          ? { wamid: outcome.wamid, status: 'sent', status_at: ms }
          : { status: 'failed', error_code: outcome.errorCode ?? null, error_title: outcome.errorTitle.slice(0, 500), status_at: ms })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', messageId)
        .execute();
    },
    async applyStatus(workspaceId, wamid, change) {
      const row = await db.selectFrom('messages').select(['id', 'status']).where('workspace_id', '=', workspaceId).where('wamid', '=', wamid).where('direction', '=', 'outbound').executeTakeFirst();
      if (row === undefined) return 'unknown';
      const current = row.status === null ? 0 : STATUS_RANK[row.status as MessageStatus] ?? 0;
      const applies = change.status === 'failed' ? current <= STATUS_RANK.sent : STATUS_RANK[change.status] > current && row.status !== 'failed';
      if (!applies) return 'stale';
      await db
        .updateTable('messages')
        .set({
          status: change.status, status_at: toEpochMs(change.at),
          ...(change.status === 'failed' ? { error_code: change.errorCode ?? null, error_title: change.errorTitle?.slice(0, 500) ?? null } : {}),
        })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', row.id)
        .execute();
      return 'applied';
    },
    async listMessages(workspaceId, contactId, options = {}) {
      const rows = await db
        .selectFrom('messages')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('contact_id', '=', contactId)
        .$if(options.since !== undefined, (q) => q.where('at', '>=', options.since ?? 0))
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(options.limit ?? 500)
        .execute();
      return rows.reverse().map(toMessage);
    },
    async listQuickReplies(workspaceId) {
      const rows = await db.selectFrom('quick_replies').selectAll().where('workspace_id', '=', workspaceId).orderBy('title').execute();
      return rows.map((r) => ({ id: r.id, title: r.title, text: r.text, updatedAt: r.updated_at }));
    },
    async saveQuickReply(workspaceId, reply) {
      const row = { workspace_id: workspaceId, id: reply.id ?? newId(), title: reply.title, text: clip(reply.text) ?? '', updated_at: toEpochMs(reply.at) };
      try {
        await db
          .insertInto('quick_replies')
          .values(row)
          .onConflict((oc) => oc.columns(['workspace_id', 'id']).doUpdateSet({ title: row.title, text: row.text, updated_at: row.updated_at }))
          .execute();
      } catch (error) {
        if (isUniqueViolation(error)) return undefined;
        throw error;
      }
      return { id: row.id, title: row.title, text: row.text, updatedAt: row.updated_at };
    },
    async deleteQuickReply(workspaceId, id) {
      const result = await db.deleteFrom('quick_replies').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
