import { isJsonObject } from '@flowline/core';
import type { ContactTable } from '../database.js';
import { inTransaction, type Executor } from '../dialect/executor.js';
import { toEpochMs, type Instant } from '../instant.js';
import { fromJsonText, toJsonText } from '../dialect/json-text.js';
import { newId } from '../new-id.js';
import { createConversationsRepository, type MessageInput } from './conversations-repository.js';

/** A customer reachable on WhatsApp. */
export interface Contact {
  id: string;
  workspaceId: string;
  phone: string;
  name: string | null;
  tags: string[];
  fields: Record<string, unknown>;
  optedIn: boolean;
  optedInAt: number | null;
  /** When the contact was erased on request (docs/privacy.md); null for a real contact. */
  erasedAt: number | null;
  /** The contact's language, a BCP 47 tag (docs/localization.md); null when unknown. */
  language: string | null;
  createdAt: number;
  updatedAt: number;
}

/** The last messages each way with a contact; the inbound time opens WhatsApp's 24-hour window. */
export interface Conversation {
  contactId: string;
  lastInboundAt: number | null;
  lastOutboundAt: number | null;
}

const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Whether a free-form (non-template) message may be sent now: the contact wrote within the last 24 hours. */
export function isWithinServiceWindow(conversation: Conversation | undefined, now: Instant): boolean {
  if (conversation?.lastInboundAt == null) return false;
  return toEpochMs(now) - conversation.lastInboundAt < SERVICE_WINDOW_MS;
}

/** A customer's message for `recordInboundMany`: who (phones in order of preference) and when. */
export interface InboundEntry {
  readonly workspaceId: string;
  readonly phones: readonly string[];
  readonly name?: string;
  readonly at: Instant;
  /** The customer's message itself, stored in the conversation (skipped when its `wamid` is already stored). */
  readonly message?: Omit<MessageInput, 'contactId' | 'direction' | 'author' | 'at'>;
}

/** Contacts and their conversation times, scoped by workspace. */
export interface ContactsRepository {
  /** Creates the contact of a phone number, or updates the given fields of the existing one (tags are merged). */
  upsert(workspaceId: string, contact: { phone: string; name?: string; tags?: readonly string[]; fields?: Record<string, unknown>; at: Instant }): Promise<Contact>;
  find(workspaceId: string, contactId: string): Promise<Contact | undefined>;
  findByPhone(workspaceId: string, phone: string): Promise<Contact | undefined>;
  /** The contacts with any of these phones (exactly as stored), in one query; unknown phones are absent. */
  findByPhones(workspaceId: string, phones: readonly string[]): Promise<Contact[]>;
  list(workspaceId: string, options?: { tag?: string; limit?: number }): Promise<Contact[]>;
  setOptIn(workspaceId: string, contactId: string, optedIn: boolean, at: Instant): Promise<boolean>;
  /** Sets or clears the contact's language (the caller gives a parsed BCP 47 tag); false when there is no such contact. */
  setLanguage(workspaceId: string, contactId: string, language: string | null, at: Instant): Promise<boolean>;
  recordInbound(workspaceId: string, contactId: string, at: Instant): Promise<void>;
  recordOutbound(workspaceId: string, contactId: string, at: Instant): Promise<void>;
  /**
   * Records many inbound times with a few statements: one SELECT of the contacts per workspace, one
   * multi-row INSERT of the missing ones, one multi-row conversation upsert. Each entry's contact is the
   * first of its `phones` that exists, else it is created with `phones[0]` (and `name`); for one contact
   * named twice the later entry's time wins, as if recorded in order.
   */
  recordInboundMany(entries: readonly InboundEntry[]): Promise<void>;
  findConversation(workspaceId: string, contactId: string): Promise<Conversation | undefined>;
}

function toContact(row: ContactTable): Contact {
  const tags = fromJsonText(row.tags);
  const fields = fromJsonText(row.fields);
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    phone: row.phone,
    name: row.name,
    tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [],
    fields: isJsonObject(fields) ? { ...fields } : {},
    optedIn: row.opted_in === 1,
    optedInAt: row.opted_in_at,
    erasedAt: row.erased_at ?? null,
    language: row.language ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Creates the contacts repository over a database handle. */
export function createContactsRepository(db: Executor): ContactsRepository {
  const findByPhone = async (tx: Executor, workspaceId: string, phone: string) => {
    const row = await tx.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).where('phone', '=', phone).executeTakeFirst();
    return row && toContact(row);
  };
  const touch = async (workspaceId: string, contactId: string, column: 'last_inbound_at' | 'last_outbound_at', at: Instant) => {
    const ms = toEpochMs(at);
    const owned = await db.selectFrom('contacts').select('id').where('workspace_id', '=', workspaceId).where('id', '=', contactId).executeTakeFirst();
    if (!owned) return;
    await db
      .insertInto('conversations')
      .values({ workspace_id: workspaceId, contact_id: contactId, last_inbound_at: null, last_outbound_at: null, [column]: ms })
      .onConflict((oc) => oc.columns(['workspace_id', 'contact_id']).doUpdateSet({ [column]: ms }))
      .execute();
  };
  return {
    upsert(workspaceId, contact) {
      const at = toEpochMs(contact.at);
      return inTransaction(db, async (tx) => {
        const existing = await findByPhone(tx, workspaceId, contact.phone);
        if (!existing) {
          const row: ContactTable = {
            id: newId(),
            workspace_id: workspaceId,
            phone: contact.phone,
            name: contact.name ?? null,
            tags: toJsonText([...new Set(contact.tags ?? [])]),
            fields: toJsonText(contact.fields ?? {}),
            opted_in: 0,
            opted_in_at: null,
            created_at: at,
            updated_at: at,
          };
          await tx.insertInto('contacts').values(row).execute();
          return toContact(row);
        }
        const row = await tx
          .updateTable('contacts')
          .set({
            name: contact.name ?? existing.name,
            tags: toJsonText([...new Set([...existing.tags, ...(contact.tags ?? [])])]),
            fields: toJsonText({ ...existing.fields, ...contact.fields }),
            updated_at: at,
          })
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', existing.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return toContact(row);
      });
    },
    async find(workspaceId, contactId) {
      const row = await db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', contactId).executeTakeFirst();
      return row && toContact(row);
    },
    findByPhone: (workspaceId, phone) => findByPhone(db, workspaceId, phone),
    async findByPhones(workspaceId, phones) {
      if (phones.length === 0) return [];
      const rows = await db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).where('phone', 'in', [...new Set(phones)]).execute();
      return rows.map(toContact);
    },
    async list(workspaceId, options = {}) {
      const rows = await db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).orderBy('phone').execute();
      const contacts = rows.map(toContact).filter((c) => options.tag === undefined || c.tags.includes(options.tag));
      return contacts.slice(0, options.limit ?? 1000);
    },
    async setLanguage(workspaceId, contactId, language, at) {
      const result = await db.updateTable('contacts').set({ language, updated_at: toEpochMs(at) }).where('workspace_id', '=', workspaceId).where('id', '=', contactId).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async setOptIn(workspaceId, contactId, optedIn, at) {
      const ms = toEpochMs(at);
      const result = await db
        .updateTable('contacts')
        .set({ opted_in: optedIn ? 1 : 0, opted_in_at: optedIn ? ms : null, updated_at: ms })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', contactId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    recordInbound: (workspaceId, contactId, at) => touch(workspaceId, contactId, 'last_inbound_at', at),
    recordOutbound: (workspaceId, contactId, at) => touch(workspaceId, contactId, 'last_outbound_at', at),
    async recordInboundMany(entries) {
      const valid = entries.filter((e) => e.phones.length > 0);
      if (valid.length === 0) return;
      const idOf = new Map<string, string>();
      const k = (ws: string, phone: string) => JSON.stringify([ws, phone]);
      const byWorkspace = new Map<string, Set<string>>();
      for (const e of valid) {
        const set = byWorkspace.get(e.workspaceId) ?? new Set<string>();
        for (const p of e.phones) set.add(p);
        byWorkspace.set(e.workspaceId, set);
      }
      const lookUp = async () => {
        for (const [ws, phones] of byWorkspace) {
          const rows = await db.selectFrom('contacts').select(['id', 'phone']).where('workspace_id', '=', ws).where('phone', 'in', [...phones]).execute();
          for (const r of rows) idOf.set(k(ws, r.phone), r.id);
        }
      };
      const contactOf = (e: InboundEntry) => {
        for (const p of e.phones) {
          const id = idOf.get(k(e.workspaceId, p));
          if (id !== undefined) return id;
        }
        return undefined;
      };
      await lookUp();
      const missing = new Map<string, ContactTable>();
      for (const e of valid) {
        const phone = e.phones[0];
        if (phone === undefined || contactOf(e) !== undefined || missing.has(k(e.workspaceId, phone))) continue;
        const at = toEpochMs(e.at);
        missing.set(k(e.workspaceId, phone), {
          id: newId(), workspace_id: e.workspaceId, phone, name: e.name ?? null, tags: toJsonText([]), fields: toJsonText({}),
          opted_in: 0, opted_in_at: null, created_at: at, updated_at: at,
        });
      }
      if (missing.size > 0) {
        // A contact created concurrently (another transaction) is skipped here and found by the second look-up.
        const created = await db.insertInto('contacts').values([...missing.values()]).onConflict((oc) => oc.columns(['workspace_id', 'phone']).doNothing()).returning(['id', 'workspace_id', 'phone']).execute();
        for (const r of created) idOf.set(k(r.workspace_id, r.phone), r.id);
        if (created.length < missing.size) await lookUp();
      }
      const latest = new Map<string, { workspace_id: string; contact_id: string; last_inbound_at: number; last_outbound_at: null }>();
      const messages = new Map<string, MessageInput[]>();
      for (const e of valid) {
        const id = contactOf(e);
        if (id === undefined) continue;
        if (e.message !== undefined) messages.set(e.workspaceId, [...(messages.get(e.workspaceId) ?? []), { ...e.message, contactId: id, direction: 'inbound', author: 'customer', at: e.at }]);
        // One row per contact: PostgreSQL refuses to upsert a row twice in one statement.
        const key = k(e.workspaceId, id);
        latest.delete(key);
        latest.set(key, { workspace_id: e.workspaceId, contact_id: id, last_inbound_at: toEpochMs(e.at), last_outbound_at: null });
      }
      if (latest.size === 0) return;
      await db
        .insertInto('conversations')
        .values([...latest.values()])
        // A customer writing again reopens a resolved conversation.
        .onConflict((oc) => oc.columns(['workspace_id', 'contact_id']).doUpdateSet((eb) => ({ last_inbound_at: eb.ref('excluded.last_inbound_at'), state: 'open' })))
        .execute();
      const conversations = createConversationsRepository(db);
      for (const [ws, list] of messages) await conversations.recordMessages(ws, list);
    },
    async findConversation(workspaceId, contactId) {
      const row = await db.selectFrom('conversations').selectAll().where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).executeTakeFirst();
      return row && { contactId: row.contact_id, lastInboundAt: row.last_inbound_at, lastOutboundAt: row.last_outbound_at };
    },
  };
}
