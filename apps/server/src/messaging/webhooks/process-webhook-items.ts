import { createHash } from 'node:crypto';
import { findCloudMediaReferences, MEDIA_FETCH_KIND, type MediaFetchPayload } from '@flowline/core';
import { FLOW_STATUSES, toMessageMediaOwner, type InboundEntry, type MetaFlow, type OutboxActionInput, type Repositories, type Send, type SendStatus, type Storage } from '@flowline/storage';
import type { Logger } from '../../logging/logger.js';
import { applyMetaFlowEvent } from '../whatsapp/apply-meta-flow-event.js';
import { applyTemplateStatus, type TemplateStatusOutcome } from '../whatsapp/template-status.js';
import { applyQualityUpdate, type QualityUpdateOutcome } from '../campaigns/apply-quality-update.js';
import { stopCampaignsOfFlow } from '../campaigns/stop-campaigns-of-flow.js';
import { phoneVariants, webhookLookupFor } from './webhook-lookup.js';
import { EXCEPTIONS_QUEUE, type IngestCompletionPort, type IngestOutcome } from '../pipeline/ingest-completion.js';
import type { FlowEventItem, FlowReplyItem, InboundMessageItem, InvalidItem, StatusItem, WebhookItem } from './parse-webhook-payload.js';
import { MEDIA_MESSAGE_TYPES } from './to-message-content.js';
import { toCallerWrites, writeWebhookWrites, type WebhookWrites } from './webhook-writes.js';

/** What processing webhook items needs. */
export interface WebhookProcessorDeps {
  readonly storage: Storage;
  readonly now: () => Date;
  /** The workspace of deliveries that name no known phone number, flow token or Flow. */
  readonly defaultWorkspaceId: string;
  readonly ingestCompletion: IngestCompletionPort;
  readonly log: Logger;
}

/** What happened to one item; returned in the 200 response and logged. */
export type ItemOutcome =
  | { readonly kind: 'flow_reply'; readonly messageId: string; readonly outcome: 'ingested' | 'duplicate'; readonly correlated: boolean; readonly ingest?: Exclude<IngestOutcome, { status: 'duplicate' }> }
  | { readonly kind: 'message'; readonly messageId: string; readonly outcome: 'recorded' | 'duplicate' }
  | { readonly kind: 'status'; readonly messageId: string; readonly outcome: 'applied' | 'stale' | 'unknown_message' | 'duplicate'; readonly status: string }
  | { readonly kind: 'flow_event'; readonly graphFlowId: string; readonly event: string; readonly outcome: 'recorded' | 'status_applied' | 'duplicate'; readonly flowId?: string; readonly campaignsStopped?: number }
  | { readonly kind: 'invalid'; readonly field: string; readonly reason: string; readonly outcome: 'kept' | 'duplicate' | 'dropped'; readonly inboxItemId?: string }
  | TemplateStatusOutcome
  | QualityUpdateOutcome
  | { readonly kind: 'ignored'; readonly reason: string };

/** Open webhook exceptions a workspace keeps at most; past it, further invalid items are only logged. */
export const MAX_OPEN_WEBHOOK_EXCEPTIONS = 1000;

/** Characters of an invalid item's JSON kept in its exception (the rest is cut, marked as such). */
export const WEBHOOK_EXCEPTION_EXCERPT_CHARS = 16 * 1024;

// Statuses only move forward, so a `delivered` arriving after `read` (webhooks are not ordered) changes nothing.
const RANK: Readonly<Record<SendStatus, number>> = { queued: 0, sent: 1, delivered: 2, read: 3, completed: 4, failed: 5, expired: 5 };

/** Acts on parsed webhook items in order; throws only when storage or the pipeline fails (WhatsApp then retries). */
export async function processWebhookItems(deps: WebhookProcessorDeps, items: readonly WebhookItem[]): Promise<ItemOutcome[]> {
  const outcomes: ItemOutcome[] = [];
  for (const item of items) {
    switch (item.kind) {
      case 'flow_reply':
        outcomes.push(await processFlowReply(deps, item));
        break;
      case 'message':
        outcomes.push(await processMessage(deps, item));
        break;
      case 'status':
        outcomes.push(await processStatus(deps, item));
        break;
      case 'flow_event':
        outcomes.push(await processFlowEvent(deps, item));
        break;
      case 'invalid':
        outcomes.push(await processInvalid(deps, item));
        break;
      case 'template_status':
        outcomes.push(await applyTemplateStatus(deps, item));
        break;
      case 'quality_update': {
        const outcome = await applyQualityUpdate(deps, item);
        if (outcome.stopped > 0) deps.log('warn', 'webhook.quality_update', { event: item.event, wabaId: item.wabaId, campaignsStopped: outcome.stopped });
        outcomes.push(outcome);
        break;
      }
      case 'ignored':
        outcomes.push(item);
        break;
    }
  }
  return outcomes;
}

async function workspaceOfNumber(deps: WebhookProcessorDeps, phoneNumberId: string | undefined): Promise<string> {
  const channel = phoneNumberId === undefined ? undefined : await deps.storage.channels.locatePhoneNumberId(phoneNumberId);
  return channel?.workspaceId ?? deps.defaultWorkspaceId;
}

/** The sender's inbound time as batchable data: the contact is found by `+digits` then `digits`, else created as `+digits`. */
function inboundOf(ws: string, item: { readonly from: string; readonly profileName?: string | undefined; readonly at: number }, message: InboundEntry['message']): InboundEntry {
  return { workspaceId: ws, phones: phoneVariants(item.from), ...(item.profileName === undefined ? {} : { name: item.profileName }), at: item.at, ...(message === undefined ? {} : { message }) };
}

/** A Flow's completion as a conversation message: the chat shows the Flow's summary card there (issue 12 §2). */
function flowReplyMessage(item: FlowReplyItem, send: Send | undefined): InboundEntry['message'] {
  return {
    wamid: item.messageId, type: 'flow_reply',
    details: { ...(item.contextMessageId === undefined ? {} : { contextId: item.contextMessageId.slice(0, 256) }), ...(send === undefined ? {} : { sendId: send.id, flowId: send.flowId, version: send.version }) },
  };
}

/**
 * A Flow's answer: the receipt (dedupe by message id), the contact's inbound time and the answer with
 * its outbox rows and events commit in ONE transaction, batched with concurrent webhooks by the
 * pipeline's group commit. A crash before that commit leaves no receipt, so WhatsApp's retry is processed.
 */
async function processFlowReply(deps: WebhookProcessorDeps, item: FlowReplyItem): Promise<ItemOutcome> {
  const lookup = webhookLookupFor(deps.storage);
  const send = item.flowToken === undefined ? undefined : await lookup.sendOfFlowToken(item.flowToken);
  const ws = send?.workspaceId ?? (await workspaceOfNumber(deps, item.phoneNumberId));
  const key = `msg:${item.messageId}`;
  const contact = await lookup.contactOfSender(ws, item.from);
  const receivedAt = deps.now();
  const writes: WebhookWrites = { receipt: { workspaceId: ws, key, kind: 'flow_reply', at: receivedAt }, inbound: inboundOf(ws, item, flowReplyMessage(item, send)) };
  const ingest = await deps.ingestCompletion({
    workspaceId: ws,
    // The pipeline marks the send completed in its batch; the Flow and version are named for the port's other users.
    ...(send === undefined ? {} : { sendId: send.id, send, flowId: send.flowId, flowVersion: send.version }),
    // The contact's phone as stored, so the pipeline finds the contact by it.
    contactPhone: contact?.phone ?? `+${item.from.replace(/^\+/, '')}`,
    ...(item.flowToken === undefined ? {} : { flowToken: item.flowToken }),
    answer: item.answer,
    messageId: item.messageId,
    receivedAt,
    // The contact is looked up again inside the transaction, so one created by a concurrent webhook is found.
    writes: toCallerWrites(writes),
  });
  // The port completes the send in the same commit as the answer (the pipeline's batch), so the route writes nothing more.
  const correlated = send !== undefined;
  return ingest.status === 'duplicate'
    ? { kind: 'flow_reply', messageId: item.messageId, outcome: 'duplicate', correlated }
    : { kind: 'flow_reply', messageId: item.messageId, outcome: 'ingested', correlated, ingest };
}

async function processMessage(deps: WebhookProcessorDeps, item: InboundMessageItem): Promise<ItemOutcome> {
  const ws = await workspaceOfNumber(deps, item.phoneNumberId);
  // The receipt and the inbound time commit together: a crash between them cannot swallow the retry.
  // The message itself is stored with them (issue 12 §2), bounded by the parser.
  const message = { wamid: item.messageId, type: item.type, ...(item.content.text === undefined ? {} : { text: item.content.text }), details: { ...item.content.details } };
  const at = deps.now();
  const writes: WebhookWrites = { receipt: { workspaceId: ws, key: `msg:${item.messageId}`, kind: 'message', at }, inbound: inboundOf(ws, item, message) };
  const fetch = mediaFetchOf(item);
  const recorded = await deps.storage.transaction(async (tx) => {
    if (!(await writeWebhookWrites(tx, [writes]))) return false;
    // The file is fetched in the background, its action written with the message: a slow Graph never holds the webhook up.
    if (fetch !== undefined) await tx.outbox.enqueue(ws, [fetch], at);
    return true;
  });
  return { kind: 'message', messageId: item.messageId, outcome: recorded ? 'recorded' : 'duplicate' };
}

/**
 * The `media.fetch` action of a customer's image, document, audio, video or sticker: its Cloud API media id
 * with the SHA-256 the webhook states, fetched like a §6.3 file (docs/media.md, "Media messages"). None for
 * other messages, or when the id or hash is missing or malformed (the message is still stored).
 */
function mediaFetchOf(item: InboundMessageItem): OutboxActionInput | undefined {
  if (!MEDIA_MESSAGE_TYPES.has(item.type)) return undefined;
  const details = item.content.details;
  const filename = details['filename'];
  const [reference] = findCloudMediaReferences({ [item.type]: { id: details['mediaId'], sha256: details['sha256'], mime_type: details['mimeType'], file_name: filename ?? `${item.type}-${details['mediaId'] ?? ''}` } });
  if (reference === undefined) return undefined;
  const payload: MediaFetchPayload = {
    submissionId: toMessageMediaOwner(item.messageId), flowId: '', contactPhone: `+${item.from.replace(/^\+/, '')}`, origin: 'message', reference,
  };
  return { kind: MEDIA_FETCH_KIND, payload, idempotencyKey: `${toMessageMediaOwner(item.messageId)}:media` };
}

/**
 * A message status: the receipt and the status change commit in ONE transaction, so a failed write
 * leaves no receipt and WhatsApp's retry is applied instead of being taken for a duplicate.
 */
async function processStatus(deps: WebhookProcessorDeps, item: StatusItem): Promise<ItemOutcome> {
  const ws = await workspaceOfNumber(deps, item.phoneNumberId);
  const base = { kind: 'status', messageId: item.messageId, status: item.status } as const;
  const receipt = { workspaceId: ws, key: `status:${item.messageId}:${item.status}`, kind: 'status', at: deps.now() };
  const outcome = await deps.storage.transaction(async (tx): Promise<ItemOutcome> => {
    if (!(await claim(tx, receipt))) return { ...base, outcome: 'duplicate' };
    // The conversation's copy of the message (an operator reply, or a Flow message) takes the status too.
    const onMessage = await tx.conversations.applyStatus(ws, item.messageId, {
      status: item.status, at: item.at, ...(item.error === undefined ? {} : { errorTitle: item.error.title, ...(item.error.code === undefined ? {} : { errorCode: item.error.code }) }),
    });
    const send = (await tx.sends.findByMessageId(ws, item.messageId)) ?? (await sendOfCallback(tx, ws, item));
    if (send === undefined) return { ...base, outcome: onMessage === 'unknown' ? 'unknown_message' : onMessage };
    // `failed` only lands on a message not yet delivered; other statuses only move forward.
    const applies = item.status === 'failed' ? RANK[send.status] <= RANK.sent : RANK[item.status] > RANK[send.status];
    if (!applies) return { ...base, outcome: 'stale' };
    await tx.sends.updateStatus(ws, send.id, { status: item.status, at: item.at, ...(send.messageId === null ? { messageId: item.messageId } : {}) });
    if (item.status === 'failed') deps.log('warn', 'webhook.message_failed', { sendId: send.id, code: item.error?.code, title: item.error?.title });
    return { ...base, outcome: 'applied' };
  });
  return outcome;
}

/**
 * The send a status names by its callback data (`send:<id>`) when its message id was never recorded: the
 * process stopped between Meta's answer and the commit (campaigns), so the webhook tells the id.
 */
async function sendOfCallback(tx: Repositories, ws: string, item: StatusItem): Promise<Send | undefined> {
  const id = item.callbackData?.startsWith('send:') === true ? item.callbackData.slice('send:'.length) : undefined;
  if (id === undefined) return undefined;
  const send = await tx.sends.find(ws, id);
  return send?.messageId === null ? send : undefined;
}

async function claim(tx: Repositories, receipt: { workspaceId: string; key: string; kind: string; at: Date }): Promise<boolean> {
  const [claimed] = await tx.channels.claimWebhookReceipts([receipt]);
  return claimed === true;
}

/**
 * A `flows` change: its receipt, the health record, a status change and the stop of the Flow's running campaigns
 * it makes unsendable (THROTTLED, BLOCKED…) commit in ONE transaction (as statuses do).
 */
function metaFlowLink(meta: MetaFlow | undefined): { workspaceId: string; flowId: string } | undefined {
  return meta === undefined ? undefined : { workspaceId: meta.workspaceId, flowId: meta.flowId };
}

async function processFlowEvent(deps: WebhookProcessorDeps, item: FlowEventItem): Promise<ItemOutcome> {
  // The Flow's current Meta Flow is linked for sends; a replaced one or a translated language's own Meta Flow (docs/localization.md) is found in the Flow's Meta history.
  const link = (await deps.storage.channels.locateGraphFlow(item.graphFlowId)) ?? metaFlowLink(await deps.storage.whatsapp.locateMetaFlow(item.graphFlowId));
  const ws = link?.workspaceId ?? deps.defaultWorkspaceId;
  const base = { kind: 'flow_event', graphFlowId: item.graphFlowId, event: item.event, ...(link === undefined ? {} : { flowId: link.flowId }) } as const;
  // `flows` changes carry no id: the change itself and its time identify a repeat.
  const key = `flows:${createHash('sha256').update(`${item.at}\n${JSON.stringify(item.value)}`).digest('base64url')}`;
  const value = item.value;
  const str = (k: string) => (typeof value[k] === 'string' ? value[k] : undefined);
  const newStatus = str('new_status');
  const alertState = str('alert_state');
  const message = str('message');
  const status = FLOW_STATUSES.find((s) => s === newStatus?.toLowerCase());
  const outcome = await deps.storage.transaction(async (tx): Promise<ItemOutcome> => {
    if (!(await claim(tx, { workspaceId: ws, key, kind: 'flow_event', at: deps.now() }))) return { ...base, outcome: 'duplicate' };
    await tx.channels.recordFlowHealth(ws, {
      graphFlowId: item.graphFlowId, event: item.event, details: { ...value }, at: item.at,
      ...(link === undefined ? {} : { flowId: link.flowId }),
      ...(newStatus === undefined ? {} : { newStatus }),
      ...(alertState === undefined ? {} : { alertState }),
      ...(message === undefined ? {} : { message }),
    });
    await applyMetaFlowEvent(tx, { graphFlowId: item.graphFlowId, event: item.event, value, at: item.at });
    // Campaigns stop before sending more, as a single send is refused (the dispatcher's own check is the backstop).
    const stopped = item.event === 'FLOW_STATUS_CHANGE' && link !== undefined ? await stopCampaignsOfFlow(tx, ws, link.flowId, deps.now()) : 0;
    const done = stopped > 0 ? { ...base, campaignsStopped: stopped } : base;
    // Only the Flow's current Meta Flow moves its status: the DEPRECATED of the Meta Flow a new publish replaced must not.
    if (item.event === 'FLOW_STATUS_CHANGE' && link !== undefined && status !== undefined && (await tx.channels.findGraphFlowId(ws, link.flowId)) === item.graphFlowId) {
      await tx.flows.setStatus(ws, link.flowId, status, { at: item.at, by: 'whatsapp' });
      return { ...done, outcome: 'status_applied' };
    }
    return { ...done, outcome: 'recorded' };
  });
  if (outcome.kind === 'flow_event' && outcome.outcome !== 'duplicate') {
    const stopped = outcome.campaignsStopped;
    deps.log(alertState === 'ACTIVATED' || stopped !== undefined ? 'warn' : 'info', 'webhook.flow_event', { event: item.event, graphFlowId: item.graphFlowId, flowId: link?.flowId, alertState, newStatus, ...(stopped === undefined ? {} : { campaignsStopped: stopped }) });
  }
  return outcome;
}

/**
 * An item that can never be processed: kept once (by its content) as an inbox exception with a bounded
 * excerpt, in the same transaction as its receipt, and answered 200 so WhatsApp stops retrying. Past
 * MAX_OPEN_WEBHOOK_EXCEPTIONS open exceptions the item is only logged, so the inbox stays bounded.
 */
async function processInvalid(deps: WebhookProcessorDeps, item: InvalidItem): Promise<ItemOutcome> {
  const ws = await workspaceOfNumber(deps, item.phoneNumberId);
  const json = JSON.stringify(item.value) ?? 'null';
  const key = `invalid:${item.field}:${createHash('sha256').update(json).digest('base64url')}`;
  const base = { kind: 'invalid', field: item.field, reason: item.reason } as const;
  const at = deps.now();
  const outcome = await deps.storage.transaction(async (tx): Promise<ItemOutcome> => {
    if (!(await claim(tx, { workspaceId: ws, key, kind: 'invalid', at }))) return { ...base, outcome: 'duplicate' };
    if ((await tx.inbox.count(ws, { queue: EXCEPTIONS_QUEUE, status: 'open' })) >= MAX_OPEN_WEBHOOK_EXCEPTIONS) return { ...base, outcome: 'dropped' };
    const truncated = json.length > WEBHOOK_EXCEPTION_EXCERPT_CHARS;
    const created = await tx.inbox.create(ws, {
      kind: 'exception',
      queue: EXCEPTIONS_QUEUE,
      priority: 1,
      title: `Webhook ${item.field} item not processable: ${item.reason}`,
      body: { reason: item.reason, field: item.field, excerpt: truncated ? json.slice(0, WEBHOOK_EXCEPTION_EXCERPT_CHARS) : json, truncated },
      at,
    });
    return { ...base, outcome: 'kept', inboxItemId: created.id };
  });
  deps.log('warn', 'webhook.invalid_item', { field: item.field, reason: item.reason, outcome: outcome.kind === 'invalid' ? outcome.outcome : undefined });
  return outcome;
}
