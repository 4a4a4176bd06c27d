import { createTemplateBody, findingsQuery, importMetaFlowBody, linkMetaFlowBody, metaPreviewQuery, publishMetaFlowBody, pushMetaFlowBody, saveConnectionBody, templateListQuery } from '@flowline/api-contract';
import { parseLanguageTag } from '@flowline/core';
import { fail, ok, type ApiResponse } from '../api-response.js';
import { checkFlowInput } from '../check-flow-input.js';
import { metaPublishGate } from '../publish-version.js';
import type { ApiDeps } from '../api-deps.js';
import type { AuthContext } from '../define-route.js';
import { defineRoute, type ApiRoute } from '../define-route.js';
import type { WhatsAppService } from '../../../messaging/whatsapp/create-whatsapp.js';
import type { LifecycleFailure } from '../../../messaging/whatsapp/meta-flow-lifecycle.js';

const NOT_WIRED = fail(503, 'WHATSAPP_NOT_AVAILABLE', 'WhatsApp on Meta is not wired in this server');
const KEYS_NOT_WIRED = fail(503, 'KEY_ROTATION_NOT_AVAILABLE', 'this server has no endpoint key ring to rotate');

/** Runs a handler with the WhatsApp service, or answers 503 when the host has none. */
function withWhatsApp(deps: ApiDeps, run: (whatsapp: WhatsAppService) => Promise<ApiResponse>): Promise<ApiResponse> {
  return deps.whatsapp === undefined ? Promise.resolve(NOT_WIRED) : run(deps.whatsapp);
}

/** A lifecycle failure as an API error; Meta's fields (code, fbtrace_id) go in the details. */
function toFailure(result: LifecycleFailure): ApiResponse {
  const graph = result.graph;
  return fail(result.status, result.code, result.message, graph === undefined ? undefined : {
    graph: { kind: graph.kind, retry: graph.retry, status: graph.status, code: graph.code, subcode: graph.subcode, type: graph.type, fbtraceId: graph.fbtraceId, message: graph.graphMessage },
  });
}

async function audit(deps: ApiDeps, auth: AuthContext, action: string, targetId: string, details?: Record<string, unknown>): Promise<void> {
  await deps.storage.audit.append(auth.workspaceId, { actor: auth.actor, action, targetType: 'whatsapp', targetId, ...(details === undefined ? {} : { details }), at: deps.now().getTime() });
}

const flowPath = (suffix: string) => `/flows/{flowId}/whatsapp${suffix}`;
/** A Flowline validation problem as the push answer places it. */
const toPlacedProblem = (p: { code: string; message: string; pointer: string; line: number; column: number }) => ({ code: p.code, message: p.message, pointer: p.pointer, line: p.line, column: p.column });

/** WhatsApp on Meta: the workspace's connection, key registration and each Flow's life on Meta. */
export const whatsappRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get', path: '/whatsapp/connection', permission: 'whatsapp:read', tag: 'whatsapp',
    summary: 'The WhatsApp connection: WABA and phone number ids, Graph URL and version, which secrets are set (never the secrets) and the key status',
    handle: ({ auth, deps }) => withWhatsApp(deps, async (w) => ok(await w.connections.view(auth.workspaceId))),
  }),
  defineRoute({
    method: 'put', path: '/whatsapp/connection', permission: 'whatsapp:manage', tag: 'whatsapp',
    summary: 'Save the WhatsApp connection; secrets are encrypted at rest, a secret left out keeps the stored one and null clears it',
    body: saveConnectionBody,
    handle: ({ auth, deps, body }) => withWhatsApp(deps, async (w) => {
      const before = await w.connections.view(auth.workspaceId);
      const saved = await w.connections.save(auth.workspaceId, body);
      if (!saved.ok) return fail(saved.status, saved.code, saved.message);
      // Before and after as the connection view shows them: which secrets are set, never the secrets.
      await deps.storage.audit.append(auth.workspaceId, {
        actor: auth.actor, action: 'whatsapp.connection.save', targetType: 'whatsapp', targetId: body.phoneNumberId, at: deps.now().getTime(), before, after: saved.view,
        details: { wabaId: body.wabaId, secrets: { accessToken: body.accessToken !== undefined, appSecret: body.appSecret !== undefined, webhookVerifyToken: body.webhookVerifyToken !== undefined } },
      });
      return ok(saved.view);
    }),
  }),
  defineRoute({
    method: 'delete', path: '/whatsapp/connection', permission: 'whatsapp:manage', tag: 'whatsapp', status: 204,
    summary: 'Forget the saved WhatsApp connection (the environment bootstrap, if any, applies again)',
    handle: ({ auth, deps }) => withWhatsApp(deps, async (w) => {
      const before = await w.connections.view(auth.workspaceId);
      if (!(await w.connections.remove(auth.workspaceId))) return fail(404, 'NOT_FOUND', 'no WhatsApp connection is saved');
      await deps.storage.audit.append(auth.workspaceId, { actor: auth.actor, action: 'whatsapp.connection.delete', targetType: 'whatsapp', targetId: auth.workspaceId, before, at: deps.now().getTime() });
      return ok(null, 204);
    }),
  }),
  defineRoute({
    method: 'post', path: '/whatsapp/connection/check', permission: 'whatsapp:manage', tag: 'whatsapp',
    summary: 'Check the connection against Graph: token, WABA, phone number and registered key, each with a plain-words verdict',
    handle: ({ auth, deps }) => withWhatsApp(deps, async (w) => ok(await w.connections.check(auth.workspaceId))),
  }),
  defineRoute({
    method: 'post', path: '/whatsapp/keys/register', permission: 'whatsapp:manage', tag: 'whatsapp',
    summary: 'Upload the endpoint public key to the phone number (whatsapp_business_encryption) and read back its signature status',
    handle: ({ auth, deps }) => withWhatsApp(deps, async (w) => {
      const result = await w.lifecycle.registerKey(auth.workspaceId);
      if (!result.ok) return toFailure(result);
      await audit(deps, auth, 'whatsapp.key.register', auth.workspaceId, { signatureStatus: result.signatureStatus });
      return ok({ signatureStatus: result.signatureStatus, matches: result.matches });
    }),
  }),
  defineRoute({
    method: 'get', path: '/whatsapp/keys', permission: 'whatsapp:read', tag: 'whatsapp',
    summary: 'The key registered for the phone number on Meta: its signature status and whether it is this server\'s key',
    handle: ({ auth, deps }) => withWhatsApp(deps, async (w) => {
      const result = await w.lifecycle.readKey(auth.workspaceId);
      return result.ok ? ok({ signatureStatus: result.signatureStatus, matches: result.matches }) : toFailure(result);
    }),
  }),
  defineRoute({
    method: 'get', path: '/whatsapp/alerts', permission: 'whatsapp:read', tag: 'whatsapp',
    summary: 'The workspace\'s WhatsApp alerts for the dashboard, newest first: every Flow\'s active Meta health alerts (kind alert: ENDPOINT_ERROR_RATE, ENDPOINT_LATENCY, ENDPOINT_AVAILABILITY, CLIENT_ERROR_RATE, FLOW_VERSION_EXPIRY_WARNING) and each Flow whose Meta Flow is THROTTLED or BLOCKED (kind status)',
    handle: ({ auth, deps }) => withWhatsApp(deps, async (w) => ok({ items: await w.lifecycle.workspaceAlerts(auth.workspaceId) })),
  }),
  defineRoute({
    method: 'get', path: '/whatsapp/keys/rotation', permission: 'whatsapp:read', tag: 'whatsapp',
    summary: 'The endpoint keys in force: the current key (fingerprint and public key), a rotation under way, and the previous keys that still decrypt until their grace period ends',
    handle: ({ deps }) => withWhatsApp(deps, async (w) => (w.keys === undefined ? KEYS_NOT_WIRED : ok(w.keys.view()))),
  }),
  defineRoute({
    method: 'post', path: '/whatsapp/keys/rotate', permission: 'whatsapp:manage', tag: 'whatsapp',
    summary: 'Rotate the endpoint key: generate a new pair, register its public key with the phone number, make it current; the previous key keeps decrypting for FLOWLINE_KEY_ROTATION_GRACE_HOURS. If Meta refuses the key, nothing changes',
    handle: ({ auth, deps }) => withWhatsApp(deps, async (w) => {
      if (w.keys === undefined) return KEYS_NOT_WIRED;
      const result = await w.keys.rotate(auth.workspaceId);
      if (!result.ok) return toFailure(result);
      await audit(deps, auth, 'whatsapp.key.rotate', auth.workspaceId, { current: result.rotation.current.fingerprint, previous: result.previous.fingerprint, previousRetiresAt: result.previous.retiresAt });
      return ok({ rotation: result.rotation, previous: result.previous, signatureStatus: result.signatureStatus });
    }),
  }),
  defineRoute({
    method: 'get', path: '/whatsapp/findings', permission: 'whatsapp:read', tag: 'whatsapp',
    summary: 'Fidelity findings: where Meta\'s Flow JSON validator and Flowline\'s disagreed on an upload, newest first',
    query: findingsQuery,
    handle: ({ auth, deps, query }) => withWhatsApp(deps, async () => ok({
      items: await deps.storage.whatsapp.listFindings(auth.workspaceId, { ...(query.flowId === undefined ? {} : { flowId: query.flowId }), limit: query.limit ?? 50 }),
    })),
  }),
  defineRoute({
    method: 'post', path: '/whatsapp/templates', permission: 'whatsapp:manage', tag: 'whatsapp', status: 201,
    summary: 'Create a message template whose FLOW button starts a Flow: its current Meta Flow in the template\'s language (a template in one of the Flow\'s translated languages opens that language\'s own Meta Flow when it has one, else the source\'s; template.flowLanguage says which). Meta reviews it (PENDING first)',
    body: createTemplateBody,
    handle: ({ auth, deps, body }) => withWhatsApp(deps, async (w) => {
      const result = await w.templates.create(auth.workspaceId, body);
      if (!result.ok) return toFailure(result);
      await audit(deps, auth, 'whatsapp.template.create', body.name, { language: body.language, flowId: body.flowId, graphTemplateId: result.template.graphTemplateId, graphFlowId: result.template.graphFlowId, flowLanguage: result.template.flowLanguage });
      return ok({ template: result.template }, 201);
    }),
  }),
  defineRoute({
    method: 'get', path: '/whatsapp/templates', permission: 'whatsapp:read', tag: 'whatsapp',
    summary: 'The FLOW-button templates made through Flowline with Meta\'s review status (refresh=true reads it from Meta first) and flowLanguage, the language of the Flow build each button opens',
    query: templateListQuery,
    handle: ({ auth, deps, query }) => withWhatsApp(deps, async (w) => {
      const result = await w.templates.list(auth.workspaceId, query.refresh ?? false);
      return result.ok ? ok({ items: result.templates }) : toFailure(result);
    }),
  }),
  defineRoute({
    method: 'delete', path: '/whatsapp/templates/{name}', permission: 'whatsapp:manage', tag: 'whatsapp',
    summary: 'Delete a template (every language of its name) on Meta and here',
    handle: ({ auth, deps, params }) => withWhatsApp(deps, async (w) => {
      const name = params['name'] ?? '';
      const result = await w.templates.remove(auth.workspaceId, name);
      if (!result.ok) return toFailure(result);
      await audit(deps, auth, 'whatsapp.template.delete', name);
      return ok({ deleted: result.deleted });
    }),
  }),
  defineRoute({
    method: 'get', path: '/whatsapp/flows', permission: 'whatsapp:read', tag: 'whatsapp',
    summary: 'The Flows on the WABA (every page) beside Flowline\'s: in_sync, drifted (Meta\'s flow.json differs from the version uploaded, with the first differing pointer), unchecked, meta_only (importable) or missing_on_meta',
    handle: ({ auth, deps }) => withWhatsApp(deps, async (w) => {
      const result = await w.sync.list(auth.workspaceId);
      return result.ok ? ok({ items: result.items }) : toFailure(result);
    }),
  }),
  defineRoute({
    method: 'post', path: '/whatsapp/flows/{graphFlowId}/import', permission: 'whatsapp:manage', tag: 'whatsapp', status: 201,
    summary: 'Import a Flow that exists only on Meta: its flow.json becomes version 1 of a new Flowline Flow (a draft in Flowline), linked to the Meta Flow',
    body: importMetaFlowBody,
    handle: ({ auth, deps, params, body }) => withWhatsApp(deps, async (w) => {
      const graphFlowId = params['graphFlowId'] ?? '';
      if (!/^\d{1,32}$/.test(graphFlowId)) return fail(400, 'VALIDATION_FAILED', 'graphFlowId must be a Meta Flow id (digits)');
      const fetched = await w.sync.fetchForImport(auth.workspaceId, graphFlowId);
      if (!fetched.ok) return toFailure(fetched);
      const now = deps.now();
      // Checked like any Flow JSON given to POST /flows: Meta's own validator may have let through what Flowline refuses.
      const checked = checkFlowInput({ flowJson: fetched.flowJson }, now);
      if (!checked.ok) return checked.response;
      const name = body.name ?? fetched.name.slice(0, 200);
      const created = await deps.storage.transaction(async (tx) => {
        const flow = await tx.flows.create(auth.workspaceId, { id: body.id, name, at: now, by: auth.actor });
        if (!flow.ok) return flow;
        const version = await tx.flows.addVersion(auth.workspaceId, body.id, { ...checked.value, createdAt: now, createdBy: auth.actor });
        if (!version.ok) throw new Error(`a Flow created in this transaction is missing: ${version.message}`);
        return { ok: true as const, flow: flow.value, version: version.value };
      });
      if (!created.ok) return created.code === 'FLOW_EXISTS' ? fail(409, 'FLOW_EXISTS', `a Flow "${body.id}" already exists`) : fail(400, created.code, created.message);
      const meta = await w.sync.recordImport(auth.workspaceId, { graphFlowId, flowId: body.id, name: fetched.name, status: fetched.status, version: created.version.number });
      await audit(deps, auth, 'whatsapp.flow.import', body.id, { graphFlowId, metaStatus: fetched.status });
      return ok({ flowId: body.id, name, version: created.version.number, meta, warnings: checked.value.warnings }, 201);
    }),
  }),
  defineRoute({
    method: 'get', path: flowPath(''), permission: 'whatsapp:read', tag: 'whatsapp',
    summary: 'The Flow on Meta: the Meta Flow sends use, each language\'s Meta Flow and what its sends open (languages: source first, then each translated language with its current Meta Flow and sendsOpen), the history of its Meta ids with status, language and validation errors (a retiring one with retiringAt and openSends, the customers still in it), fidelity findings, active health alerts and why sends are refused (sendRefusal)',
    handle: ({ auth, deps, params }) => withWhatsApp(deps, async (w) => {
      const flowId = params['flowId'] ?? '';
      if ((await deps.storage.flows.find(auth.workspaceId, flowId)) === undefined) return fail(404, 'NOT_FOUND', 'Flow not found');
      return ok(await w.lifecycle.status(auth.workspaceId, flowId));
    }),
  }),
  defineRoute({
    method: 'post', path: flowPath('/link'), permission: 'whatsapp:manage', tag: 'whatsapp',
    summary: 'Link an existing Meta Flow (made in Meta\'s builder) to this Flow',
    body: linkMetaFlowBody,
    handle: ({ auth, deps, params, body }) => withWhatsApp(deps, async (w) => {
      const result = await w.lifecycle.link(auth.workspaceId, params['flowId'] ?? '', body.graphFlowId);
      if (!result.ok) return toFailure(result);
      await audit(deps, auth, 'whatsapp.flow.link', params['flowId'] ?? '', { graphFlowId: body.graphFlowId });
      return ok({ meta: result.meta });
    }),
  }),
  defineRoute({
    method: 'post', path: flowPath('/push'), permission: 'whatsapp:manage', tag: 'whatsapp',
    summary: 'Upload a version (default the latest) as flow.json to the Flow\'s Meta draft, creating the Meta Flow when needed (a version that uses the data endpoint first sets the draft\'s endpoint_uri when Meta has none or another: endpointUriSet); Meta\'s validation errors come back beside Flowline\'s. Then each translated language whose translation is complete for the version goes to its own Meta Flow ("<Name> (es)"); languages lists each as pushed, skipped (incomplete: never a half-translated Flow on Meta) or failed',
    body: pushMetaFlowBody,
    handle: ({ auth, deps, params, body }) => withWhatsApp(deps, async (w) => {
      const flowId = params['flowId'] ?? '';
      const result = await w.lifecycle.push(auth.workspaceId, flowId, { ...(body?.version === undefined ? {} : { version: body.version }), ...(body?.categories === undefined ? {} : { categories: body.categories }) });
      if (!result.ok) return toFailure(result);
      await audit(deps, auth, 'whatsapp.flow.push', flowId, {
        graphFlowId: result.meta.graphFlowId, version: result.meta.version, metaErrors: result.metaValidationErrors.length,
        ...(result.endpointUriSet === null ? {} : { endpointUriSet: result.endpointUriSet }),
        ...(result.languages.length === 0 ? {} : { languages: result.languages.map((l) => ({ language: l.language, outcome: l.outcome, ...(l.outcome === 'pushed' ? { graphFlowId: l.meta.graphFlowId } : {}) })) }),
      });
      return ok({
        meta: result.meta, created: result.created, valid: result.metaValidationErrors.length === 0, endpointUriSet: result.endpointUriSet,
        metaValidationErrors: result.metaValidationErrors,
        flowlineErrors: result.flowlineErrors.map(toPlacedProblem),
        findings: result.findings,
        languages: result.languages.map((l) => (l.outcome === 'pushed'
          ? { language: l.language, outcome: l.outcome, meta: l.meta, created: l.created, valid: l.metaValidationErrors.length === 0, endpointUriSet: l.endpointUriSet, metaValidationErrors: l.metaValidationErrors, flowlineErrors: l.flowlineErrors.map(toPlacedProblem), findings: l.findings }
          : l)),
      });
    }),
  }),
  defineRoute({
    method: 'post', path: flowPath('/publish'), permission: 'whatsapp:manage', tag: 'whatsapp',
    summary: 'Publish the Flow\'s pushed draft on Meta, then each translated language\'s draft of the same version (languages: published, skipped or failed), and move sends to the new Meta ids; each Meta Flow published before, of every language, is deprecated at once (deprecated) when no customer is in it, else it is retiring (retiring, with its open sends) until its last open send is done or older than FLOWLINE_FLOW_TOKEN_DAYS. With no source draft, the language drafts of the live version are published (a retry). Only when the version in the draft is approved (docs/governance.md), unless the workspace does not require review or an admin publishes in an emergency with a reason',
    body: publishMetaFlowBody,
    handle: ({ auth, deps, params, body }) => withWhatsApp(deps, async (w) => {
      const flowId = params['flowId'] ?? '';
      const gate = await metaPublishGate(deps, auth, flowId, body?.emergency);
      if (gate !== undefined) return gate;
      const result = await w.lifecycle.publish(auth.workspaceId, flowId);
      if (!result.ok) return toFailure(result);
      await audit(deps, auth, 'whatsapp.flow.publish', flowId, {
        graphFlowId: result.meta.graphFlowId, version: result.meta.version, deprecated: result.deprecated, retiring: result.retiring.map((r) => r.graphFlowId),
        ...(result.languages.length === 0 ? {} : { languages: result.languages.map((l) => ({ language: l.language, outcome: l.outcome, ...(l.outcome === 'published' ? { graphFlowId: l.meta.graphFlowId } : {}) })) }),
        ...(body?.emergency === undefined ? {} : { emergency: true, reason: body.emergency.reason }),
      });
      return ok({ meta: result.meta, deprecated: result.deprecated, retiring: result.retiring, warnings: result.warnings, languages: result.languages });
    }),
  }),
  defineRoute({
    method: 'post', path: flowPath('/deprecate'), permission: 'whatsapp:manage', tag: 'whatsapp',
    summary: 'Deprecate the Flow\'s published Meta Flows (no sends afterwards; Meta cannot undo it)',
    handle: ({ auth, deps, params }) => withWhatsApp(deps, async (w) => {
      const flowId = params['flowId'] ?? '';
      const result = await w.lifecycle.deprecate(auth.workspaceId, flowId);
      if (!result.ok) return toFailure(result);
      await audit(deps, auth, 'whatsapp.flow.deprecate', flowId, { deprecated: result.deprecated });
      return ok({ deprecated: result.deprecated });
    }),
  }),
  defineRoute({
    method: 'delete', path: flowPath('/draft'), permission: 'whatsapp:manage', tag: 'whatsapp',
    summary: 'Delete the Flow\'s drafts on Meta, the source\'s and each language\'s (Meta deletes drafts only): deleted is the first (the source\'s when it has one), languages the language drafts deleted',
    handle: ({ auth, deps, params }) => withWhatsApp(deps, async (w) => {
      const flowId = params['flowId'] ?? '';
      const result = await w.lifecycle.deleteDraft(auth.workspaceId, flowId);
      if (!result.ok) return toFailure(result);
      await audit(deps, auth, 'whatsapp.flow.delete_draft', flowId, { graphFlowId: result.deleted, ...(result.languages.length === 0 ? {} : { languages: result.languages }) });
      return ok({ deleted: result.deleted, languages: result.languages });
    }),
  }),
  defineRoute({
    method: 'get', path: flowPath('/preview'), permission: 'whatsapp:read', tag: 'whatsapp',
    summary: 'Meta\'s preview link of the newest Meta Flow (public, valid 30 days; invalidate=true makes a new one); language=es previews that language\'s own Meta Flow',
    query: metaPreviewQuery,
    handle: ({ auth, deps, params, query }) => withWhatsApp(deps, async (w) => {
      const language = query.language === undefined ? null : parseLanguageTag(query.language);
      if (language === undefined) return fail(400, 'VALIDATION_FAILED', `language "${query.language ?? ''}" is not a language tag such as es or pt-BR`);
      const result = await w.lifecycle.preview(auth.workspaceId, params['flowId'] ?? '', query.invalidate ?? false, language);
      return result.ok ? ok({ graphFlowId: result.graphFlowId, previewUrl: result.previewUrl, expiresAt: result.expiresAt ?? null }) : toFailure(result);
    }),
  }),
  defineRoute({
    method: 'get', path: flowPath('/health'), permission: 'whatsapp:read', tag: 'whatsapp',
    summary: 'Meta\'s status and health_status of the Meta Flow sends use (AVAILABLE / LIMITED / BLOCKED, with reasons)',
    handle: ({ auth, deps, params }) => withWhatsApp(deps, async (w) => {
      const result = await w.lifecycle.health(auth.workspaceId, params['flowId'] ?? '');
      return result.ok ? ok({ meta: result.meta, health: result.health }) : toFailure(result);
    }),
  }),
];
