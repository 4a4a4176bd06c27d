import { deliveryListQuery, deliveryView, pageOf } from '@flowline/api-contract';
import { fail, notFound, ok } from '../api-response.js';
import { defineRoute, type ApiRoute } from '../define-route.js';
import { toPage, toPageWindow } from '../paginate.js';
import { toDeliveryView } from '../views.js';

/** Deliveries (outbox actions): list with status, one with its attempt log, and manual retry of failed or dead ones. */
export const deliveryRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get', path: '/deliveries', permission: 'deliveries:read', tag: 'deliveries',
    summary: 'List deliveries with status, attempts and last error (status=dead lists the dead letters)',
    query: deliveryListQuery,
    response: pageOf(deliveryView),
    async handle({ auth, deps, query }) {
      const window = toPageWindow(query);
      if (!window.ok) return fail(400, 'INVALID_CURSOR', window.message);
      const actions = await deps.storage.outbox.list(auth.workspaceId, {
        ...(query.status === undefined ? {} : { status: query.status }),
        ...(query.submissionId === undefined ? {} : { submissionId: query.submissionId }),
        limit: window.fetch,
      });
      const page = toPage(actions, window);
      return ok({ items: page.items.map(toDeliveryView), nextCursor: page.nextCursor });
    },
  }),
  defineRoute({
    method: 'get', path: '/deliveries/{deliveryId}', permission: 'deliveries:read', tag: 'deliveries', summary: 'Get a delivery with every attempt',
    async handle({ auth, deps, params }) {
      const action = await deps.storage.outbox.find(auth.workspaceId, params['deliveryId'] ?? '');
      if (action === undefined) return notFound('delivery');
      return ok({ ...toDeliveryView(action), attemptLog: await deps.storage.outbox.listDeliveries(auth.workspaceId, action.id) });
    },
  }),
  defineRoute({
    method: 'post', path: '/deliveries/{deliveryId}/retry', permission: 'deliveries:retry', tag: 'deliveries',
    summary: 'Retry a failed or dead delivery now (its attempts start again; the idempotency key stays the same)',
    response: deliveryView.json,
    async handle({ auth, deps, params }) {
      const action = await deps.storage.outbox.find(auth.workspaceId, params['deliveryId'] ?? '');
      if (action === undefined) return notFound('delivery');
      if (action.status !== 'failed' && action.status !== 'dead') {
        return fail(409, 'NOT_RETRYABLE', `only failed or dead deliveries can be retried; this one is ${action.status}`);
      }
      const now = deps.now();
      if (!(await deps.storage.outbox.requeue(auth.workspaceId, action.id, now))) return fail(409, 'NOT_RETRYABLE', 'the delivery changed meanwhile; reload it');
      await deps.storage.audit.append(auth.workspaceId, { actor: auth.actor, action: 'delivery.retry', targetType: 'outbox_action', targetId: action.id, details: { previousStatus: action.status, attempts: action.attempts }, at: now });
      const updated = await deps.storage.outbox.find(auth.workspaceId, action.id);
      return updated === undefined ? notFound('delivery') : ok(toDeliveryView(updated));
    },
  }),
];
