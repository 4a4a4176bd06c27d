import { addVersionBody, checkEndpointConfigBody, exportVersionQuery, pageOf, versionDiffQuery, versionListQuery, versionSummaryView, versionView } from '@flowline/api-contract';
import { fail, notFound, ok } from '../api-response.js';
import { INHERIT_ENDPOINT_CONFIG } from '@flowline/storage';
import { checkFlowInput } from '../check-flow-input.js';
import { endpointReport, toEndpointReportView } from '../endpoint-report.js';
import { defineRoute, type ApiRoute } from '../define-route.js';
import { diffFlowVersions } from '../diff-flow-versions.js';
import { toPage, toPageWindow } from '../paginate.js';
import { toVersionSummaryView, toVersionView } from '../views.js';

const endpointReportJson = {
  type: 'object',
  description: 'how the endpoint configuration fits the Flow (docs/endpoint.md, endpoint configuration in the studio)',
  properties: {
    need: { type: ['string', 'null'], description: 'why the Flow JSON needs a data endpoint; null when it does not' },
    hasEndpointConfig: { type: 'boolean' },
    publishable: { type: 'boolean', description: 'false when publishing would be refused (ENDPOINT_REQUIRED or ENDPOINT_MISMATCH)' },
    problems: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, severity: { type: 'string' }, message: { type: 'string' }, pointer: { type: 'string' } } } },
  },
};

const versionParam = (raw: string | undefined): number | undefined => (raw !== undefined && /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : undefined);

/** Flow versions: list, get, add (import), export, endpoint configuration and diff. */
export const flowVersionRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get', path: '/flows/{flowId}/versions', permission: 'flows:read', tag: 'versions', summary: 'List a Flow\'s versions, newest first',
    query: versionListQuery,
    response: pageOf(versionSummaryView),
    async handle({ auth, deps, params, query }) {
      const window = toPageWindow(query);
      if (!window.ok) return fail(400, 'INVALID_CURSOR', window.message);
      const flow = await deps.storage.flows.find(auth.workspaceId, params['flowId'] ?? '');
      if (flow === undefined) return notFound('flow');
      const versions = (await deps.storage.flows.listVersions(auth.workspaceId, flow.id)).sort((a, b) => b.number - a.number);
      const page = toPage(versions, window);
      const states = new Map((await deps.storage.governance.listReviews(auth.workspaceId, flow.id)).map((r) => [r.version, r.state]));
      return ok({ items: page.items.map((v) => toVersionSummaryView(v, flow.publishedVersion, states.get(v.number))), nextCursor: page.nextCursor });
    },
  }),
  defineRoute({
    method: 'post', path: '/flows/{flowId}/versions', permission: 'flows:write', tag: 'versions', status: 201,
    summary: 'Add a version (import Flow JSON); validated, errors come back as problems with line and column (422). Without endpointConfig the new version keeps the previous version\'s endpoint configuration; null removes it. The answer reports how the endpoint configuration fits the Flow (endpoint)',
    body: addVersionBody,
    response: { type: 'object', properties: { version: versionView.json, warnings: { type: 'array' }, endpoint: endpointReportJson } },
    async handle({ auth, deps, params, body }) {
      const flow = await deps.storage.flows.find(auth.workspaceId, params['flowId'] ?? '');
      if (flow === undefined) return notFound('flow');
      const now = deps.now();
      const checked = checkFlowInput(body, now);
      if (!checked.ok) return checked.response;
      // A new version keeps its endpoint unless the caller changes it (inherited in the storage transaction).
      const endpointConfig = body.endpointConfig === undefined ? INHERIT_ENDPOINT_CONFIG : body.endpointConfig;
      const added = await deps.storage.flows.addVersion(auth.workspaceId, flow.id, { ...checked.value, endpointConfig, createdAt: now, createdBy: auth.actor });
      if (!added.ok) return notFound('flow');
      const endpoint = toEndpointReportView(endpointReport(added.value.flowJson, added.value.endpointConfig));
      return ok({ version: toVersionView(added.value, flow.publishedVersion), warnings: checked.value.warnings, endpoint }, 201);
    },
  }),
  defineRoute({
    method: 'get', path: '/flows/{flowId}/versions/{version}', permission: 'flows:read', tag: 'versions', summary: 'Get a version with its Flow JSON',
    response: versionView.json,
    async handle({ auth, deps, params }) {
      const flow = await deps.storage.flows.find(auth.workspaceId, params['flowId'] ?? '');
      const number = versionParam(params['version']);
      const version = flow === undefined || number === undefined ? undefined : await deps.storage.flows.findVersion(auth.workspaceId, flow.id, number);
      if (flow === undefined || version === undefined) return notFound('flow version');
      return ok(toVersionView(version, flow.publishedVersion));
    },
  }),
  defineRoute({
    method: 'get', path: '/flows/{flowId}/versions/{version}/endpoint-config', permission: 'flows:read', tag: 'versions',
    summary: 'The declarative endpoint configuration of a version (null for a static Flow or a code-defined endpoint)',
    async handle({ auth, deps, params }) {
      const number = versionParam(params['version']);
      const version = number === undefined ? undefined : await deps.storage.flows.findVersion(auth.workspaceId, params['flowId'] ?? '', number);
      if (version === undefined) return notFound('flow version');
      return ok({ flowId: version.flowId, version: version.number, endpointConfig: version.endpointConfig ?? null });
    },
  }),
  defineRoute({
    method: 'post', path: '/flows/{flowId}/endpoint-config/check', permission: 'flows:read', tag: 'versions',
    summary: 'Check a declarative endpoint configuration against a Flow JSON (default: the latest version\'s) without saving: why the Flow needs an endpoint, whether it could be published, and each mismatch with its screens and data models',
    body: checkEndpointConfigBody,
    response: endpointReportJson,
    async handle({ auth, deps, params, body }) {
      let flowJson: string;
      if (body.flowJson !== undefined) {
        flowJson = typeof body.flowJson === 'string' ? body.flowJson : JSON.stringify(body.flowJson);
      } else {
        const latest = await deps.storage.flows.findLatestVersion(auth.workspaceId, params['flowId'] ?? '');
        if (latest === undefined) return notFound('flow version');
        flowJson = latest.flowJson;
      }
      return ok(toEndpointReportView(endpointReport(flowJson, body.endpointConfig)));
    },
  }),
  defineRoute({
    method: 'get', path: '/flows/{flowId}/export', permission: 'flows:read', tag: 'versions',
    summary: 'Export a version\'s Flow JSON as a file (default: the published version, else the latest)',
    query: exportVersionQuery,
    response: { type: 'object', description: 'the Flow JSON document' },
    async handle({ auth, deps, params, query }) {
      const flowId = params['flowId'] ?? '';
      const flows = deps.storage.flows;
      const version = query.version !== undefined
        ? await flows.findVersion(auth.workspaceId, flowId, query.version)
        : (await flows.findPublishedVersion(auth.workspaceId, flowId)) ?? (await flows.findLatestVersion(auth.workspaceId, flowId));
      if (version === undefined) return notFound('flow version');
      return {
        ok: true,
        status: 200,
        body: version.flowJson,
        contentType: 'application/json; charset=utf-8',
        headers: { 'content-disposition': `attachment; filename="${flowId}.v${version.number}.flow.json"` },
      };
    },
  }),
  defineRoute({
    method: 'get', path: '/flows/{flowId}/diff', permission: 'flows:read', tag: 'versions',
    summary: 'A readable diff of two versions: a unified line diff of the pretty-printed Flow JSON and a summary of screens and components added, removed and changed',
    query: versionDiffQuery,
    async handle({ auth, deps, params, query }) {
      const flowId = params['flowId'] ?? '';
      const [from, to] = await Promise.all([
        deps.storage.flows.findVersion(auth.workspaceId, flowId, query.from),
        deps.storage.flows.findVersion(auth.workspaceId, flowId, query.to),
      ]);
      if (from === undefined || to === undefined) return notFound('flow version');
      return ok({ flowId, from: from.number, to: to.number, ...diffFlowVersions(from.flowJson, to.flowJson) });
    },
  }),
];
