import { assignInboxItemBody, inboxItemView, inboxListQuery, pageOf, rerouteInboxItemBody, resolveInboxItemBody } from '@flowline/api-contract';
import type { EventInput, InboxItem, Repositories } from '@flowline/storage';
import type { ApiDeps } from '../api-deps.js';
import { fail, notFound, ok, type ApiResponse } from '../api-response.js';
import { defineRoute, type ApiRoute, type AuthContext } from '../define-route.js';
import { MAX_PAGE_WINDOW, toPage, toPageWindow } from '../paginate.js';
import { toInboxItemView } from '../views.js';

/** The event fields that tie an inbox item to its Flow, version and send (through its submission). */
async function eventOrigin(tx: Repositories, workspaceId: string, item: InboxItem): Promise<Omit<EventInput, 'type' | 'at' | 'data'>> {
  const submission = item.submissionId === null ? undefined : await tx.submissions.find(workspaceId, item.submissionId);
  if (submission === undefined) return {};
  return {
    flowId: submission.flowId,
    ...(submission.version === null ? {} : { version: submission.version }),
    ...(submission.sendId === null ? {} : { sendId: submission.sendId }),
  };
}

type Change = { queue?: string; priority?: number; assignee?: string | null; status?: 'open' | 'pending' | 'resolved' };

/** Updates an item and records its event (and audit row) in one transaction. */
async function changeItem(
  deps: ApiDeps,
  auth: AuthContext,
  itemId: string,
  decide: (item: InboxItem) => { change: Change; event?: { type: 'rerouted' | 'resolved'; data: Record<string, unknown> } } | { refuse: string },
): Promise<ApiResponse> {
  return deps.storage.transaction(async (tx) => {
    const item = await tx.inbox.find(auth.workspaceId, itemId);
    if (item === undefined) return notFound('inbox item');
    const decision = decide(item);
    if ('refuse' in decision) return fail(409, 'INVALID_TRANSITION', decision.refuse);
    const now = deps.now();
    const updated = await tx.inbox.update(auth.workspaceId, item.id, { ...decision.change, at: now });
    if (updated === undefined) return notFound('inbox item');
    if (decision.event !== undefined) {
      const origin = await eventOrigin(tx, auth.workspaceId, item);
      await tx.events.record(auth.workspaceId, [{ type: decision.event.type, ...origin, data: { itemId: item.id, submissionId: item.submissionId, by: auth.actor, ...decision.event.data }, at: now }]);
    }
    await tx.audit.append(auth.workspaceId, { actor: auth.actor, action: `inbox.${decision.event?.type ?? 'update'}`, targetType: 'inbox_item', targetId: item.id, details: decision.change, at: now });
    return ok(toInboxItemView(updated));
  });
}

/** The operator inbox: list with filters, get, assign, resolve and re-route (which counts against routing accuracy). */
export const inboxRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get', path: '/inbox', permission: 'inbox:read', tag: 'inbox',
    summary: 'List inbox items (tickets and contract exceptions), highest priority and oldest first',
    query: inboxListQuery,
    response: pageOf(inboxItemView),
    async handle({ auth, deps, query }) {
      const window = toPageWindow(query);
      if (!window.ok) return fail(400, 'INVALID_CURSOR', window.message);
      const items = await deps.storage.inbox.list(auth.workspaceId, {
        ...(query.queue === undefined ? {} : { queue: query.queue }),
        ...(query.status === undefined ? {} : { status: query.status }),
        ...(query.assignee === undefined ? {} : { assignee: query.assignee }),
        limit: query.kind === undefined ? window.fetch : MAX_PAGE_WINDOW,
      });
      const page = toPage(items.filter((i) => query.kind === undefined || i.kind === query.kind), window);
      return ok({ items: page.items.map(toInboxItemView), nextCursor: page.nextCursor });
    },
  }),
  defineRoute({
    method: 'get', path: '/inbox/{itemId}', permission: 'inbox:read', tag: 'inbox', summary: 'Get an inbox item',
    response: inboxItemView.json,
    async handle({ auth, deps, params }) {
      const item = await deps.storage.inbox.find(auth.workspaceId, params['itemId'] ?? '');
      return item === undefined ? notFound('inbox item') : ok(toInboxItemView(item));
    },
  }),
  defineRoute({
    method: 'post', path: '/inbox/{itemId}/assign', permission: 'inbox:write', tag: 'inbox', summary: 'Assign an item to an operator (null unassigns)',
    body: assignInboxItemBody,
    response: inboxItemView.json,
    handle: ({ auth, deps, params, body }) => changeItem(deps, auth, params['itemId'] ?? '', () => ({ change: { assignee: body.assignee } })),
  }),
  defineRoute({
    method: 'post', path: '/inbox/{itemId}/resolve', permission: 'inbox:write', tag: 'inbox',
    summary: 'Resolve an item; records a `resolved` event with the time to resolution',
    body: resolveInboxItemBody,
    response: inboxItemView.json,
    handle: ({ auth, deps, params, body }) =>
      changeItem(deps, auth, params['itemId'] ?? '', (item) =>
        item.status === 'resolved'
          ? { refuse: 'the item is already resolved' }
          : { change: { status: 'resolved' }, event: { type: 'resolved', data: { durationMs: deps.now().getTime() - item.createdAt, ...(body?.note === undefined ? {} : { note: body.note }) } } },
      ),
  }),
  defineRoute({
    method: 'post', path: '/inbox/{itemId}/reroute', permission: 'inbox:write', tag: 'inbox',
    summary: 'Move an item to another queue; records a `rerouted` event, which counts against routing accuracy',
    body: rerouteInboxItemBody,
    response: inboxItemView.json,
    handle: ({ auth, deps, params, body }) =>
      changeItem(deps, auth, params['itemId'] ?? '', (item) =>
        item.queue === body.queue
          ? { refuse: `the item is already in queue "${body.queue}"` }
          : {
              change: { queue: body.queue, assignee: null, ...(body.priority === undefined ? {} : { priority: body.priority }), ...(item.status === 'resolved' ? { status: 'open' as const } : {}) },
              event: { type: 'rerouted', data: { fromQueue: item.queue, toQueue: body.queue, ...(body.reason === undefined ? {} : { reason: body.reason }) } },
            },
      ),
  }),
];
