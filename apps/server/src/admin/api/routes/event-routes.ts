import { eventListQuery } from '@flowline/api-contract';
import { fail, ok } from '../api-response.js';
import { defineRoute, type ApiRoute } from '../define-route.js';
import { toPage, toPageWindow } from '../paginate.js';


/** The measurement events (sent, opened, screen_reached, submitted, routed, delivered, rerouted, resolved). */
export const eventRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get', path: '/events', permission: 'metrics:read', tag: 'metrics',
    summary: 'List measurement events, oldest first (filter by Flow, type, send and time range)',
    query: eventListQuery,
    async handle({ auth, deps, query }) {
      const window = toPageWindow(query);
      if (!window.ok) return fail(400, 'INVALID_CURSOR', window.message);
      const events = await deps.storage.events.list(auth.workspaceId, {
        ...(query.flowId === undefined ? {} : { flowId: query.flowId }),
        ...(query.type === undefined ? {} : { type: query.type }),
        ...(query.sendId === undefined ? {} : { sendId: query.sendId }),
        ...(query.from === undefined ? {} : { from: query.from }),
        ...(query.to === undefined ? {} : { to: query.to }),
        limit: window.fetch,
      });
      return ok(toPage(events.map(({ workspaceId: _w, ...event }) => event), window));
    },
  }),
];
