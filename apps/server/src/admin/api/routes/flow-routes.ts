import { contractQuery, createFlowBody, flowListQuery, flowStatusBody, flowView, pageOf, publishFlowBody, validateFlowBody, versionView } from '@flowline/api-contract';
import { deriveAnswerContract } from '@flowline/core';
import { fail, notFound, ok } from '../api-response.js';
import { checkFlowInput } from '../check-flow-input.js';
import { endpointReport, toEndpointReportView } from '../endpoint-report.js';
import { publishVersion } from '../publish-version.js';
import { defineRoute, type ApiRoute } from '../define-route.js';
import { loadTemplates, type FlowTemplate } from '../load-templates.js';
import { toPage, toPageWindow } from '../paginate.js';
import { toFlowView, toVersionView } from '../views.js';
import type { ApiDeps } from '../api-deps.js';

let defaultTemplates: readonly FlowTemplate[] | undefined;

/** The templates of the host, or the seed Flows (read once). */
export function templatesOf(deps: ApiDeps): readonly FlowTemplate[] {
  if (deps.templates !== undefined) return deps.templates;
  defaultTemplates ??= loadTemplates();
  return defaultTemplates;
}

/** Flows: list, create (from Flow JSON or a template), get, validate, templates, publish and status. */
export const flowRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get', path: '/templates', permission: 'flows:read', tag: 'flows', summary: 'List the templates a Flow can start from',
    response: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, dynamic: { type: 'boolean' } } } },
    handle: async ({ deps }) => ok(templatesOf(deps).map((t) => ({ id: t.id, name: t.name, dynamic: t.endpointConfig !== undefined }))),
  }),
  defineRoute({
    method: 'get', path: '/flows', permission: 'flows:read', tag: 'flows', summary: 'List Flows with their status and latest version',
    query: flowListQuery,
    response: pageOf(flowView),
    async handle({ auth, deps, query }) {
      const window = toPageWindow(query);
      if (!window.ok) return fail(400, 'INVALID_CURSOR', window.message);
      const flows = (await deps.storage.flows.list(auth.workspaceId)).filter((f) => query.status === undefined || f.status === query.status);
      const page = toPage(flows, window);
      const items = await Promise.all(page.items.map(async (f) => toFlowView(f, (await deps.storage.flows.findLatestVersion(auth.workspaceId, f.id))?.number ?? null)));
      return ok({ items, nextCursor: page.nextCursor });
    },
  }),
  defineRoute({
    method: 'post', path: '/flows', permission: 'flows:write', tag: 'flows', status: 201,
    summary: 'Create a Flow from Flow JSON (import) or from a template; its first version is validated; a template brings its endpoint configuration and routing rules',
    body: createFlowBody,
    response: { type: 'object', properties: { flow: flowView.json, version: versionView.json, warnings: { type: 'array' } } },
    async handle({ auth, deps, body }) {
      let input: { flowJson: string | Record<string, unknown>; endpointConfig?: unknown; policy?: unknown };
      let routingRules: FlowTemplate['routingRules'];
      if (body.template !== undefined) {
        if (body.flowJson !== undefined) return fail(400, 'VALIDATION_FAILED', 'give either template or flowJson, not both');
        const template = templatesOf(deps).find((t) => t.id === body.template);
        if (template === undefined) return fail(400, 'UNKNOWN_TEMPLATE', `no template "${body.template}"; see GET /api/v1/templates`);
        input = { flowJson: template.flowJson, ...(template.endpointConfig === undefined ? {} : { endpointConfig: template.endpointConfig }) };
        routingRules = template.routingRules;
      } else if (body.flowJson !== undefined) {
        input = { flowJson: body.flowJson, ...(body.endpointConfig === undefined ? {} : { endpointConfig: body.endpointConfig }) };
      } else {
        return fail(400, 'VALIDATION_FAILED', 'give template or flowJson');
      }
      if (body.policy !== undefined) input = { ...input, policy: body.policy };
      const now = deps.now();
      const checked = checkFlowInput(input, now);
      if (!checked.ok) return checked.response;
      const outcome = await deps.storage.transaction(async (tx) => {
        const created = await tx.flows.create(auth.workspaceId, { id: body.id, name: body.name, at: now, by: auth.actor });
        if (!created.ok) return created;
        const version = await tx.flows.addVersion(auth.workspaceId, body.id, { ...checked.value, createdAt: now, createdBy: auth.actor });
        if (!version.ok) throw new Error(`a Flow created in this transaction is missing: ${version.message}`);
        // A template's routing rules come with it: the ticket its description promises is opened.
        if (routingRules !== undefined) await tx.routingRules.replace(auth.workspaceId, body.id, routingRules, now);
        return { ok: true as const, flow: created.value, version: version.value };
      });
      if (!outcome.ok) {
        if (outcome.code === 'FLOW_EXISTS') return fail(409, 'FLOW_EXISTS', `a Flow "${body.id}" already exists`);
        return fail(400, outcome.code, outcome.message);
      }
      const endpoint = toEndpointReportView(endpointReport(outcome.version.flowJson, outcome.version.endpointConfig));
      return ok({ flow: toFlowView(outcome.flow, outcome.version.number), version: toVersionView(outcome.version, null), warnings: checked.value.warnings, endpoint }, 201);
    },
  }),
  defineRoute({
    method: 'get', path: '/flows/{flowId}', permission: 'flows:read', tag: 'flows', summary: 'Get a Flow with its status and latest version',
    response: flowView.json,
    async handle({ auth, deps, params }) {
      const flow = await deps.storage.flows.find(auth.workspaceId, params['flowId'] ?? '');
      if (flow === undefined) return notFound('flow');
      return ok(toFlowView(flow, (await deps.storage.flows.findLatestVersion(auth.workspaceId, flow.id))?.number ?? null));
    },
  }),
  defineRoute({
    method: 'post', path: '/flows/{flowId}/publish', permission: 'flows:publish', tag: 'flows',
    summary: 'Publish a version. Only an approved version (docs/governance.md), unless the workspace does not require review; an admin may publish any valid version in an emergency, giving the reason (recorded). Re-validated now: a version frozen since it was saved is refused; a Flow that needs a data endpoint and has none, or whose endpoint configuration does not fit its screens, is refused with the reason',
    body: publishFlowBody,
    response: flowView.json,
    handle: ({ auth, deps, params, body }) => publishVersion(deps, auth, params['flowId'] ?? '', body.version, body.emergency === undefined ? {} : { emergency: body.emergency }),
  }),
  defineRoute({
    method: 'post', path: '/flows/{flowId}/status', permission: 'flows:publish', tag: 'flows',
    summary: 'Change a Flow\'s status (deprecate, throttle, block, back to draft); publishing is POST /publish',
    body: flowStatusBody,
    response: flowView.json,
    async handle({ auth, deps, params, body }) {
      const flowId = params['flowId'] ?? '';
      const now = deps.now();
      const changed = await deps.storage.transaction(async (tx) => {
        const result = await tx.flows.setStatus(auth.workspaceId, flowId, body.status, { at: now, by: auth.actor });
        // A deprecated Flow's live version is deprecated in its review too.
        if (result.ok && body.status === 'deprecated' && result.value.publishedVersion !== null) {
          await tx.governance.step(auth.workspaceId, flowId, result.value.publishedVersion, { kind: 'deprecate', actor: auth.actor, role: auth.role, at: now }, (review) => ({ ok: true, state: review.state === 'published' ? 'deprecated' : review.state }));
        }
        return result;
      });
      if (!changed.ok) return notFound('flow');
      return ok(toFlowView(changed.value, (await deps.storage.flows.findLatestVersion(auth.workspaceId, flowId))?.number ?? null));
    },
  }),
  defineRoute({
    method: 'post', path: '/validate', permission: 'flows:read', tag: 'flows', summary: 'Validate Flow JSON text (with an optional policy) without saving it',
    body: validateFlowBody,
    response: { type: 'object', properties: { valid: { type: 'boolean' }, errors: { type: 'array' }, warnings: { type: 'array' } } },
    async handle({ deps, body }) {
      const checked = checkFlowInput(body.policy === undefined ? { flowJson: body.flowJson } : { flowJson: body.flowJson, policy: body.policy }, deps.now());
      if (checked.ok) return ok({ valid: true, errors: [], warnings: checked.value.warnings });
      const { response } = checked;
      if (!response.ok && response.code === 'INVALID_FLOW_JSON') return ok({ valid: false, ...(response.details as object) });
      return response;
    },
  }),
  defineRoute({
    method: 'get', path: '/flows/{flowId}/contract', permission: 'flows:read', tag: 'flows',
    summary: 'The answer contract (JSON Schemas of the completion payload and data exchanges) of a version (default: latest)',
    query: contractQuery,
    async handle({ auth, deps, params, query }) {
      const flowId = params['flowId'] ?? '';
      const version = query.version === undefined
        ? await deps.storage.flows.findLatestVersion(auth.workspaceId, flowId)
        : await deps.storage.flows.findVersion(auth.workspaceId, flowId, query.version);
      if (version === undefined) return notFound('flow version');
      return ok({ flowId, version: version.number, contract: deriveAnswerContract(JSON.parse(version.flowJson) as unknown) });
    },
  }),
];
