import { isJsonObject } from '@flowline/core';

/** What the conversation keeps of an inbound message: its text and the references a chat view needs. */
export interface MessageContent {
  readonly text: string | undefined;
  readonly details: Readonly<Record<string, string>>;
}

/** Characters kept of any one value from the internet (ids, captions, titles); texts are cut by storage at 4096. */
const MAX_VALUE = 256;
const MAX_TEXT = 4096;

type Json = Readonly<Record<string, unknown>>;

function str(value: unknown, max = MAX_VALUE): string | undefined {
  return typeof value === 'string' && value !== '' ? value.slice(0, max) : undefined;
}

function pick(source: unknown, keys: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isJsonObject(source)) return out;
  for (const [from, to] of Object.entries(keys)) {
    const value = str(source[from]);
    if (value !== undefined) out[to] = value;
  }
  return out;
}

/** Message types that carry a Cloud API media id. */
export const MEDIA_MESSAGE_TYPES: ReadonlySet<string> = new Set(['image', 'document', 'audio', 'video', 'sticker']);

/**
 * The content of a `messages` webhook item (platform spec §6; Cloud API message types): text, media
 * references (id, type, file name and SHA-256: the worker downloads the file, `process-webhook-items.ts`),
 * reactions, button and interactive replies. Every value is cut to a bounded length: this faces the internet.
 */
export function toMessageContent(message: Json): MessageContent {
  const type = str(message['type'], 40) ?? 'unknown';
  const context = isJsonObject(message['context']) ? pick(message['context'], { id: 'contextId' }) : {};
  if (type === 'text') {
    const body = isJsonObject(message['text']) ? str(message['text']['body'], MAX_TEXT) : undefined;
    return { text: body, details: context };
  }
  if (MEDIA_MESSAGE_TYPES.has(type)) {
    const media = message[type];
    const caption = isJsonObject(media) ? str(media['caption'], MAX_TEXT) : undefined;
    return { text: caption, details: { ...context, ...pick(media, { id: 'mediaId', mime_type: 'mimeType', filename: 'filename', sha256: 'sha256' }) } };
  }
  if (type === 'reaction') {
    const reaction = message['reaction'];
    return { text: isJsonObject(reaction) ? str(reaction['emoji'], 16) : undefined, details: pick(reaction, { message_id: 'reactedTo' }) };
  }
  if (type === 'button') {
    const button = message['button'];
    return { text: isJsonObject(button) ? str(button['text']) : undefined, details: { ...context, ...pick(button, { payload: 'payload' }) } };
  }
  if (type === 'interactive' && isJsonObject(message['interactive'])) {
    const interactive = message['interactive'];
    const kind = str(interactive['type'], 40) ?? 'unknown';
    const reply = interactive[kind];
    return { text: isJsonObject(reply) ? str(reply['title']) : undefined, details: { ...context, interactive: kind, ...pick(reply, { id: 'replyId', description: 'description' }) } };
  }
  if (type === 'location' && isJsonObject(message['location'])) {
    const location = message['location'];
    const name = str(location['name']) ?? str(location['address']);
    const coordinates = typeof location['latitude'] === 'number' && typeof location['longitude'] === 'number' ? `${location['latitude']},${location['longitude']}` : undefined;
    return { text: name ?? coordinates, details: coordinates === undefined ? context : { ...context, coordinates } };
  }
  return { text: undefined, details: context };
}
