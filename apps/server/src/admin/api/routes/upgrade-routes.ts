import { upgradeFlowBody } from '@flowline/api-contract';
import { findVersionFreezeStatus, isJsonObject, LATEST_FLOW_JSON_VERSION, upgradeFlow } from '@flowline/core';
import { INHERIT_ENDPOINT_CONFIG, type FlowVersion } from '@flowline/storage';
import { fail, notFound, ok } from '../api-response.js';
import { defineRoute, type ApiRoute } from '../define-route.js';
import { diffFlowVersions } from '../diff-flow-versions.js';


const problemJson = { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, pointer: { type: 'string' }, line: { type: 'integer' }, column: { type: 'integer' } } };
const upgradeJson = {
  type: 'object',
  description: 'the upgrade report (docs/upgrade.md): what was rewritten, what needs manual work, and the validation at the target',
  properties: {
    flowId: { type: 'string' },
    sourceVersion: { type: ['integer', 'null'], description: 'the stored version upgraded; null when flowJson was given' },
    from: { type: 'string', description: 'Flow JSON version of the source' },
    to: { type: 'string' },
    ok: { type: 'boolean', description: 'valid at the target and no issue of kind manual' },
    changes: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, pointer: { type: 'string' }, message: { type: 'string' }, step: { type: 'string' } } } },
    issues: { type: 'array', items: { type: 'object', properties: { kind: { type: 'string', enum: ['manual', 'notice'] }, code: { type: 'string' }, pointer: { type: 'string' }, message: { type: 'string' }, step: { type: 'string' }, validatorCode: { type: 'string' } } } },
    validation: { type: 'object', properties: { valid: { type: 'boolean' }, errors: { type: 'array', items: problemJson }, warnings: { type: 'array', items: problemJson } } },
    flowJson: { type: 'string', description: 'the upgraded document, pretty-printed' },
    diff: { type: 'object', description: 'as GET /flows/{flowId}/diff: unified line diff, stats and a structural summary' },
    savedVersion: { type: ['integer', 'null'], description: 'the new version when save was true' },
  },
};

/** Flow JSON version upgrades (preview and save as a new version) and the Flows on frozen versions. */
export const upgradeRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'post', path: '/flows/{flowId}/upgrade', permission: 'flows:write', tag: 'versions',
    summary: `Upgrade a version's Flow JSON (default: the latest) or the given flowJson to a newer Flow JSON version (default ${LATEST_FLOW_JSON_VERSION}): the report, the upgraded document and its diff. With save: true an upgrade needing no manual work is stored as a new version (keeping the endpoint configuration); otherwise 422 UPGRADE_NEEDS_MANUAL_WORK with the report`,
    body: upgradeFlowBody,
    response: upgradeJson,
    async handle({ auth, deps, params, body }) {
      const flow = await deps.storage.flows.find(auth.workspaceId, params['flowId'] ?? '');
      if (flow === undefined) return notFound('flow');
      let source: string;
      let sourceVersion: number | null = null;
      if (body.flowJson !== undefined) {
        source = typeof body.flowJson === 'string' ? body.flowJson : JSON.stringify(body.flowJson);
      } else {
        const stored: FlowVersion | undefined = body.version === undefined
          ? await deps.storage.flows.findLatestVersion(auth.workspaceId, flow.id)
          : await deps.storage.flows.findVersion(auth.workspaceId, flow.id, body.version);
        if (stored === undefined) return notFound('flow version');
        source = stored.flowJson;
        sourceVersion = stored.number;
      }
      let doc: unknown;
      try {
        doc = JSON.parse(source);
      } catch {
        return fail(422, 'INVALID_FLOW_JSON', 'the Flow JSON is not JSON; validate it for the position');
      }
      const now = deps.now();
      const result = upgradeFlow(doc, { to: body.to ?? LATEST_FLOW_JSON_VERSION, now });
      const report = { flowId: flow.id, sourceVersion, from: result.from, to: result.to, ok: result.ok, changes: result.changes, issues: result.issues };
      if (result.text === undefined || result.validation === undefined) {
        return fail(422, 'UPGRADE_REFUSED', result.issues[0]?.message ?? 'the document cannot be upgraded', report);
      }
      const validation = { valid: result.validation.valid, errors: result.validation.errors, warnings: result.validation.warnings };
      const answer = { ...report, validation, flowJson: result.text, diff: diffFlowVersions(source, result.text) };
      if (body.save !== true) return ok({ ...answer, savedVersion: null });
      if (!result.ok) {
        const manual = result.issues.filter((i) => i.kind === 'manual').length;
        return fail(422, 'UPGRADE_NEEDS_MANUAL_WORK', `the upgrade to ${result.to} needs manual work in ${manual} place(s) (first: ${result.issues.find((i) => i.kind === 'manual')?.message ?? ''}); not saved`, answer);
      }
      const added = await deps.storage.flows.addVersion(auth.workspaceId, flow.id, { flowJson: result.text, endpointConfig: INHERIT_ENDPOINT_CONFIG, createdAt: now, createdBy: auth.actor });
      if (!added.ok) return notFound('flow');
      return ok({ ...answer, savedVersion: added.value.number }, 201);
    },
  }),
  defineRoute({
    method: 'get', path: '/flow-json-versions', permission: 'flows:read', tag: 'flows',
    summary: 'The Flow JSON version of each Flow\'s latest and published version, with Meta\'s freeze status on the server\'s date: frozen (can no longer be published or updated) or freezing (a freeze date is announced)',
    response: {
      type: 'object',
      properties: {
        items: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              flowId: { type: 'string' }, name: { type: 'string' },
              latestVersion: { type: ['integer', 'null'] }, latestFlowJsonVersion: { type: ['string', 'null'] },
              publishedVersion: { type: ['integer', 'null'] }, publishedFlowJsonVersion: { type: ['string', 'null'] },
              freeze: { type: ['object', 'null'], description: 'the worst freeze status of the two: {kind: frozen|freezing, version, frozenOn, daysLeft?}' },
            },
          },
        },
      },
    },
    async handle({ auth, deps }) {
      const now = deps.now();
      const flows = await deps.storage.flows.list(auth.workspaceId);
      const items = [];
      for (const flow of flows) {
        const latest = await deps.storage.flows.findLatestVersion(auth.workspaceId, flow.id);
        const published = flow.publishedVersion === null ? undefined : flow.publishedVersion === latest?.number ? latest : await deps.storage.flows.findPublishedVersion(auth.workspaceId, flow.id);
        const latestJson = flowJsonVersionOf(latest);
        const publishedJson = flowJsonVersionOf(published);
        const statuses = [latestJson, publishedJson].flatMap((v) => (v === null ? [] : [findVersionFreezeStatus(v, now)])).filter((s) => s !== undefined);
        const freeze = statuses.find((s) => s.kind === 'frozen') ?? statuses[0] ?? null;
        items.push({ flowId: flow.id, name: flow.name, latestVersion: latest?.number ?? null, latestFlowJsonVersion: latestJson, publishedVersion: published?.number ?? null, publishedFlowJsonVersion: publishedJson, freeze });
      }
      return ok({ items });
    },
  }),
];

/** The `version` a stored Flow JSON declares (null when absent or unreadable). */
function flowJsonVersionOf(version: FlowVersion | undefined): string | null {
  if (version === undefined) return null;
  try {
    const doc: unknown = JSON.parse(version.flowJson);
    const value = isJsonObject(doc) ? doc['version'] : undefined;
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}
