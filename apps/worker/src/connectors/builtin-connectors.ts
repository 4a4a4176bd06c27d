import { readField, type RoutedActionPayload } from '@flowline/core';
import type { Contact, Repositories } from '@flowline/storage';
import { delivered, permanentFailure } from '../delivery-result.js';
import { maskAnswers, readableAnswersOf } from './readable-answers.js';
import type { Connector } from './connector.js';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function contactOf(tx: Repositories, workspaceId: string, payload: RoutedActionPayload, at: number, change: { tags?: string[]; fields?: Record<string, unknown> } = {}): Promise<Contact> {
  return tx.contacts.upsert(workspaceId, { phone: payload.submission.contactPhone, ...change, at });
}

/** Opens a ticket in the inbox (queue, priority, assignee), linked to the submission and contact. */
export const ticketConnector: Connector = (action, payload, context) =>
  context.commitDelivered(async (tx) => {
    const config = payload.action;
    const at = context.now();
    const contact = await contactOf(tx, action.workspaceId, payload, at);
    // The ticket carries the answers a person reads (labels, option titles), sensitive fields masked.
    const readable = await readableAnswersOf(tx, action.workspaceId, payload.submission);
    const item = await tx.inbox.create(action.workspaceId, {
      kind: 'ticket',
      queue: text(config['queue']) ?? 'general',
      priority: typeof config['priority'] === 'number' ? config['priority'] : 0,
      title: text(config['title']) ?? `New answer to ${payload.submission.flowId} from ${payload.submission.contactPhone}`,
      body: { answers: maskAnswers(payload.submission.answers, readable), readable, ruleId: payload.ruleId, idempotencyKey: action.idempotencyKey },
      ...(action.submissionId === null ? {} : { submissionId: action.submissionId }),
      contactId: contact.id,
      at,
    });
    const assignee = text(config['assignee']);
    if (assignee !== undefined) await tx.inbox.update(action.workspaceId, item.id, { assignee, at });
    return undefined;
  });

/** Assigns the contact's conversation: its owner (issue 12 §2; no longer a contact field). */
export const assignConnector: Connector = (action, payload, context) =>
  context.commitDelivered(async (tx) => {
    const at = context.now();
    const contact = await contactOf(tx, action.workspaceId, payload, at);
    await tx.conversations.update(action.workspaceId, contact.id, { assignee: text(payload.action['assignee']) ?? null, at });
    return undefined;
  });

/** Adds tags to the contact. */
export const tagConnector: Connector = (action, payload, context) =>
  context.commitDelivered(async (tx) => {
    const tags = Array.isArray(payload.action['tags']) ? payload.action['tags'].filter((t): t is string => typeof t === 'string') : [];
    await contactOf(tx, action.workspaceId, payload, context.now(), { tags });
    return undefined;
  });

/** Sets contact fields: `fields` literal values, `copy` contact field ← answer field path. */
export const setFieldsConnector: Connector = (action, payload, context) =>
  context.commitDelivered(async (tx) => {
    const fields: Record<string, unknown> = {};
    const literal = payload.action['fields'];
    if (typeof literal === 'object' && literal !== null) Object.assign(fields, literal);
    const copy = payload.action['copy'];
    if (typeof copy === 'object' && copy !== null) {
      for (const [field, path] of Object.entries(copy)) {
        if (typeof path === 'string') fields[field] = readField(path.split('.'), payload.submission.answers, {}) ?? null;
      }
    }
    await contactOf(tx, action.workspaceId, payload, context.now(), { fields });
    return undefined;
  });

/** Adds the contact to a campaign's exclusion list (its own table since migration 0016, not a contact tag). */
export const excludeFromCampaignConnector: Connector = (action, payload, context) =>
  context.commitDelivered(async (tx) => {
    const at = context.now();
    const contact = await contactOf(tx, action.workspaceId, payload, at);
    await tx.campaigns.excludeContact(action.workspaceId, text(payload.action['campaign']) ?? '', contact.id, at);
    return undefined;
  });

/**
 * Books the slot named by the answer field `slotField` (default `slot`; an ISO date-time or epoch ms)
 * in the built-in calendar; a full slot or one outside opening hours is a permanent failure (dead letter).
 */
export const bookSlotConnector: Connector = (action, payload, context) =>
  context.commitDelivered(async (tx) => {
    const config = payload.action;
    const raw = readField((text(config['slotField']) ?? 'slot').split('.'), payload.submission.answers, {});
    const slotStart = typeof raw === 'number' ? raw : typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
    if (!Number.isFinite(slotStart)) return permanentFailure(`the answer has no slot time in "${text(config['slotField']) ?? 'slot'}"`);
    const at = context.now();
    const contact = await contactOf(tx, action.workspaceId, payload, at);
    const booked = await tx.calendar.book(action.workspaceId, {
      resourceId: text(config['resourceId']) ?? '',
      slotStart,
      contactId: contact.id,
      ...(payload.submission.sendId === null ? {} : { sendId: payload.submission.sendId }),
      reference: action.idempotencyKey,
      at,
    });
    return booked.ok ? delivered() : permanentFailure(`${booked.code}: ${booked.message}`);
  });
