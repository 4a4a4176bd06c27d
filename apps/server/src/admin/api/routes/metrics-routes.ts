import { flowMetricsQuery, traceListQuery } from '@flowline/api-contract';
import { computeFlowMetrics } from '../compute-flow-metrics.js';
import { fail, notFound, ok } from '../api-response.js';
import { defineRoute, type ApiRoute } from '../define-route.js';
import { toPage, toPageWindow } from '../paginate.js';

/** The most events and traces one metrics request reads. */
const METRICS_WINDOW = 100_000;

/** The screens of a version's Flow JSON, in order, and whether it declares a data endpoint. */
function shapeOf(flowJson: string | undefined): { screens: string[]; hasEndpoint: boolean } {
  if (flowJson === undefined) return { screens: [], hasEndpoint: false };
  try {
    const doc: unknown = JSON.parse(flowJson);
    if (typeof doc !== 'object' || doc === null) return { screens: [], hasEndpoint: false };
    const screens = 'screens' in doc ? doc.screens : undefined;
    return {
      screens: Array.isArray(screens) ? screens.flatMap((s: unknown) => (typeof s === 'object' && s !== null && 'id' in s && typeof s.id === 'string' ? [s.id] : [])) : [],
      hasEndpoint: 'data_api_version' in doc && typeof doc.data_api_version === 'string',
    };
  } catch {
    return { screens: [], hasEndpoint: false };
  }
}

/** Dashboards: a Flow's outcome metrics, and the endpoint trace. */
export const metricsRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get', path: '/flows/{flowId}/metrics', permission: 'metrics:read', tag: 'metrics',
    summary: 'Counting real customers only (sessions of a send; previews and simulations excluded): sends, opens, completion rate, per-screen funnel and drop-off step, time to complete, routing accuracy, time to resolution, endpoint latency and error rate against Meta\'s thresholds; a figure that cannot be known is null and named in `unknown` with the reason',
    query: flowMetricsQuery,
    async handle({ auth, deps, params, query }) {
      const flow = await deps.storage.flows.find(auth.workspaceId, params['flowId'] ?? '');
      if (flow === undefined) return notFound('flow');
      const version = query.version === undefined
        ? (await deps.storage.flows.findPublishedVersion(auth.workspaceId, flow.id)) ?? (await deps.storage.flows.findLatestVersion(auth.workspaceId, flow.id))
        : await deps.storage.flows.findVersion(auth.workspaceId, flow.id, query.version);
      if (query.version !== undefined && version === undefined) return notFound('flow version');
      const range = { ...(query.from === undefined ? {} : { from: query.from }), ...(query.to === undefined ? {} : { to: query.to }) };
      // A language keeps the events of the sends made in it (an answer matched to no send has no language).
      const inLanguage = query.language === undefined ? undefined
        : new Set((await deps.storage.sends.list(auth.workspaceId, { flowId: flow.id, language: query.language, limit: METRICS_WINDOW })).map((s) => s.id));
      // Traces before events: the endpoint commits a request's trace and its events (opened, screen reached) in one
      // write-behind transaction, which may land between the two reads. Read in this order, every request counted has
      // its events counted too (the reverse order showed a counted request without its open, seen in CI on PostgreSQL).
      const traces = (await deps.storage.endpointTraces.list(auth.workspaceId, { flowId: flow.id, ...(query.from === undefined ? {} : { since: query.from }), limit: METRICS_WINDOW }))
        .filter((t) => (query.version === undefined || t.version === query.version) && (query.to === undefined || t.at < query.to));
      const events = (await deps.storage.events.list(auth.workspaceId, { flowId: flow.id, ...range, limit: METRICS_WINDOW }))
        .filter((e) => (query.version === undefined || e.version === query.version) && (inLanguage === undefined || (e.sendId !== null && inLanguage.has(e.sendId))));
      const routingRules = (await deps.storage.routingRules.listForFlow(auth.workspaceId, flow.id)).length;
      return ok({
        flowId: flow.id,
        version: query.version ?? null,
        language: query.language ?? null,
        range: { from: query.from ?? null, to: query.to ?? null },
        ...computeFlowMetrics(events, traces, { ...shapeOf(version?.flowJson), routingRules }),
      });
    },
  }),
  defineRoute({
    method: 'get', path: '/traces', permission: 'traces:read', tag: 'metrics', summary: 'The endpoint trace (one row per data endpoint request), newest first',
    query: traceListQuery,
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
