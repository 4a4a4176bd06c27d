import { exceedsJsonDepth } from '@flowline/protocol';
import { isJsonObject } from '@flowline/core';
import { toMessageContent, type MessageContent } from './to-message-content.js';

/** The customer completed a Flow: `interactive.nfm_reply` (platform spec §6.2). */
export interface FlowReplyItem {
  readonly kind: 'flow_reply';
  readonly phoneNumberId: string | undefined;
  readonly messageId: string;
  /** The customer's WhatsApp id (digits, no `+`). */
  readonly from: string;
  readonly profileName: string | undefined;
  /** When WhatsApp says the message was sent (epoch ms); the receipt time when absent. */
  readonly at: number;
  /** The id of the Flow message this answers (`context.id`). */
  readonly contextMessageId: string | undefined;
  /** `response_json` decoded, without `flow_token`; the raw value when it is not a JSON object string. */
  readonly answer: unknown;
  readonly flowToken: string | undefined;
  /** Set when `response_json` could not be decoded (the answer is still kept, as received). */
  readonly responseJsonError: string | undefined;
}

/** Any other inbound customer message (text, button, …): it opens the 24-hour window. */
export interface InboundMessageItem {
  readonly kind: 'message';
  readonly phoneNumberId: string | undefined;
  readonly messageId: string;
  readonly from: string;
  readonly profileName: string | undefined;
  readonly at: number;
  readonly type: string;
  /** The text and references the conversation keeps (bounded). */
  readonly content: MessageContent;
}

/** The delivery status of a message the business sent. */
export interface StatusItem {
  readonly kind: 'status';
  readonly phoneNumberId: string | undefined;
  readonly messageId: string;
  readonly status: 'sent' | 'delivered' | 'read' | 'failed';
  readonly recipientId: string | undefined;
  readonly at: number;
  readonly errors: unknown;
  /** Meta's first error (code and title) of a `failed` status, bounded. */
  readonly error?: { readonly code: number | undefined; readonly title: string };
  /** What the send put in `biz_opaque_callback_data` (a campaign names its send: `send:<id>`). */
  readonly callbackData?: string;
}

/** A `flows` field webhook: status change or health alert (platform spec §6.5). */
export interface FlowEventItem {
  readonly kind: 'flow_event';
  readonly wabaId: string | undefined;
  readonly graphFlowId: string;
  readonly event: string;
  readonly value: Readonly<Record<string, unknown>>;
  readonly at: number;
}

/**
 * An item WhatsApp will never deliver in a processable form (e.g. a timestamp that is no valid time):
 * kept as an exception and answered 200, since a retry would carry the same values.
 */
export interface InvalidItem {
  readonly kind: 'invalid';
  /** Which part of the payload: `messages`, `statuses` or `flows`. */
  readonly field: 'messages' | 'statuses' | 'flows';
  readonly phoneNumberId: string | undefined;
  readonly reason: string;
  /** The offending message, status or `flows` value as received. */
  readonly value: unknown;
}

/** A `message_template_status_update` webhook: Meta's review of a message template (APPROVED, REJECTED, PAUSED…). */
export interface TemplateStatusItem {
  readonly kind: 'template_status';
  readonly graphTemplateId: string;
  /** Meta's event, upper case: APPROVED, REJECTED, PAUSED, DISABLED, REINSTATED, FLAGGED, PENDING_DELETION… */
  readonly event: string;
  readonly name: string | undefined;
  readonly language: string | undefined;
  /** Meta's reason (REJECTED), null for `NONE` or none. */
  readonly reason: string | null;
  readonly at: number;
}

/**
 * A `phone_number_quality_update` webhook: the business number's messaging limit or quality changed
 * (Meta's webhook reference: `event` is FLAGGED, UNFLAGGED, DOWNGRADE, UPGRADE, THROUGHPUT_UPGRADE or
 * ONBOARDING; `entry.id` is the WABA).
 */
export interface QualityUpdateItem {
  readonly kind: 'quality_update';
  readonly wabaId: string;
  readonly displayPhoneNumber: string | undefined;
  readonly event: string;
  readonly currentLimit: string | undefined;
  readonly oldLimit: string | undefined;
  readonly at: number;
}

/** Something in the payload we do not act on, with the reason (kept for the response and logs). */
export interface IgnoredItem {
  readonly kind: 'ignored';
  readonly reason: string;
}

/** One thing a webhook delivery tells us. */
export type WebhookItem = FlowReplyItem | InboundMessageItem | StatusItem | FlowEventItem | TemplateStatusItem | QualityUpdateItem | InvalidItem | IgnoredItem;

/** A parsed delivery, or why it is malformed (answered with 400). */
export type ParseWebhookResult = { readonly ok: true; readonly items: readonly WebhookItem[] } | { readonly ok: false; readonly message: string };

type Json = Readonly<Record<string, unknown>>;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The latest instant a Date (and every store) can hold, in epoch ms. */
const MAX_EPOCH_MS = 8.64e15;

/** Epoch seconds (number or digit string) in ms; `fallback` when absent, undefined when not a valid time (`1e400`, negative, past year 275760). */
function epochMs(value: unknown, fallback: number): number | undefined {
  if (value === undefined || value === null) return fallback;
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  const ms = seconds * 1000;
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_EPOCH_MS ? Math.trunc(ms) : undefined;
}

/**
 * A customer's message time to the millisecond. WhatsApp stamps messages in whole seconds, while Flowline
 * records its own messages (the Flow it sent a moment earlier) to the millisecond: taken as is, an answer
 * sent in the same second as the Flow would sort before it in the conversation and take a negative time to
 * complete. The message was written within its stamped second and no later than Flowline received it, so a
 * receipt inside that second is the closer time and is used. A delivery that came later (a retried webhook)
 * or a receipt before the second (this clock behind WhatsApp's) keeps WhatsApp's stamp: nothing better is known.
 */
function withinSecond(secondMs: number, receivedAt: number): number {
  return receivedAt >= secondMs && receivedAt < secondMs + 1000 ? receivedAt : secondMs;
}

const INVALID_TIME = 'timestamp is not a valid time';

const STATUSES = ['sent', 'delivered', 'read', 'failed'] as const;

/** Deepest webhook body accepted (Meta's payloads nest about 8 levels; `response_json` is a string inside). */
export const MAX_WEBHOOK_BODY_DEPTH = 64;
/** Deepest decoded `response_json` (a Flow's answers: form fields, arrays of choices); deeper is kept as received, as text. */
export const MAX_RESPONSE_JSON_DEPTH = 32;

/**
 * Parses a WhatsApp Business Account webhook delivery defensively: never throws, returns a
 * problem for a body that is not a `whatsapp_business_account` payload, and one item per message,
 * status or `flows` change inside (platform spec §6). `receivedAt` stands in for missing timestamps.
 */
export function parseWebhookPayload(rawBody: string, receivedAt: number): ParseWebhookResult {
  // Refused before parsing: values this deep overflow the stack of whatever walks them later.
  if (exceedsJsonDepth(rawBody, MAX_WEBHOOK_BODY_DEPTH)) return { ok: false, message: `the body nests deeper than ${MAX_WEBHOOK_BODY_DEPTH} levels` };
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody) as unknown;
  } catch {
    return { ok: false, message: 'the body is not JSON' };
  }
  if (!isJsonObject(payload)) return { ok: false, message: 'the body is not a JSON object' };
  if (payload['object'] !== 'whatsapp_business_account') return { ok: false, message: 'object must be "whatsapp_business_account"' };
  if (!Array.isArray(payload['entry'])) return { ok: false, message: 'entry must be an array' };
  const items: WebhookItem[] = [];
  for (const entry of payload['entry']) {
    if (!isJsonObject(entry)) {
      items.push({ kind: 'ignored', reason: 'an entry is not an object' });
      continue;
    }
    const entryAt = epochMs(entry['time'], receivedAt);
    for (const change of list(entry['changes'])) {
      if (!isJsonObject(change) || !isJsonObject(change['value'])) {
        items.push({ kind: 'ignored', reason: 'a change has no value object' });
        continue;
      }
      const value = change['value'];
      if (change['field'] === 'flows') {
        items.push(entryAt === undefined ? { kind: 'invalid', field: 'flows', phoneNumberId: undefined, reason: `entry ${INVALID_TIME}`, value } : toFlowEvent(text(entry['id']), value, entryAt));
      } else if (change['field'] === 'messages') items.push(...toMessageItems(value, receivedAt));
      else if (change['field'] === 'message_template_status_update') items.push(toTemplateStatus(value, entryAt ?? receivedAt));
      else if (change['field'] === 'phone_number_quality_update') items.push(toQualityUpdate(text(entry['id']), value, entryAt ?? receivedAt));
      else items.push({ kind: 'ignored', reason: `field ${String(change['field'])} is not handled` });
    }
  }
  return { ok: true, items };
}

function toFlowEvent(wabaId: string | undefined, value: Json, at: number): WebhookItem {
  const graphFlowId = typeof value['flow_id'] === 'number' ? String(value['flow_id']) : text(value['flow_id']);
  const event = text(value['event']);
  if (graphFlowId === undefined || event === undefined) return { kind: 'ignored', reason: 'a flows change has no flow_id or event' };
  return { kind: 'flow_event', wabaId, graphFlowId, event, value, at };
}

function toTemplateStatus(value: Json, at: number): WebhookItem {
  const graphTemplateId = typeof value['message_template_id'] === 'number' ? String(value['message_template_id']) : text(value['message_template_id']);
  const event = text(value['event'])?.toUpperCase();
  // Meta's ids are digits; anything else (or an event longer than any of Meta's) is not a review of a template of ours.
  if (graphTemplateId === undefined || !/^\d{1,32}$/.test(graphTemplateId) || event === undefined || event.length > 64) {
    return { kind: 'ignored', reason: 'a message_template_status_update has no message_template_id or event' };
  }
  const reason = text(value['reason']);
  return {
    kind: 'template_status', graphTemplateId, event, name: text(value['message_template_name']), language: text(value['message_template_language']),
    reason: reason === undefined || reason === 'NONE' ? null : reason.slice(0, 500), at,
  };
}

/** Short upper-case words only (Meta's events and tiers); anything else is not Meta's. */
function shortWord(value: unknown): string | undefined {
  const word = text(value);
  return word !== undefined && /^[A-Z0-9_]{1,40}$/.test(word) ? word : undefined;
}

function toQualityUpdate(wabaId: string | undefined, value: Json, at: number): WebhookItem {
  const event = shortWord(text(value['event'])?.toUpperCase());
  if (wabaId === undefined || !/^\d{1,32}$/.test(wabaId) || event === undefined) return { kind: 'ignored', reason: 'a phone_number_quality_update has no WABA id or event' };
  const display = text(value['display_phone_number']);
  return {
    kind: 'quality_update', wabaId, event,
    displayPhoneNumber: display === undefined ? undefined : display.slice(0, 32),
    currentLimit: shortWord(value['current_limit']), oldLimit: shortWord(value['old_limit']), at,
  };
}

function toMessageItems(value: Json, receivedAt: number): WebhookItem[] {
  const metadata = value['metadata'];
  const phoneNumberId = isJsonObject(metadata) ? text(metadata['phone_number_id']) : undefined;
  const names = new Map<string, string>();
  for (const contact of list(value['contacts'])) {
    if (!isJsonObject(contact)) continue;
    const waId = text(contact['wa_id']);
    const profile = contact['profile'];
    const name = isJsonObject(profile) ? text(profile['name']) : undefined;
    if (waId !== undefined && name !== undefined) names.set(waId, name);
  }
  const items: WebhookItem[] = [];
  for (const message of list(value['messages'])) {
    const messageId = isJsonObject(message) ? text(message['id']) : undefined;
    const from = isJsonObject(message) ? text(message['from']) : undefined;
    if (!isJsonObject(message) || messageId === undefined || from === undefined) {
      items.push({ kind: 'ignored', reason: 'a message has no id or sender' });
      continue;
    }
    const second = epochMs(message['timestamp'], receivedAt);
    if (second === undefined) {
      items.push({ kind: 'invalid', field: 'messages', phoneNumberId, reason: INVALID_TIME, value: message });
      continue;
    }
    const at = withinSecond(second, receivedAt);
    const interactive = message['interactive'];
    const reply = isJsonObject(interactive) && interactive['type'] === 'nfm_reply' ? interactive['nfm_reply'] : undefined;
    if (message['type'] === 'interactive' && isJsonObject(reply)) {
      const context = message['context'];
      items.push({
        kind: 'flow_reply', phoneNumberId, messageId, from, profileName: names.get(from), at,
        contextMessageId: isJsonObject(context) ? text(context['id']) : undefined,
        ...decodeResponseJson(reply['response_json']),
      });
      continue;
    }
    items.push({ kind: 'message', phoneNumberId, messageId, from, profileName: names.get(from), at, type: text(message['type'])?.slice(0, 40) ?? 'unknown', content: toMessageContent(message) });
  }
  for (const status of list(value['statuses'])) {
    const messageId = isJsonObject(status) ? text(status['id']) : undefined;
    const state = isJsonObject(status) ? STATUSES.find((s) => s === status['status']) : undefined;
    if (!isJsonObject(status) || messageId === undefined || state === undefined) {
      items.push({ kind: 'ignored', reason: 'a status has no id or a status we do not track' });
      continue;
    }
    const at = epochMs(status['timestamp'], receivedAt);
    if (at === undefined) {
      items.push({ kind: 'invalid', field: 'statuses', phoneNumberId, reason: INVALID_TIME, value: status });
      continue;
    }
    const callbackData = text(status['biz_opaque_callback_data']);
    const error = firstError(status['errors']);
    items.push({
      kind: 'status', phoneNumberId, messageId, status: state, recipientId: text(status['recipient_id']), at, errors: status['errors'],
      ...(callbackData === undefined ? {} : { callbackData }), ...(error === undefined ? {} : { error }),
    });
  }
  return items;
}

/** Meta's first error of a status (`errors[0].code`, `title`; Cloud API webhooks), bounded. */
function firstError(errors: unknown): { code: number | undefined; title: string } | undefined {
  const first = Array.isArray(errors) ? (errors[0] as unknown) : undefined;
  if (!isJsonObject(first)) return undefined;
  const code = typeof first['code'] === 'number' && Number.isSafeInteger(first['code']) ? first['code'] : undefined;
  const title = (text(first['title']) ?? text(first['message']) ?? 'failed').slice(0, 300);
  return { code, title };
}

/** `response_json` is a JSON-encoded string (platform spec §6.2); keep anything else as received. */
function decodeResponseJson(raw: unknown): { answer: unknown; flowToken: string | undefined; responseJsonError: string | undefined } {
  if (typeof raw !== 'string') return { answer: raw ?? null, flowToken: undefined, responseJsonError: 'response_json is not a string' };
  if (exceedsJsonDepth(raw, MAX_RESPONSE_JSON_DEPTH)) {
    return { answer: raw, flowToken: undefined, responseJsonError: `response_json nests deeper than ${MAX_RESPONSE_JSON_DEPTH} levels` };
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(raw) as unknown;
  } catch {
    return { answer: raw, flowToken: undefined, responseJsonError: 'response_json is not valid JSON' };
  }
  if (!isJsonObject(decoded)) return { answer: decoded, flowToken: undefined, responseJsonError: 'response_json is not a JSON object' };
  const { flow_token: token, ...answer } = decoded;
  return { answer, flowToken: text(token), responseJsonError: undefined };
}
