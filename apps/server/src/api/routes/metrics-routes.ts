import { computeFlowMetrics } from '../compute-flow-metrics.js';
import { fail, notFound, ok } from '../api-response.js';
import { defineRoute, type ApiRoute } from '../define-route.js';
import { pageQuery, toPage, toPageWindow } from '../paginate.js';
import { integer, object, optional, string } from '../schema.js';

/** The most events and traces one metrics request reads. */
const METRICS_WINDOW = 100_000;
const epochMs = (description: string) => optional(integer({ minimum: 0, fromString: true, description }));

function screenIdsOf(flowJson: string): string[] {
  try {
    const doc: unknown = JSON.parse(flowJson);
    const screens = typeof doc === 'object' && doc !== null && 'screens' in doc ? doc.screens : undefined;
    return Array.isArray(screens) ? screens.flatMap((s: unknown) => (typeof s === 'object' && s !== null && 'id' in s && typeof s.id === 'string' ? [s.id] : [])) : [];
  } catch {
    return [];
  }
}

/** Dashboards: a Flow's outcome metrics, and the endpoint trace. */
export const metricsRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get', path: '/flows/{flowId}/metrics', permission: 'metrics:read', tag: 'metrics',
    summary: 'Sends, opens, completion rate, per-screen funnel and drop-off step, time to complete, routing accuracy, time to resolution, endpoint latency and error rate against Meta\'s thresholds',
    query: object({ version: optional(integer({ minimum: 1, fromString: true })), from: epochMs('start of the range (epoch ms)'), to: epochMs('end of the range (epoch ms, exclusive)') }),
    async handle({ auth, deps, params, query }) {
      const flow = await deps.storage.flows.find(auth.workspaceId, params['flowId'] ?? '');
      if (flow === undefined) return notFound('flow');
      const version = query.version === undefined
        ? (await deps.storage.flows.findPublishedVersion(auth.workspaceId, flow.id)) ?? (await deps.storage.flows.findLatestVersion(auth.workspaceId, flow.id))
        : await deps.storage.flows.findVersion(auth.workspaceId, flow.id, query.version);
      if (query.version !== undefined && version === undefined) return notFound('flow version');
      const range = { ...(query.from === undefined ? {} : { from: query.from }), ...(query.to === undefined ? {} : { to: query.to }) };
      const events = (await deps.storage.events.list(auth.workspaceId, { flowId: flow.id, ...range, limit: METRICS_WINDOW }))
        .filter((e) => query.version === undefined || e.version === query.version);
      const traces = (await deps.storage.endpointTraces.list(auth.workspaceId, { flowId: flow.id, ...(query.from === undefined ? {} : { since: query.from }), limit: METRICS_WINDOW }))
        .filter((t) => (query.version === undefined || t.version === query.version) && (query.to === undefined || t.at < query.to));
      return ok({
        flowId: flow.id,
        version: query.version ?? null,
        range: { from: query.from ?? null, to: query.to ?? null },
        ...computeFlowMetrics(events, traces, version === undefined ? [] : screenIdsOf(version.flowJson)),
      });
    },
  }),
  defineRoute({
    method: 'get', path: '/traces', permission: 'traces:read', tag: 'metrics', summary: 'The endpoint trace (one row per data endpoint request), newest first',
    query: object({ ...pageQuery, flowId: optional(string()), since: epochMs('only requests at or after this time (epoch ms)') }),
    async handle({ auth, deps, query }) {
      const window = toPageWindow(query);
      if (!window.ok) return fail(400, 'INVALID_CURSOR', window.message);
      const traces = await deps.storage.endpointTraces.list(auth.workspaceId, {
        ...(query.flowId === undefined ? {} : { flowId: query.flowId }),
        ...(query.since === undefined ? {} : { since: query.since }),
        limit: window.fetch,
      });
      return ok(toPage(traces.map(({ workspaceId: _w, ...t }) => t), window));
    },
  }),
];
