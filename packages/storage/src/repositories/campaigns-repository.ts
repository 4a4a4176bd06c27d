import { sql } from 'kysely';
import type { CampaignRecipientTable, CampaignTable } from '../database.js';
import { inTransaction, type Backend, type Executor } from '../dialect/executor.js';
import { toEpochMs, type Instant } from '../instant.js';
import { isUniqueViolation } from '../dialect/is-unique-violation.js';
import { fromJsonText, fromOptionalJsonText, toJsonText } from '../dialect/json-text.js';
import { newId } from '../new-id.js';
import { createConversationsRepository } from './conversations-repository.js';
import { createSendsRepository } from './sends-repository.js';
import { fail, succeed, type StorageResult } from '../storage-result.js';

/** Where a campaign stands. The last four are stops Meta caused, each with its reason. */
export type CampaignStatus = 'draft' | 'scheduled' | 'running' | 'paused' | 'completed' | 'cancelled' | 'template-paused' | 'quality-limited' | 'account-blocked' | 'flow-not-sendable';
export const CAMPAIGN_STATUSES: readonly CampaignStatus[] = ['draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled', 'template-paused', 'quality-limited', 'account-blocked', 'flow-not-sendable'];

/**
 * Where one recipient stands: `sending` is the idempotency record committed before the Cloud API call;
 * `unknown` a send whose answer never came (a crash or a timeout), resolved from status webhooks or moved
 * to `review` for a person to decide; never sent again by itself.
 */
export type RecipientState = 'queued' | 'sending' | 'sent' | 'failed' | 'unknown' | 'review' | 'excluded' | 'cancelled';
export const RECIPIENT_STATES: readonly RecipientState[] = ['queued', 'sending', 'sent', 'failed', 'unknown', 'review', 'excluded', 'cancelled'];

/** A campaign as stored; `definition` is the server's (arms, segment, personalisation, options). */
export interface Campaign {
  id: string;
  workspaceId: string;
  name: string;
  status: CampaignStatus;
  statusReason: string | null;
  channel: string;
  kind: string;
  definition: unknown;
  seed: string;
  messagesPerSecond: number;
  startAt: number | null;
  enqueuedAt: number | null;
  finishedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** One recipient of a campaign. */
export interface CampaignRecipient {
  campaignId: string;
  contactId: string;
  phone: string;
  arm: string;
  state: RecipientState;
  sendId: string | null;
  attempts: number;
  nextAttemptAt: number;
  errorCode: number | null;
  reason: string | null;
  stateAt: number;
  sentAt: number | null;
}

/** A recipient claimed for sending: its send (with the flow_token) is committed before the call. */
export interface ClaimedRecipient extends CampaignRecipient {
  sendId: string;
  flowToken: string;
  /** The Meta Flow its send records (and its message opens); null when the claim named none (the sandbox). */
  graphFlowId: string | null;
}

/** A measurement event of a campaign's send, with the recipient's arm and send time. */
export interface CampaignEventRow {
  arm: string;
  sendId: string;
  sentAt: number | null;
  type: string;
  screen: string | null;
  data: unknown;
  at: number;
}

/** What a person decides for recipients in review (their outcome was never learnt). */
export type RecipientReviewDecision = 'resend' | 'mark-sent' | 'mark-failed';

export interface CampaignsRepository {
  create(workspaceId: string, input: { name: string; channel: string; kind: string; definition: unknown; seed: string; messagesPerSecond: number; startAt: number | null; status: CampaignStatus; at: Instant }): Promise<StorageResult<Campaign, 'NAME_TAKEN'>>;
  find(workspaceId: string, campaignId: string): Promise<Campaign | undefined>;
  list(workspaceId: string, options?: { limit?: number }): Promise<Campaign[]>;
  /** Moves a campaign from one of `from` to `to` (atomically); false when it was in none of them. */
  transition(workspaceId: string, campaignId: string, from: readonly CampaignStatus[], to: CampaignStatus, at: Instant, reason?: string | null): Promise<boolean>;
  markEnqueued(workspaceId: string, campaignId: string, at: Instant): Promise<void>;
  /** Sets when a scheduled campaign starts (epoch ms). */
  setStartAt(workspaceId: string, campaignId: string, startAt: number): Promise<void>;
  /** Campaigns with work for a dispatcher, in every workspace: running, or scheduled and due. */
  listDispatchable(now: Instant): Promise<Campaign[]>;
  /** Adds recipients (a contact at most once per campaign); returns how many were new. */
  enqueueRecipients(workspaceId: string, campaignId: string, recipients: readonly { contactId: string; phone: string; arm: string }[], at: Instant): Promise<number>;
  /** Queued recipients due now (oldest first), without claiming them. */
  listDue(workspaceId: string, campaignId: string, now: Instant, limit: number): Promise<CampaignRecipient[]>;
  /**
   * Claims queued recipients: creates their sends (flow_token) where they have none and moves them to
   * `sending` in one transaction; only recipients still queued are claimed (another dispatcher may have won).
   * Each send records `graphFlowId`, the Meta Flow its message opens (a retried send takes the one given now).
   */
  claim(workspaceId: string, campaignId: string, recipients: readonly { contactId: string; flowId: string; version: number; graphFlowId?: string; language?: string }[], channel: string, at: Instant): Promise<ClaimedRecipient[]>;
  /** Records accepted messages: recipient `sent`, the send's message id and status, the `sent` event and the contact's outbound time. */
  recordSent(workspaceId: string, campaignId: string, items: readonly { contactId: string; sendId: string; flowId: string; version: number; messageId: string; at: Instant }[]): Promise<void>;
  /** Records recipients that failed for good (Meta's code and reason). */
  recordFailed(workspaceId: string, campaignId: string, items: readonly { contactId: string; sendId: string | null; code: number | null; reason: string; at: Instant }[]): Promise<void>;
  /** Puts recipients back in the queue after a refusal Meta answered (the message was not accepted). */
  requeue(workspaceId: string, campaignId: string, items: readonly { contactId: string; nextAttemptAt: number; code: number | null; reason: string }[], at: Instant): Promise<void>;
  /** Marks recipients whose send got no answer: Meta may or may not have accepted it. */
  markUnknown(workspaceId: string, campaignId: string, contactIds: readonly string[], reason: string, at: Instant): Promise<void>;
  /** Queued recipients wait (not claimed, no attempt counted) until `nextAttemptAt`: outside their local send window. */
  defer(workspaceId: string, campaignId: string, items: readonly { contactId: string; nextAttemptAt: number; reason: string }[]): Promise<void>;
  markExcluded(workspaceId: string, campaignId: string, items: readonly { contactId: string; reason: string }[], at: Instant): Promise<void>;
  /** Puts a contact on the exclusion list of the campaign with this name (routing's `exclude_from_campaign`; migration 0016). */
  excludeContact(workspaceId: string, campaignName: string, contactId: string, at: Instant): Promise<void>;
  /** Which of these contacts are on the exclusion list of the campaign with this name. */
  findExcludedContacts(workspaceId: string, campaignName: string, contactIds: readonly string[]): Promise<Set<string>>;
  /**
   * Takes or renews the campaign's lease for `owner` until `until`: `acquired` when it was free or expired
   * (whatever another owner left in flight is now this owner's to recover), `renewed` when already held, `held` when another owner holds it.
   */
  acquireLease(workspaceId: string, campaignId: string, owner: string, until: number, now: Instant): Promise<'acquired' | 'renewed' | 'held'>;
  releaseLease(workspaceId: string, campaignId: string, owner: string): Promise<void>;
  /** After a crash: the campaign's recipients left `sending` become `unknown` (call only with its lease newly acquired). */
  recoverInFlight(workspaceId: string, campaignId: string, at: Instant): Promise<number>;
  /** Resolves `unknown` and `review` recipients from their send (a status webhook recorded its message id or failure); those unknown since before `reviewBefore` go to review. */
  resolveUnknown(workspaceId: string, campaignId: string, reviewBefore: number, at: Instant): Promise<{ sent: number; failed: number; review: number }>;
  decideReview(workspaceId: string, campaignId: string, decision: RecipientReviewDecision, at: Instant): Promise<number>;
  /** Queued recipients of a cancelled campaign become `cancelled`. */
  cancelQueued(workspaceId: string, campaignId: string, at: Instant): Promise<number>;
  countStates(workspaceId: string, campaignId: string): Promise<{ arm: string; state: RecipientState; count: number }[]>;
  /** The statuses of the campaign's sends (delivered, read, completed, failed…) by arm. */
  countSendStatuses(workspaceId: string, campaignId: string): Promise<{ arm: string; status: string; count: number }[]>;
  /** Confirmed bookings (not previews, not cancelled) made through the campaign's sends, by arm. */
  countBookings(workspaceId: string, campaignId: string): Promise<{ arm: string; count: number }[]>;
  /** Failed recipients by arm and Meta's reason. */
  countFailures(workspaceId: string, campaignId: string): Promise<{ arm: string; code: number | null; reason: string; count: number }[]>;
  listRecipients(workspaceId: string, campaignId: string, options?: { state?: RecipientState; limit?: number; afterContactId?: string }): Promise<CampaignRecipient[]>;
  /** The measurement events of the campaign's sends (opened, screens, submitted, routed, resolved). */
  listEvents(workspaceId: string, campaignId: string): Promise<CampaignEventRow[]>;
  /** The last time each contact was sent a message by another campaign (for the quiet period). */
  lastSentByOthers(workspaceId: string, campaignId: string, contactIds: readonly string[]): Promise<Map<string, number>>;
}

const CHUNK = 500;
const chunks = <T>(items: readonly T[], size = CHUNK): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

function toCampaign(row: CampaignTable): Campaign {
  return {
    id: row.id, workspaceId: row.workspace_id, name: row.name,
    status: CAMPAIGN_STATUSES.find((s) => s === row.status) ?? 'draft', statusReason: row.status_reason,
    channel: row.channel, kind: row.kind, definition: fromJsonText(row.definition), seed: row.seed,
    messagesPerSecond: row.messages_per_second, startAt: row.start_at, enqueuedAt: row.enqueued_at, finishedAt: row.finished_at,
    createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

/** The recipient row's columns, for an update's RETURNING. */
const RECIPIENT_COLUMNS = sql.raw('workspace_id, campaign_id, contact_id, phone, arm, state, send_id, attempts, next_attempt_at, error_code, reason, state_at, sent_at');

function toRecipient(row: CampaignRecipientTable): CampaignRecipient {
  return {
    campaignId: row.campaign_id, contactId: row.contact_id, phone: row.phone, arm: row.arm,
    state: RECIPIENT_STATES.find((s) => s === row.state) ?? 'queued', sendId: row.send_id, attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at, errorCode: row.error_code, reason: row.reason, stateAt: row.state_at, sentAt: row.sent_at,
  };
}

/** Creates the campaigns repository over a database handle. */
export function createCampaignsRepository(db: Executor, backend: Backend): CampaignsRepository {
  // SQLite, without statistics, prefers the due index (campaign_id, state) for "state = 'queued'" over the primary key
  // of the contact ids listed, and so reads the whole queue for every batch; "+state" keeps that index out of the plan.
  // PostgreSQL has statistics and no unary plus for text.
  const queuedState = backend === 'sqlite' ? sql`+state` : sql`state`;
  const recipients = (tx: Executor, workspaceId: string, campaignId: string) =>
    tx.updateTable('campaign_recipients').where('workspace_id', '=', workspaceId).where('campaign_id', '=', campaignId);
  return {
    async create(workspaceId, input) {
      const at = toEpochMs(input.at);
      const row: CampaignTable = {
        workspace_id: workspaceId, id: newId(), name: input.name, status: input.status, status_reason: null, channel: input.channel, kind: input.kind,
        definition: toJsonText(input.definition), seed: input.seed, messages_per_second: input.messagesPerSecond, start_at: input.startAt,
        enqueued_at: null, finished_at: null, lease_owner: null, lease_until: null, created_at: at, updated_at: at,
      };
      try {
        await db.insertInto('campaigns').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error)) return fail('NAME_TAKEN', `a campaign named "${input.name}" already exists in this workspace`);
        throw error;
      }
      return succeed(toCampaign(row));
    },
    async find(workspaceId, campaignId) {
      const row = await db.selectFrom('campaigns').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', campaignId).executeTakeFirst();
      return row && toCampaign(row);
    },
    async list(workspaceId, options = {}) {
      const rows = await db.selectFrom('campaigns').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at', 'desc').orderBy('id').limit(options.limit ?? 100).execute();
      return rows.map(toCampaign);
    },
    async transition(workspaceId, campaignId, from, to, at, reason) {
      const ms = toEpochMs(at);
      const done = to === 'completed' || to === 'cancelled';
      const result = await db
        .updateTable('campaigns')
        .set({ status: to, updated_at: ms, ...(reason === undefined ? {} : { status_reason: reason }), ...(done ? { finished_at: ms } : {}) })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', campaignId)
        .where('status', 'in', [...from])
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async markEnqueued(workspaceId, campaignId, at) {
      await db.updateTable('campaigns').set({ enqueued_at: toEpochMs(at), updated_at: toEpochMs(at) }).where('workspace_id', '=', workspaceId).where('id', '=', campaignId).execute();
    },
    async setStartAt(workspaceId, campaignId, startAt) {
      await db.updateTable('campaigns').set({ start_at: startAt }).where('workspace_id', '=', workspaceId).where('id', '=', campaignId).execute();
    },
    async listDispatchable(now) {
      const ms = toEpochMs(now);
      const rows = await db
        .selectFrom('campaigns')
        .selectAll()
        .where((eb) => eb.or([eb('status', '=', 'running'), eb.and([eb('status', '=', 'scheduled'), eb('start_at', '<=', ms)])]))
        .orderBy('created_at')
        .limit(1000)
        .execute();
      return rows.map(toCampaign);
    },
    async enqueueRecipients(workspaceId, campaignId, list, at) {
      const ms = toEpochMs(at);
      let added = 0;
      // 13 columns a row: 500 rows a statement stay below both backends' bound-parameter limits.
      for (const part of chunks(list)) {
        const rows: CampaignRecipientTable[] = part.map((r) => ({
          workspace_id: workspaceId, campaign_id: campaignId, contact_id: r.contactId, phone: r.phone, arm: r.arm, state: 'queued', send_id: null,
          attempts: 0, next_attempt_at: ms, error_code: null, reason: null, state_at: ms, sent_at: null,
        }));
        const inserted = await db.insertInto('campaign_recipients').values(rows).onConflict((oc) => oc.columns(['workspace_id', 'campaign_id', 'contact_id']).doNothing()).returning('contact_id').execute();
        added += inserted.length;
      }
      return added;
    },
    async listDue(workspaceId, campaignId, now, limit) {
      const rows = await db
        .selectFrom('campaign_recipients')
        .selectAll()
        .where('campaign_id', '=', campaignId)
        .where('state', '=', 'queued')
        .where('next_attempt_at', '<=', toEpochMs(now))
        .where('workspace_id', '=', workspaceId)
        .orderBy('next_attempt_at')
        .orderBy('contact_id')
        .limit(limit)
        .execute();
      return rows.map(toRecipient);
    },
    claim(workspaceId, campaignId, list, channel, at) {
      if (list.length === 0) return Promise.resolve([]);
      const ms = toEpochMs(at);
      return inTransaction(db, async (tx) => {
        // Each recipient is offered a new send id; one without a send takes it, one retried after a refusal keeps
        // its own (and its flow_token). One statement a chunk marks the still-queued ones `sending` and returns them.
        const offered = new Map(list.map((r) => [r.contactId, newId()]));
        const current: CampaignRecipientTable[] = [];
        for (const part of chunks(list)) {
          const offers = sql`case contact_id ${sql.join(part.map((r) => sql`when ${r.contactId} then ${offered.get(r.contactId)}`), sql` `)} end`;
          const updated = await sql<CampaignRecipientTable>`update campaign_recipients
            set state = 'sending', state_at = ${ms}, attempts = attempts + 1, send_id = coalesce(send_id, ${offers})
            where workspace_id = ${workspaceId} and campaign_id = ${campaignId} and contact_id in (${sql.join(part.map((r) => r.contactId))}) and ${queuedState} = 'queued'
            returning ${RECIPIENT_COLUMNS}`.execute(tx);
          current.push(...updated.rows);
        }
        if (current.length === 0) return [];
        const wanted = new Map(list.map((r) => [r.contactId, r]));
        // A recipient retried after a refusal keeps its send and flow_token. Every other one gets a send under the id it
        // now carries: the one offered, or, for a row damaged by hand whose send id names no send, that id.
        const existing = new Map((await Promise.all(chunks(current.filter((r) => r.send_id !== offered.get(r.contact_id)).map((r) => r.send_id ?? '')).map((part) => tx
          .selectFrom('sends').select(['id', 'flow_token', 'graph_flow_id']).where('workspace_id', '=', workspaceId).where('id', 'in', part).execute()))).flat().map((s) => [s.id, s]));
        const created = await createSendsRepository(tx).createMany(workspaceId, current.filter((r) => !existing.has(r.send_id ?? '')).map((r) => {
          const w = wanted.get(r.contact_id);
          return { id: r.send_id ?? newId(), flowId: w?.flowId ?? '', version: w?.version ?? 0, contactId: r.contact_id, channel, ...(w?.graphFlowId === undefined ? {} : { graphFlowId: w.graphFlowId }), ...(w?.language === undefined ? {} : { language: w.language }), at: ms };
        }));
        // A retried send's earlier message was refused (Meta opened nothing): it now records the Meta Flow it opens this time,
        // the current one after a publish, and that Meta Flow's language. One statement per Meta Flow and language (a campaign's arms open a few).
        const moved = new Map<string, { graphFlowId: string; language: string | null; ids: string[] }>();
        for (const row of current) {
          const send = existing.get(row.send_id ?? '');
          const graphFlowId = wanted.get(row.contact_id)?.graphFlowId;
          if (send === undefined || graphFlowId === undefined || send.graph_flow_id === graphFlowId) continue;
          const language = wanted.get(row.contact_id)?.language ?? null;
          const key = JSON.stringify([graphFlowId, language]);
          moved.set(key, { graphFlowId, language, ids: [...(moved.get(key)?.ids ?? []), send.id] });
          existing.set(send.id, { ...send, graph_flow_id: graphFlowId });
        }
        for (const { graphFlowId, language, ids } of moved.values()) {
          for (const part of chunks(ids)) await tx.updateTable('sends').set({ graph_flow_id: graphFlowId, language }).where('workspace_id', '=', workspaceId).where('id', 'in', part).execute();
        }
        for (const send of created) existing.set(send.id, { id: send.id, flow_token: send.flowToken, graph_flow_id: send.graphFlowId });
        return current.map((row) => {
          const send = existing.get(row.send_id ?? '');
          if (send === undefined) throw new Error(`campaign ${campaignId}: recipient ${row.contact_id} was claimed without a send`);
          return { ...toRecipient(row), sendId: send.id, flowToken: send.flow_token, graphFlowId: send.graph_flow_id };
        });
      });
    },
    recordSent(workspaceId, campaignId, items) {
      if (items.length === 0) return Promise.resolve();
      return inTransaction(db, async (tx) => {
        const campaign = await tx.selectFrom('campaigns').select(['kind', 'name']).where('workspace_id', '=', workspaceId).where('id', '=', campaignId).executeTakeFirst();
        // One statement a chunk for the recipients and one for the sends, each value by a CASE on the row's key.
        for (const part of chunks(items)) {
          const sentAt = sql<number>`case contact_id ${sql.join(part.map((i) => sql`when ${i.contactId} then ${toEpochMs(i.at)}`), sql` `)} else sent_at end`;
          const last = Math.max(...part.map((i) => toEpochMs(i.at)));
          await recipients(tx, workspaceId, campaignId).set({ state: 'sent', sent_at: sentAt, state_at: last, error_code: null, reason: null }).where('contact_id', 'in', part.map((i) => i.contactId)).execute();
          const messageIds = sql<string>`case id ${sql.join(part.map((i) => sql`when ${i.sendId} then ${i.messageId}`), sql` `)} else message_id end`;
          // A status webhook may have come first (it names the send by its callback data): its status stays.
          await tx.updateTable('sends').set({ status: sql<string>`case when status = 'queued' then 'sent' else status end`, message_id: messageIds, updated_at: last }).where('workspace_id', '=', workspaceId).where('id', 'in', part.map((i) => i.sendId)).where('message_id', 'is', null).execute();
        }
        for (const part of chunks(items)) {
          await tx.insertInto('events').values(part.map((item) => ({ id: newId(), workspace_id: workspaceId, type: 'sent', flow_id: item.flowId, version: item.version, send_id: item.sendId, screen: null, data: null, at: toEpochMs(item.at) }))).execute();
          // One row per contact: PostgreSQL refuses to upsert a row twice in one statement.
          const latest = new Map(part.map((item) => [item.contactId, toEpochMs(item.at)]));
          await tx
            .insertInto('conversations')
            .values([...latest].map(([contactId, ms]) => ({ workspace_id: workspaceId, contact_id: contactId, last_inbound_at: null, last_outbound_at: ms })))
            .onConflict((oc) => oc.columns(['workspace_id', 'contact_id']).doUpdateSet((eb) => ({ last_outbound_at: eb.ref('excluded.last_outbound_at') })))
            .execute();
          // The campaign's message in each contact's conversation (automated: never counted as back-and-forth).
          await createConversationsRepository(tx).recordMessages(workspaceId, part.map((item) => ({
            contactId: item.contactId, direction: 'outbound', author: 'automation', wamid: item.messageId, type: campaign?.kind === 'template' ? 'template' : 'flow',
            text: campaign?.name ?? 'campaign', details: { sendId: item.sendId, flowId: item.flowId, version: item.version, campaignId }, status: 'sent', at: item.at,
          })));
        }
      });
    },
    recordFailed(workspaceId, campaignId, items) {
      if (items.length === 0) return Promise.resolve();
      return inTransaction(db, async (tx) => {
        for (const item of items) {
          const ms = toEpochMs(item.at);
          await recipients(tx, workspaceId, campaignId).set({ state: 'failed', state_at: ms, error_code: item.code, reason: item.reason.slice(0, 500) }).where('contact_id', '=', item.contactId).execute();
          if (item.sendId !== null) await tx.updateTable('sends').set({ status: 'failed', updated_at: ms }).where('workspace_id', '=', workspaceId).where('id', '=', item.sendId).execute();
        }
      });
    },
    requeue(workspaceId, campaignId, items, at) {
      if (items.length === 0) return Promise.resolve();
      const ms = toEpochMs(at);
      return inTransaction(db, async (tx) => {
        for (const item of items) {
          await recipients(tx, workspaceId, campaignId).set({ state: 'queued', state_at: ms, next_attempt_at: item.nextAttemptAt, error_code: item.code, reason: item.reason.slice(0, 500) }).where('contact_id', '=', item.contactId).where('state', '=', 'sending').execute();
        }
      });
    },
    defer(workspaceId, campaignId, items) {
      if (items.length === 0) return Promise.resolve();
      // Recipients of one zone share their opening: one update per (time, reason) group.
      const groups = new Map<string, { nextAttemptAt: number; reason: string; ids: string[] }>();
      for (const item of items) {
        const key = `${item.nextAttemptAt}|${item.reason}`;
        const group = groups.get(key) ?? { nextAttemptAt: item.nextAttemptAt, reason: item.reason.slice(0, 500), ids: [] };
        group.ids.push(item.contactId);
        groups.set(key, group);
      }
      return inTransaction(db, async (tx) => {
        for (const group of groups.values()) {
          for (const part of chunks(group.ids)) {
            await recipients(tx, workspaceId, campaignId).set({ next_attempt_at: group.nextAttemptAt, reason: group.reason }).where('contact_id', 'in', part).where('state', '=', 'queued').execute();
          }
        }
      });
    },
    async markUnknown(workspaceId, campaignId, contactIds, reason, at) {
      const ms = toEpochMs(at);
      for (const part of chunks(contactIds)) {
        await recipients(db, workspaceId, campaignId).set({ state: 'unknown', state_at: ms, reason: reason.slice(0, 500) }).where('contact_id', 'in', part).where('state', '=', 'sending').execute();
      }
    },
    async markExcluded(workspaceId, campaignId, items, at) {
      const ms = toEpochMs(at);
      const byReason = new Map<string, string[]>();
      for (const item of items) byReason.set(item.reason, [...(byReason.get(item.reason) ?? []), item.contactId]);
      for (const [reason, ids] of byReason) {
        for (const part of chunks(ids)) await recipients(db, workspaceId, campaignId).set({ state: 'excluded', state_at: ms, reason }).where('contact_id', 'in', part).where('state', '=', 'queued').execute();
      }
    },
    async excludeContact(workspaceId, campaignName, contactId, at) {
      await db.insertInto('campaign_exclusions').values({ workspace_id: workspaceId, campaign: campaignName, contact_id: contactId, created_at: toEpochMs(at) }).onConflict((oc) => oc.doNothing()).execute();
    },
    async findExcludedContacts(workspaceId, campaignName, contactIds) {
      const found = new Set<string>();
      for (const part of chunks(contactIds)) {
        const rows = await db.selectFrom('campaign_exclusions').select('contact_id').where('workspace_id', '=', workspaceId).where('campaign', '=', campaignName).where('contact_id', 'in', part).execute();
        for (const r of rows) found.add(r.contact_id);
      }
      return found;
    },
    async acquireLease(workspaceId, campaignId, owner, until, now) {
      const ms = toEpochMs(now);
      const before = await db.selectFrom('campaigns').select(['lease_owner', 'lease_until']).where('workspace_id', '=', workspaceId).where('id', '=', campaignId).executeTakeFirst();
      const result = await db
        .updateTable('campaigns')
        .set({ lease_owner: owner, lease_until: until })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', campaignId)
        .where((eb) => eb.or([eb('lease_owner', 'is', null), eb('lease_owner', '=', owner), eb('lease_until', '<', ms)]))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return 'held';
      return before?.lease_owner === owner && (before.lease_until ?? 0) >= ms ? 'renewed' : 'acquired';
    },
    async releaseLease(workspaceId, campaignId, owner) {
      await db.updateTable('campaigns').set({ lease_owner: null, lease_until: null }).where('workspace_id', '=', workspaceId).where('id', '=', campaignId).where('lease_owner', '=', owner).execute();
    },
    async recoverInFlight(workspaceId, campaignId, at) {
      const result = await recipients(db, workspaceId, campaignId).set({ state: 'unknown', state_at: toEpochMs(at), reason: 'the process sending this message stopped before its answer was recorded; waiting for a status webhook' }).where('state', '=', 'sending').executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    resolveUnknown(workspaceId, campaignId, reviewBefore, at) {
      const ms = toEpochMs(at);
      return inTransaction(db, async (tx) => {
        const rows = await tx
          .selectFrom('campaign_recipients as r')
          .leftJoin('sends as s', (j) => j.onRef('s.id', '=', 'r.send_id').onRef('s.workspace_id', '=', 'r.workspace_id'))
          .select(['r.contact_id', 'r.state_at', 'r.state as r_state', 's.message_id', 's.status', 's.updated_at'])
          .where('r.workspace_id', '=', workspaceId)
          .where('r.campaign_id', '=', campaignId)
          .where('r.state', 'in', ['unknown', 'review'])
          .execute();
        const counts = { sent: 0, failed: 0, review: 0 };
        for (const row of rows) {
          // A status that arrives late still settles a recipient in review: evidence beats a person's guess.
          const inReview = row.r_state === 'review';
          const update = recipients(tx, workspaceId, campaignId).where('contact_id', '=', row.contact_id).where('state', '=', row.r_state);
          if (row.status === 'failed') {
            await update.set({ state: 'failed', state_at: ms, reason: 'WhatsApp reported the message failed (status webhook)' }).execute();
            counts.failed++;
          } else if (row.message_id !== null && row.message_id !== undefined) {
            await update.set({ state: 'sent', state_at: ms, sent_at: row.updated_at ?? ms, reason: null }).execute();
            counts.sent++;
          } else if (!inReview && row.state_at < reviewBefore) {
            await update.set({ state: 'review', state_at: ms, reason: 'no status webhook arrived for this message: it may or may not have been sent; a person must decide' }).execute();
            counts.review++;
          }
        }
        return counts;
      });
    },
    async decideReview(workspaceId, campaignId, decision, at) {
      const ms = toEpochMs(at);
      const set = decision === 'resend'
        ? { state: 'queued', state_at: ms, next_attempt_at: ms, reason: 'queued again after review' }
        : decision === 'mark-sent' ? { state: 'sent', state_at: ms, sent_at: ms, reason: 'marked sent after review' } : { state: 'failed', state_at: ms, reason: 'marked failed after review' };
      const result = await recipients(db, workspaceId, campaignId).set(set).where('state', '=', 'review').executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async cancelQueued(workspaceId, campaignId, at) {
      const result = await recipients(db, workspaceId, campaignId).set({ state: 'cancelled', state_at: toEpochMs(at) }).where('state', '=', 'queued').executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async countStates(workspaceId, campaignId) {
      const rows = await db
        .selectFrom('campaign_recipients')
        .select(['arm', 'state', (eb) => eb.fn.countAll<number>().as('count')])
        .where('workspace_id', '=', workspaceId)
        .where('campaign_id', '=', campaignId)
        .groupBy(['arm', 'state'])
        .execute();
      return rows.map((r) => ({ arm: r.arm, state: RECIPIENT_STATES.find((s) => s === r.state) ?? 'queued', count: Number(r.count) }));
    },
    async countSendStatuses(workspaceId, campaignId) {
      const rows = await db
        .selectFrom('campaign_recipients as r')
        .innerJoin('sends as s', (j) => j.onRef('s.id', '=', 'r.send_id').onRef('s.workspace_id', '=', 'r.workspace_id'))
        .select(['r.arm', 's.status', (eb) => eb.fn.countAll<number>().as('count')])
        .where('r.workspace_id', '=', workspaceId)
        .where('r.campaign_id', '=', campaignId)
        .groupBy(['r.arm', 's.status'])
        .execute();
      return rows.map((r) => ({ arm: r.arm, status: r.status, count: Number(r.count) }));
    },
    async countBookings(workspaceId, campaignId) {
      const rows = await db
        .selectFrom('campaign_recipients as r')
        .innerJoin('bookings as b', (j) => j.onRef('b.send_id', '=', 'r.send_id').onRef('b.workspace_id', '=', 'r.workspace_id'))
        .select(['r.arm', (eb) => eb.fn.countAll<number>().as('count')])
        .where('r.workspace_id', '=', workspaceId)
        .where('r.campaign_id', '=', campaignId)
        .where('b.status', '=', 'confirmed')
        .where('b.preview', '=', 0)
        .groupBy('r.arm')
        .execute();
      return rows.map((r) => ({ arm: r.arm, count: Number(r.count) }));
    },
    async countFailures(workspaceId, campaignId) {
      const rows = await db
        .selectFrom('campaign_recipients')
        .select(['arm', 'error_code', 'reason', (eb) => eb.fn.countAll<number>().as('count')])
        .where('workspace_id', '=', workspaceId)
        .where('campaign_id', '=', campaignId)
        .where('state', '=', 'failed')
        .groupBy(['arm', 'error_code', 'reason'])
        .execute();
      return rows.map((r) => ({ arm: r.arm, code: r.error_code, reason: r.reason ?? '', count: Number(r.count) }));
    },
    async listRecipients(workspaceId, campaignId, options = {}) {
      const rows = await db
        .selectFrom('campaign_recipients')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('campaign_id', '=', campaignId)
        .$if(options.state !== undefined, (q) => q.where('state', '=', options.state ?? 'queued'))
        .$if(options.afterContactId !== undefined, (q) => q.where('contact_id', '>', options.afterContactId ?? ''))
        .orderBy('contact_id')
        .limit(options.limit ?? 100)
        .execute();
      return rows.map(toRecipient);
    },
    async listEvents(workspaceId, campaignId) {
      const rows = await db
        .selectFrom('campaign_recipients as r')
        .innerJoin('events as e', (j) => j.onRef('e.send_id', '=', 'r.send_id').onRef('e.workspace_id', '=', 'r.workspace_id'))
        .select(['r.arm', 'r.send_id', 'r.sent_at', 'e.type', 'e.screen', 'e.data', 'e.at'])
        .where('r.workspace_id', '=', workspaceId)
        .where('r.campaign_id', '=', campaignId)
        .where('e.type', 'in', ['opened', 'screen_reached', 'submitted', 'routed', 'resolved'])
        .orderBy('e.at')
        .execute();
      return rows.map((r) => ({ arm: r.arm, sendId: r.send_id ?? '', sentAt: r.sent_at, type: r.type, screen: r.screen, data: fromOptionalJsonText(r.data), at: r.at }));
    },
    async lastSentByOthers(workspaceId, campaignId, contactIds) {
      const out = new Map<string, number>();
      for (const part of chunks(contactIds)) {
        const rows = await db
          .selectFrom('campaign_recipients')
          .select(['contact_id', sql<number>`max(sent_at)`.as('last')])
          .where('workspace_id', '=', workspaceId)
          .where('contact_id', 'in', part)
          .where('campaign_id', '!=', campaignId)
          .where('sent_at', 'is not', null)
          .groupBy('contact_id')
          .execute();
        for (const r of rows) if (r.last !== null) out.set(r.contact_id, Number(r.last));
      }
      return out;
    },
  };
}
