import { isJsonObject } from '@flowline/core';
import { readJson } from '../read-json.js';

/** The admin API routes of the sandbox phone (mounted under `/api/v1/sandbox` by the server). */
export const SANDBOX_PATHS = {
  chats: '/sandbox/chats',
  contacts: '/sandbox/contacts',
  chat: (contactId: string) => `/sandbox/chats/${encodeURIComponent(contactId)}`,
  customerMessages: (contactId: string) => `/sandbox/chats/${encodeURIComponent(contactId)}/messages`,
  open: (messageId: string) => `/sandbox/messages/${encodeURIComponent(messageId)}/open`,
  session: (sessionId: string) => `/sandbox/sessions/${encodeURIComponent(sessionId)}`,
  events: (sessionId: string) => `/sandbox/sessions/${encodeURIComponent(sessionId)}/events`,
  /** Where the phone sends a file chosen in the picker `name` of the session's current screen. */
  media: (sessionId: string, name: string, fileName: string) => `/sandbox/sessions/${encodeURIComponent(sessionId)}/media?name=${encodeURIComponent(name)}&fileName=${encodeURIComponent(fileName)}`,
} as const;

/** One chat bubble of the sandbox phone, read from a stored sandbox message. */
export interface ChatBubble {
  readonly messageId: string;
  readonly from: 'business' | 'customer';
  readonly kind: 'flow' | 'text' | 'flow_reply' | 'other';
  /** The text to show: the message text, the Flow message's body, or the completion summary. */
  readonly text: string;
  readonly header: string | undefined;
  /** The Flow message's call-to-action button label. */
  readonly cta: string | undefined;
  readonly at: number;
}

/**
 * Reads a sandbox message: text `{text}`, a Flow message (the Cloud API request body, with
 * `interactive.body.text` and `interactive.action.parameters.flow_cta`), or the customer's completion
 * `{summary, payload}` whose summary the customer keeps in the chat.
 */
export function toChatBubble(value: unknown): ChatBubble | undefined {
  if (!isJsonObject(value)) return undefined;
  const messageId = readJson.string(value['messageId']);
  if (messageId === undefined) return undefined;
  const from = value['direction'] === 'business' ? 'business' : 'customer';
  const at = readJson.number(value['at']) ?? 0;
  const body = isJsonObject(value['body']) ? value['body'] : {};
  const kind = value['kind'];
  if (kind === 'flow') {
    const interactive = isJsonObject(body['interactive']) ? body['interactive'] : body;
    const textOf = (part: unknown): string | undefined => (isJsonObject(part) ? readJson.string(part['text']) : readJson.string(part));
    const action = isJsonObject(interactive['action']) ? interactive['action'] : {};
    const parameters = isJsonObject(action['parameters']) ? action['parameters'] : {};
    return { messageId, from, kind: 'flow', at, text: textOf(interactive['body']) ?? 'A Flow was sent.', header: textOf(interactive['header']), cta: readJson.string(parameters['flow_cta']) ?? 'Open' };
  }
  if (kind === 'flow_reply') {
    return { messageId, from, kind: 'flow_reply', at, text: summaryText(body['summary'], body['payload']), header: undefined, cta: undefined };
  }
  if (kind === 'text') return { messageId, from, kind: 'text', at, text: readJson.string(body['text']) ?? '', header: undefined, cta: undefined };
  return { messageId, from, kind: 'other', at, text: JSON.stringify(body), header: undefined, cta: undefined };
}

/** The summary the customer keeps: the runtime's summary text, or its lines, or the answers when there is none. */
function summaryText(summary: unknown, payload: unknown): string {
  if (typeof summary === 'string') return summary;
  if (Array.isArray(summary) && summary.length > 0) {
    // The runtime's summary: one entry per answered input, `{screen, name, label, value}`.
    return summary.map((entry: unknown) => (isJsonObject(entry) ? `${readJson.string(entry['label']) ?? readJson.string(entry['name']) ?? ''}: ${readJson.string(entry['value']) ?? JSON.stringify(entry['value'])}` : String(entry))).join('\n');
  }
  if (isJsonObject(summary)) {
    const title = readJson.string(summary['title']) ?? readJson.string(summary['text']);
    const lines = readJson.strings(summary['lines']);
    if (title !== undefined || lines.length > 0) return [title, ...lines].filter((l) => l !== undefined).join('\n');
  }
  if (isJsonObject(payload)) return Object.entries(payload).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('\n');
  return 'Response sent';
}
