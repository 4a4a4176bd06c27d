import { readField, ROUTING_ACTION_OPTIONS, type RoutedActionPayload } from '@flowline/core';
import type { Contact, Repositories } from '@flowline/storage';
import { delivered, permanentFailure } from '../delivery-result.js';
import { maskAnswers, readableAnswersOf } from './readable-answers.js';
import type { Connector } from './connector.js';

function contactOf(tx: Repositories, workspaceId: string, payload: RoutedActionPayload, at: number, change: { tags?: string[]; fields?: Record<string, unknown> } = {}): Promise<Contact> {
  return tx.contacts.upsert(workspaceId, { phone: payload.submission.contactPhone, ...change, at });
}

/** Opens a ticket in the inbox (queue, priority, assignee), linked to the submission and contact. */
export const ticketConnector: Connector<'ticket'> = (action, payload, context) =>
  context.commitDelivered(async (tx) => {
    const config = payload.action;
    const at = context.now();
    const contact = await contactOf(tx, action.workspaceId, payload, at);
    // The ticket carries the answers a person reads (labels, option titles), sensitive fields masked.
    const readable = await readableAnswersOf(tx, action.workspaceId, payload.submission);
    const item = await tx.inbox.create(action.workspaceId, {
      kind: 'ticket',
      queue: config.queue,
      priority: config.priority ?? 0,
      title: config.title ?? `New answer to ${payload.submission.flowId} from ${payload.submission.contactPhone}`,
      body: { answers: maskAnswers(payload.submission.answers, readable), readable, ruleId: payload.ruleId, idempotencyKey: action.idempotencyKey },
      ...(action.submissionId === null ? {} : { submissionId: action.submissionId }),
      contactId: contact.id,
      at,
    });
    const { assignee } = config;
    if (assignee !== undefined) await tx.inbox.update(action.workspaceId, item.id, { assignee, at });
    return undefined;
  });

/** Assigns the contact's conversation: its owner (issue 12 §2; no longer a contact field). */
export const assignConnector: Connector<'assign'> = (action, payload, context) =>
  context.commitDelivered(async (tx) => {
    const at = context.now();
    const contact = await contactOf(tx, action.workspaceId, payload, at);
    await tx.conversations.update(action.workspaceId, contact.id, { assignee: payload.action.assignee, at });
    return undefined;
  });

/** Adds tags to the contact. */
export const tagConnector: Connector<'tag'> = (action, payload, context) =>
  context.commitDelivered(async (tx) => {
    await contactOf(tx, action.workspaceId, payload, context.now(), { tags: [...payload.action.tags] });
    return undefined;
  });

/** Sets contact fields: `fields` literal values, `copy` contact field ← answer field path. */
export const setFieldsConnector: Connector<'set_fields'> = (action, payload, context) =>
  context.commitDelivered(async (tx) => {
    const fields: Record<string, unknown> = { ...payload.action.fields };
    for (const [field, path] of Object.entries(payload.action.copy ?? {})) fields[field] = readField(path.split('.'), payload.submission.answers, {}) ?? null;
    await contactOf(tx, action.workspaceId, payload, context.now(), { fields });
    return undefined;
  });

/** Adds the contact to a campaign's exclusion list (its own table since migration 0016, not a contact tag). */
export const excludeFromCampaignConnector: Connector<'exclude_from_campaign'> = (action, payload, context) =>
  context.commitDelivered(async (tx) => {
    const at = context.now();
    const contact = await contactOf(tx, action.workspaceId, payload, at);
    await tx.campaigns.excludeContact(action.workspaceId, payload.action.campaign, contact.id, at);
    return undefined;
  });

/**
 * Books the slot named by the answer field `slotField` (default `slot`; an ISO date-time or epoch ms)
 * in the built-in calendar; a full slot or one outside opening hours is a permanent failure (dead letter).
 */
export const bookSlotConnector: Connector<'book_slot'> = (action, payload, context) =>
  context.commitDelivered(async (tx) => {
    const config = payload.action;
    const slotField = config.slotField ?? ROUTING_ACTION_OPTIONS.book_slot.slotField.default;
    const raw = readField(slotField.split('.'), payload.submission.answers, {});
    const slotStart = typeof raw === 'number' ? raw : typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
    if (!Number.isFinite(slotStart)) return permanentFailure(`the answer has no slot time in "${slotField}"`);
    const at = context.now();
    const contact = await contactOf(tx, action.workspaceId, payload, at);
    const booked = await tx.calendar.book(action.workspaceId, {
      resourceId: config.resourceId,
      slotStart,
      contactId: contact.id,
      ...(payload.submission.sendId === null ? {} : { sendId: payload.submission.sendId }),
      reference: action.idempotencyKey,
      at,
    });
    return booked.ok ? delivered() : permanentFailure(`${booked.code}: ${booked.message}`);
  });
