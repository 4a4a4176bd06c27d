import { sendFlowBody, sendListQuery } from '@flowline/api-contract';
import type { Send } from '@flowline/storage';
import { fail, ok } from '../api-response.js';
import { defineRoute, type ApiRoute } from '../define-route.js';
import { toPage, toPageWindow } from '../paginate.js';

/** A send as the API shows it (the flow token stays internal: it is the customer's capability). */
function toSendView(send: Send): Omit<Send, 'flowToken' | 'workspaceId'> {
  const { flowToken: _token, workspaceId: _workspace, ...view } = send;
  return view;
}

/** Sends: send a Flow to a contact through a channel, and list sends. */
export const sendRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'post', path: '/sends', permission: 'sends:create', tag: 'sends', status: 201,
    summary: 'Send a Flow to a contact (sandbox or WhatsApp); refused without opt-in or, for interactive messages, outside the 24-hour window. The contact\'s language (or `language`) picks the Flow\'s build and a template of the same name in that language; the send records its `language`',
    body: sendFlowBody,
    async handle({ auth, deps, body }) {
      if (deps.sendFlow === undefined) return fail(503, 'CHANNEL_NOT_CONFIGURED', 'no send service is configured on this server');
      const result = await deps.sendFlow({ ...body, workspaceId: auth.workspaceId, actor: auth.actor });
      if (!result.ok) return fail(result.status, result.code, result.message, result.sendId === undefined ? undefined : { sendId: result.sendId, retry: result.retry });
      return ok({ send: toSendView(result.send), messageId: result.messageId }, 201);
    },
  }),
  defineRoute({
    method: 'get', path: '/sends', permission: 'sends:read', tag: 'sends', summary: 'List sends, newest first (filter by Flow or contact)',
    query: sendListQuery,
    async handle({ auth, deps, query }) {
      const window = toPageWindow(query);
      if (!window.ok) return fail(400, 'INVALID_CURSOR', window.message);
      const sends = await deps.storage.sends.list(auth.workspaceId, {
        ...(query.flowId === undefined ? {} : { flowId: query.flowId }),
        ...(query.contactId === undefined ? {} : { contactId: query.contactId }),
        limit: window.fetch,
      });
      const page = toPage(sends, window);
      return ok({ items: page.items.map(toSendView), nextCursor: page.nextCursor });
    },
  }),
];
