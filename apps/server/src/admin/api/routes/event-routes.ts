import { integer, object, oneOf, optional, pageQuery, string } from '@flowline/api-contract';
import { EVENT_TYPES } from '@flowline/storage';
import { fail, ok } from '../api-response.js';
import { defineRoute, type ApiRoute } from '../define-route.js';
import { toPage, toPageWindow } from '../paginate.js';

const epochMs = (description: string) => optional(integer({ minimum: 0, fromString: true, description }));

/** The measurement events (sent, opened, screen_reached, submitted, routed, delivered, rerouted, resolved). */
export const eventRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get', path: '/events', permission: 'metrics:read', tag: 'metrics',
    summary: 'List measurement events, oldest first (filter by Flow, type, send and time range)',
    query: object({
      ...pageQuery,
      flowId: optional(string()),
      type: optional(oneOf(EVENT_TYPES)),
      sendId: optional(string()),
      from: epochMs('start of the range (epoch ms)'),
      to: epochMs('end of the range (epoch ms, exclusive)'),
    }),
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
