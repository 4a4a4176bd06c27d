import { isJsonObject } from '@flowline/core';
import type { FlowHealthEventTable } from '../database.js';
import type { Executor } from '../dialect/executor.js';
import { toEpochMs, type Instant } from '../instant.js';
import { fromJsonText, toJsonText } from '../dialect/json-text.js';
import { newId } from '../new-id.js';

/** A channel a workspace sends through: a WhatsApp Cloud API phone number, or the sandbox phone. */
export interface Channel {
  workspaceId: string;
  id: string;
  kind: 'whatsapp' | 'sandbox';
  phoneNumberId: string | null;
  config: Record<string, unknown>;
  createdAt: number;
}

/** A `flows` webhook (status change or health alert) as received, linked to our Flow when known. */
export interface FlowHealthEvent {
  id: string;
  workspaceId: string;
  flowId: string | null;
  graphFlowId: string;
  event: string;
  alertState: string | null;
  newStatus: string | null;
  message: string | null;
  details: Record<string, unknown>;
  at: number;
}

/** What the caller supplies to record a `flows` webhook. */
export interface FlowHealthEventInput {
  flowId?: string;
  graphFlowId: string;
  event: string;
  alertState?: string;
  newStatus?: string;
  message?: string;
  details: Record<string, unknown>;
  at: Instant;
}

/** One webhook receipt to claim (dedupe key per workspace). */
export interface WebhookReceiptClaim {
  readonly workspaceId: string;
  readonly key: string;
  readonly kind: string;
  readonly at: Instant;
}

/** Channel configuration, webhook receipts (dedupe), Graph Flow ids and Flow health webhooks. */
export interface ChannelsRepository {
  /** Creates or replaces a channel; a phone number id belongs to one workspace only. */
  save(workspaceId: string, channel: { id: string; kind: 'whatsapp' | 'sandbox'; phoneNumberId?: string; config?: Record<string, unknown>; at: Instant }): Promise<Channel>;
  list(workspaceId: string): Promise<Channel[]>;
  /** The channel of a Cloud API phone number id, across workspaces: inbound webhooks name the number, not the workspace. */
  locatePhoneNumberId(phoneNumberId: string): Promise<Channel | undefined>;
  /** Records that a webhook item was seen; false when its key was already claimed (a repeated delivery). */
  claimWebhookReceipt(workspaceId: string, receipt: { key: string; kind: string; at: Instant }): Promise<boolean>;
  /**
   * Claims many receipts in one INSERT; element i is true when receipt i was new (a key repeated within
   * the list is new only at its first occurrence).
   */
  claimWebhookReceipts(receipts: readonly WebhookReceiptClaim[]): Promise<boolean[]>;
  /** Forgets a claim, so that a delivery whose processing failed is processed when WhatsApp retries it. */
  releaseWebhookReceipt(workspaceId: string, key: string): Promise<void>;
  /** Links a Flow to its id in the Graph API (Meta's Flow id), replacing an earlier link. */
  linkGraphFlow(workspaceId: string, flowId: string, graphFlowId: string, at: Instant): Promise<void>;
  findGraphFlowId(workspaceId: string, flowId: string): Promise<string | undefined>;
  /** Our Flow for a Graph Flow id, across workspaces: `flows` webhooks carry only Meta's id. */
  locateGraphFlow(graphFlowId: string): Promise<{ workspaceId: string; flowId: string } | undefined>;
  recordFlowHealth(workspaceId: string, event: FlowHealthEventInput): Promise<FlowHealthEvent>;
  /** Newest first. */
  listFlowHealth(workspaceId: string, options?: { flowId?: string; limit?: number }): Promise<FlowHealthEvent[]>;
}

function toRecord(value: unknown): Record<string, unknown> {
  return isJsonObject(value) ? { ...value } : {};
}

function toChannel(row: { workspace_id: string; id: string; kind: string; phone_number_id: string | null; config: string; created_at: number }): Channel {
  return {
    workspaceId: row.workspace_id,
    id: row.id,
    kind: row.kind === 'whatsapp' ? 'whatsapp' : 'sandbox',
    phoneNumberId: row.phone_number_id,
    config: toRecord(fromJsonText(row.config)),
    createdAt: row.created_at,
  };
}

function toHealthEvent(row: FlowHealthEventTable): FlowHealthEvent {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    flowId: row.flow_id,
    graphFlowId: row.graph_flow_id,
    event: row.event,
    alertState: row.alert_state,
    newStatus: row.new_status,
    message: row.message,
    details: toRecord(fromJsonText(row.details)),
    at: row.at,
  };
}

/** Creates the channels repository over a database handle. */
export function createChannelsRepository(db: Executor): ChannelsRepository {
  return {
    async save(workspaceId, channel) {
      const row = {
        workspace_id: workspaceId,
        id: channel.id,
        kind: channel.kind,
        phone_number_id: channel.phoneNumberId ?? null,
        config: toJsonText(channel.config ?? {}),
        created_at: toEpochMs(channel.at),
      };
      await db
        .insertInto('channels')
        .values(row)
        .onConflict((oc) => oc.columns(['workspace_id', 'id']).doUpdateSet({ kind: row.kind, phone_number_id: row.phone_number_id, config: row.config }))
        .execute();
      return toChannel(row);
    },
    async list(workspaceId) {
      const rows = await db.selectFrom('channels').selectAll().where('workspace_id', '=', workspaceId).orderBy('id').execute();
      return rows.map(toChannel);
    },
    async locatePhoneNumberId(phoneNumberId) {
      const row = await db.selectFrom('channels').selectAll().where('phone_number_id', '=', phoneNumberId).executeTakeFirst();
      return row && toChannel(row);
    },
    async claimWebhookReceipt(workspaceId, receipt) {
      const result = await db
        .insertInto('webhook_receipts')
        .values({ workspace_id: workspaceId, dedupe_key: receipt.key, kind: receipt.kind, received_at: toEpochMs(receipt.at) })
        .onConflict((oc) => oc.columns(['workspace_id', 'dedupe_key']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async claimWebhookReceipts(receipts) {
      if (receipts.length === 0) return [];
      const rows = await db
        .insertInto('webhook_receipts')
        .values(receipts.map((r) => ({ workspace_id: r.workspaceId, dedupe_key: r.key, kind: r.kind, received_at: toEpochMs(r.at) })))
        .onConflict((oc) => oc.columns(['workspace_id', 'dedupe_key']).doNothing())
        .returning(['workspace_id', 'dedupe_key'])
        .execute();
      const inserted = new Set(rows.map((r) => JSON.stringify([r.workspace_id, r.dedupe_key])));
      // The first occurrence of an inserted key takes it; a repeat within the list is a duplicate.
      return receipts.map((r) => inserted.delete(JSON.stringify([r.workspaceId, r.key])));
    },
    async releaseWebhookReceipt(workspaceId, key) {
      await db.deleteFrom('webhook_receipts').where('workspace_id', '=', workspaceId).where('dedupe_key', '=', key).execute();
    },
    async linkGraphFlow(workspaceId, flowId, graphFlowId, at) {
      await db
        .insertInto('graph_flow_links')
        .values({ workspace_id: workspaceId, flow_id: flowId, graph_flow_id: graphFlowId, created_at: toEpochMs(at) })
        .onConflict((oc) => oc.columns(['workspace_id', 'flow_id']).doUpdateSet({ graph_flow_id: graphFlowId, created_at: toEpochMs(at) }))
        .execute();
    },
    async findGraphFlowId(workspaceId, flowId) {
      const row = await db.selectFrom('graph_flow_links').select('graph_flow_id').where('workspace_id', '=', workspaceId).where('flow_id', '=', flowId).executeTakeFirst();
      return row?.graph_flow_id;
    },
    async locateGraphFlow(graphFlowId) {
      const row = await db.selectFrom('graph_flow_links').select(['workspace_id', 'flow_id']).where('graph_flow_id', '=', graphFlowId).executeTakeFirst();
      return row && { workspaceId: row.workspace_id, flowId: row.flow_id };
    },
    async recordFlowHealth(workspaceId, event) {
      const row: FlowHealthEventTable = {
        id: newId(),
        workspace_id: workspaceId,
        flow_id: event.flowId ?? null,
        graph_flow_id: event.graphFlowId,
        event: event.event,
        alert_state: event.alertState ?? null,
        new_status: event.newStatus ?? null,
        message: event.message ?? null,
        details: toJsonText(event.details),
        at: toEpochMs(event.at),
      };
      await db.insertInto('flow_health_events').values(row).execute();
      return toHealthEvent(row);
    },
    async listFlowHealth(workspaceId, options = {}) {
      const { flowId } = options;
      const rows = await db
        .selectFrom('flow_health_events')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .$if(flowId !== undefined, (q) => q.where('flow_id', '=', flowId ?? ''))
        .orderBy('at', 'desc')
        .orderBy('id')
        .limit(options.limit ?? 100)
        .execute();
      return rows.map(toHealthEvent);
    },
  };
}
