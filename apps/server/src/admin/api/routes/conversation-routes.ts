import { conversationListQuery, quickReplyBody, readableAnswersQuery, replyBody, updateConversationBody } from '@flowline/api-contract';
import { serviceWindowOf } from '@flowline/core';
import { toMessageMediaOwner, type Message, type Storage } from '@flowline/storage';
import type { ApiDeps } from '../api-deps.js';
import { fail, notFound, ok } from '../api-response.js';
import { computeBackAndForth } from '../compute-back-and-forth.js';
import { defineRoute, type ApiRoute, type AuthContext } from '../define-route.js';
import { createSubmissionRenderer, type ReadableSubmissionView } from '../readable-answers.js';
import { toContactView } from '../views.js';
import { MEDIA_MESSAGE_TYPES } from '../../../messaging/webhooks/to-message-content.js';
import { serveMedia, toMediaView } from './media-routes.js';

/** A message as the chat shows it; a Flow message or its completion carries the Flow's summary card, a media message its file. */
type MessageView = Omit<Message, 'details'> & {
  readonly details: Record<string, unknown>;
  readonly card?: { readonly flowId: string; readonly flowName: string; readonly version: number | null; readonly submission?: ReadableSubmissionView };
  /** The file of a customer's image, document, audio, video or sticker: null until the worker fetched it (or failed to). */
  readonly media?: MessageMediaView | null;
};

/** A chat message's file as the API shows it: what it is, whether it is stored, and where it is served. */
type MessageMediaView = Pick<ReturnType<typeof toMediaView>, 'id' | 'fileName' | 'mimeType' | 'size' | 'sha256' | 'status' | 'error' | 'contentUrl'>;

/** The file of a media message, served under its conversation (`conversations:read`). */
async function messageMedia(storage: Storage, auth: AuthContext, contactId: string, message: Message): Promise<MessageMediaView | null> {
  if (message.wamid === null) return null;
  const [file] = await storage.media.listForSubmission(auth.workspaceId, toMessageMediaOwner(message.wamid));
  if (file === undefined) return null;
  const view = toMediaView(file);
  return {
    id: view.id, fileName: view.fileName, mimeType: view.mimeType, size: view.size, sha256: view.sha256, status: view.status, error: view.error,
    contentUrl: view.contentUrl === null ? null : `/api/v1/conversations/${encodeURIComponent(contactId)}/media/${encodeURIComponent(file.id)}/content`,
  };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Adds the Flow's summary card to Flow messages (sent) and Flow replies (completed, with the readable answers). */
async function toMessageViews(storage: Storage, auth: AuthContext, contactId: string, messages: readonly Message[], timeZone: string | undefined): Promise<MessageView[]> {
  const render = createSubmissionRenderer(storage, auth, timeZone);
  const names = new Map<string, string>();
  const nameOf = async (flowId: string) => {
    if (!names.has(flowId)) names.set(flowId, (await storage.flows.find(auth.workspaceId, flowId))?.name ?? flowId);
    return names.get(flowId) ?? flowId;
  };
  const views: MessageView[] = [];
  for (const message of messages) {
    const flowId = text(message.details['flowId']);
    const sendId = text(message.details['sendId']);
    const version = typeof message.details['version'] === 'number' ? message.details['version'] : null;
    if (message.direction === 'inbound' && MEDIA_MESSAGE_TYPES.has(message.type) && typeof message.details['mediaId'] === 'string') {
      views.push({ ...message, media: await messageMedia(storage, auth, contactId, message) });
      continue;
    }
    if (flowId === undefined || (message.type !== 'flow' && message.type !== 'flow_reply' && message.type !== 'template')) {
      views.push(message);
      continue;
    }
    let submission: ReadableSubmissionView | undefined;
    if (message.type === 'flow_reply' && sendId !== undefined) {
      const found = (await storage.submissions.list(auth.workspaceId, { sendId, limit: 100 })).find((s) => s.messageId === message.wamid);
      if (found !== undefined) submission = await render(found, contactId);
    }
    views.push({ ...message, card: { flowId, flowName: await nameOf(flowId), version, ...(submission === undefined ? {} : { submission }) } });
  }
  return views;
}

/** The conversation view: contact, owner and state, the service window, messages, and what the operator may send. */
async function conversationView(deps: ApiDeps, auth: AuthContext, contactId: string, timeZone: string | undefined) {
  const contact = await deps.storage.contacts.find(auth.workspaceId, contactId);
  if (contact === undefined) return undefined;
  const conversation = await deps.storage.conversations.find(auth.workspaceId, contact.id);
  const now = deps.now().getTime();
  const messages = await deps.storage.conversations.listMessages(auth.workspaceId, contact.id, { limit: 500 });
  const templates = (await deps.storage.whatsapp.listTemplates(auth.workspaceId)).filter((t) => t.status === 'APPROVED');
  return {
    contact: toContactView(contact),
    conversation: {
      contactId: contact.id,
      assignee: conversation?.assignee ?? null,
      state: conversation?.state ?? 'open',
      lastInboundAt: conversation?.lastInboundAt ?? null,
      lastOutboundAt: conversation?.lastOutboundAt ?? null,
    },
    channel: contact.tags.includes('sandbox') ? 'sandbox' : 'whatsapp',
    window: serviceWindowOf(conversation?.lastInboundAt, now),
    messages: await toMessageViews(deps.storage, auth, contact.id, messages, timeZone),
    // Outside the window only approved templates may be sent (platform spec §5.3); each opens its Flow.
    templates: templates.map((t) => ({ name: t.name, language: t.language, flowId: t.flowId, category: t.category })),
    quickReplies: await deps.storage.conversations.listQuickReplies(auth.workspaceId),
  };
}

/** Conversations: the chat beside a ticket, owner and state, operator replies, quick replies, and the back-and-forth measures. */
export const conversationRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get', path: '/conversations', permission: 'conversations:read', tag: 'conversations',
    summary: 'List conversations, most recent customer message first (filter by state or owner)',
    query: conversationListQuery,
    async handle({ auth, deps, query }) {
      const items = await deps.storage.conversations.list(auth.workspaceId, {
        ...(query.state === undefined ? {} : { state: query.state }),
        ...(query.assignee === undefined ? {} : { assignee: query.assignee }),
        limit: query.limit ?? 100,
      });
      return ok({ items });
    },
  }),
  defineRoute({
    method: 'get', path: '/conversations/{contactId}', permission: 'conversations:read', tag: 'conversations',
    summary: 'A contact\'s conversation: owner, state, the 24-hour window, messages with their statuses (Flow summary cards where a Flow was sent and completed), approved templates and quick replies',
    query: readableAnswersQuery,
    async handle({ auth, deps, params, query }) {
      const view = await conversationView(deps, auth, params['contactId'] ?? '', query.timeZone);
      return view === undefined ? notFound('contact') : ok(view);
    },
  }),
  defineRoute({
    method: 'patch', path: '/conversations/{contactId}', permission: 'conversations:reply', tag: 'conversations',
    summary: 'Set the conversation\'s owner (null unassigns) and/or state (open, pending, resolved)',
    body: updateConversationBody,
    async handle({ auth, deps, params, body }) {
      const now = deps.now();
      const updated = await deps.storage.transaction(async (tx) => {
        const changed = await tx.conversations.update(auth.workspaceId, params['contactId'] ?? '', { ...body, at: now });
        if (changed !== undefined) await tx.audit.append(auth.workspaceId, { actor: auth.actor, action: 'conversation.update', targetType: 'contact', targetId: changed.contactId, details: body, at: now });
        return changed;
      });
      return updated === undefined ? notFound('contact') : ok(updated);
    },
  }),
  defineRoute({
    method: 'post', path: '/conversations/{contactId}/messages', permission: 'conversations:reply', tag: 'conversations', status: 201,
    summary: 'Reply in free text (WhatsApp, or the sandbox chat for sandbox contacts); refused with 409 OUTSIDE_SERVICE_WINDOW more than 24 hours after the customer\'s last message, when only an approved template may be sent',
    body: replyBody,
    async handle({ auth, deps, params, body }) {
      if (deps.sendReply === undefined) return fail(503, 'CHANNEL_NOT_CONFIGURED', 'no channel is configured on this server');
      const result = await deps.sendReply({ workspaceId: auth.workspaceId, contactId: params['contactId'] ?? '', text: body.text, actor: auth.actor });
      return result.ok ? ok({ message: result.message }, 201) : fail(result.status, result.code, result.message, result.details);
    },
  }),
  defineRoute({
    method: 'get', path: '/conversations/{contactId}/media/{mediaId}/content', permission: 'conversations:read', tag: 'conversations',
    summary: 'Download the file of a media message the customer sent (image, document, audio, video, sticker): images inline, every other type as an attachment',
    response: { type: 'string', format: 'binary', description: 'the file, as the customer sent it' },
    async handle({ auth, deps, params }) {
      const contact = await deps.storage.contacts.find(auth.workspaceId, params['contactId'] ?? '');
      const media = await deps.storage.media.find(auth.workspaceId, params['mediaId'] ?? '');
      const digits = (phone: string) => phone.replace(/^\+/, '');
      // Only a chat message's file, and only in its own contact's conversation; a Flow answer's file is served under its submission.
      if (contact === undefined || media === undefined || !media.submissionId.startsWith(toMessageMediaOwner('')) || digits(media.contactPhone) !== digits(contact.phone)) return notFound('media');
      return serveMedia(deps, media);
    },
  }),
  defineRoute({
    method: 'get', path: '/quick-replies', permission: 'conversations:read', tag: 'conversations', summary: 'The workspace\'s quick replies (saved snippets), by title',
    async handle({ auth, deps }) {
      return ok({ items: await deps.storage.conversations.listQuickReplies(auth.workspaceId) });
    },
  }),
  defineRoute({
    method: 'post', path: '/quick-replies', permission: 'conversations:reply', tag: 'conversations', status: 201, summary: 'Save a quick reply',
    body: quickReplyBody,
    async handle({ auth, deps, body }) {
      const saved = await deps.storage.conversations.saveQuickReply(auth.workspaceId, { ...body, at: deps.now() });
      return saved === undefined ? fail(409, 'TITLE_TAKEN', `a quick reply is already titled "${body.title}"`) : ok(saved, 201);
    },
  }),
  defineRoute({
    method: 'put', path: '/quick-replies/{replyId}', permission: 'conversations:reply', tag: 'conversations', summary: 'Change a quick reply',
    body: quickReplyBody,
    async handle({ auth, deps, params, body }) {
      const id = params['replyId'] ?? '';
      if (!(await deps.storage.conversations.listQuickReplies(auth.workspaceId)).some((r) => r.id === id)) return notFound('quick reply');
      const saved = await deps.storage.conversations.saveQuickReply(auth.workspaceId, { id, ...body, at: deps.now() });
      return saved === undefined ? fail(409, 'TITLE_TAKEN', `a quick reply is already titled "${body.title}"`) : ok(saved);
    },
  }),
  defineRoute({
    method: 'delete', path: '/quick-replies/{replyId}', permission: 'conversations:reply', tag: 'conversations', summary: 'Delete a quick reply',
    async handle({ auth, deps, params }) {
      return (await deps.storage.conversations.deleteQuickReply(auth.workspaceId, params['replyId'] ?? '')) ? ok({ deleted: true }) : notFound('quick reply');
    },
  }),
  defineRoute({
    method: 'get', path: '/flows/{flowId}/back-and-forth', permission: 'metrics:read', tag: 'metrics',
    summary: 'Back-and-forth after a Flow\'s answers, overall and per version: customer and operator messages between the submission and the ticket\'s resolution (automated ones excluded), median handling time, share resolved without a clarification; and the same for tickets of the same queues opened without a Flow',
    async handle({ auth, deps, params }) {
      const flow = await deps.storage.flows.find(auth.workspaceId, params['flowId'] ?? '');
      if (flow === undefined) return notFound('flow');
      return ok(await computeBackAndForth(deps.storage, auth.workspaceId, flow.id));
    },
  }),
];
