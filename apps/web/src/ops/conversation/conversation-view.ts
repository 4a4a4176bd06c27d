import { isJsonObject } from '@flowline/core';
import { toSubmission, type SubmissionView } from '../ops-views.js';
import { readJson } from '../read-json.js';

/** One message of a conversation as the chat shows it. */
export interface ChatMessage {
  readonly id: string;
  readonly direction: 'inbound' | 'outbound';
  readonly author: 'customer' | 'operator' | 'automation';
  readonly authorName: string | null;
  readonly type: string;
  readonly text: string | null;
  readonly details: Readonly<Record<string, unknown>>;
  readonly status: string | null;
  readonly errorCode: number | null;
  readonly errorTitle: string | null;
  readonly at: number;
  /** The Flow's summary card: where a Flow was sent, and where it was completed (with the readable answers). */
  readonly card: { readonly flowId: string; readonly flowName: string; readonly version: number | null; readonly submission: SubmissionView | undefined } | undefined;
  /** The file of a customer's media message: undefined for other messages, null until the worker fetched it. */
  readonly media: ChatMedia | null | undefined;
}

/** A chat message's file: what it is, whether it is stored, and its API path (relative to `/api/v1`). */
export interface ChatMedia {
  readonly id: string;
  readonly fileName: string;
  readonly mimeType: string;
  readonly size: number | null;
  readonly status: 'stored' | 'failed';
  readonly error: string | null;
  readonly path: string | undefined;
}

function toChatMedia(value: unknown): ChatMedia | null | undefined {
  if (value === null) return null;
  if (!isJsonObject(value)) return undefined;
  const id = readJson.string(value['id']);
  if (id === undefined) return undefined;
  const url = readJson.string(value['contentUrl']);
  return {
    id,
    fileName: readJson.string(value['fileName']) ?? 'file',
    mimeType: readJson.string(value['mimeType']) ?? 'application/octet-stream',
    size: readJson.number(value['size']) ?? null,
    status: value['status'] === 'stored' ? 'stored' : 'failed',
    error: readJson.string(value['error']) ?? null,
    path: url?.startsWith('/api/v1/') === true ? url.slice('/api/v1'.length) : undefined,
  };
}

/** `GET /conversations/{contactId}` as the studio reads it. */
export interface ConversationView {
  readonly contactId: string;
  readonly contactName: string;
  readonly assignee: string | null;
  readonly state: 'open' | 'pending' | 'resolved';
  readonly channel: 'sandbox' | 'whatsapp';
  readonly window: { readonly open: boolean; readonly closesAt: number | null };
  readonly messages: readonly ChatMessage[];
  readonly templates: readonly { readonly name: string; readonly language: string; readonly flowId: string }[];
  readonly quickReplies: readonly { readonly id: string; readonly title: string; readonly text: string }[];
}

function toChatMessage(value: unknown): ChatMessage | undefined {
  if (!isJsonObject(value)) return undefined;
  const id = readJson.string(value['id']);
  if (id === undefined) return undefined;
  const author = readJson.string(value['author']);
  const card = isJsonObject(value['card']) ? value['card'] : undefined;
  return {
    id,
    direction: value['direction'] === 'outbound' ? 'outbound' : 'inbound',
    author: author === 'operator' || author === 'automation' ? author : 'customer',
    authorName: readJson.string(value['authorName']) ?? null,
    type: readJson.string(value['type']) ?? 'unknown',
    text: readJson.string(value['text']) ?? null,
    details: isJsonObject(value['details']) ? value['details'] : {},
    status: readJson.string(value['status']) ?? null,
    errorCode: readJson.number(value['errorCode']) ?? null,
    errorTitle: readJson.string(value['errorTitle']) ?? null,
    at: readJson.number(value['at']) ?? 0,
    card: card === undefined ? undefined : {
      flowId: readJson.string(card['flowId']) ?? '',
      flowName: readJson.string(card['flowName']) ?? readJson.string(card['flowId']) ?? '',
      version: readJson.number(card['version']) ?? null,
      submission: toSubmission(card['submission']),
    },
    media: 'media' in value ? toChatMedia(value['media']) : undefined,
  };
}

/** Reads a conversation body; undefined when it is not one. */
export function toConversationView(body: unknown): ConversationView | undefined {
  if (!isJsonObject(body) || !isJsonObject(body['conversation']) || !isJsonObject(body['contact'])) return undefined;
  const conversation = body['conversation'];
  const contact = body['contact'];
  const window = isJsonObject(body['window']) ? body['window'] : {};
  const state = readJson.string(conversation['state']);
  return {
    contactId: readJson.string(conversation['contactId']) ?? '',
    contactName: readJson.string(contact['name']) ?? readJson.string(contact['phone']) ?? 'the customer',
    assignee: readJson.string(conversation['assignee']) ?? null,
    state: state === 'pending' || state === 'resolved' ? state : 'open',
    channel: body['channel'] === 'sandbox' ? 'sandbox' : 'whatsapp',
    window: { open: window['open'] === true, closesAt: readJson.number(window['closesAt']) ?? null },
    messages: readJson.list(body['messages'], toChatMessage),
    templates: readJson.list(body['templates'], (t) => {
      if (!isJsonObject(t)) return undefined;
      const name = readJson.string(t['name']);
      const language = readJson.string(t['language']);
      const flowId = readJson.string(t['flowId']);
      return name === undefined || language === undefined || flowId === undefined ? undefined : { name, language, flowId };
    }),
    quickReplies: readJson.list(body['quickReplies'], (r) => {
      if (!isJsonObject(r)) return undefined;
      const id = readJson.string(r['id']);
      const title = readJson.string(r['title']);
      const text = readJson.string(r['text']);
      return id === undefined || title === undefined || text === undefined ? undefined : { id, title, text };
    }),
  };
}

/** The line under a bubble: who wrote it and, for an outbound message, how far it got. */
export function messageCaption(message: ChatMessage): string {
  const who = message.author === 'customer' ? 'Customer' : message.author === 'operator' ? (message.authorName ?? 'Operator').replace(/^token:/, '') : 'Flowline';
  if (message.direction === 'inbound' || message.status === null) return who;
  if (message.status === 'failed') return `${who} · failed${message.errorCode === null ? '' : ` (${message.errorCode})`}${message.errorTitle === null ? '' : `: ${message.errorTitle}`}`;
  return `${who} · ${message.status}`;
}
