import type { ReviewEventKind } from '@flowline/storage';
import type { ApiDeps } from './api-deps.js';
import { fail, notFound, ok, type ApiResponse } from './api-response.js';
import { checkFlowInput } from './check-flow-input.js';
import type { AuthContext } from './define-route.js';
import { endpointReport, publishBlock } from './endpoint-report.js';
import { decidePublish } from './governance.js';
import { toFlowView } from './views.js';

/** How a publish came about: an ordinary one, an admin's emergency (with its reason) or a rollback. */
export interface PublishMode {
  readonly emergency?: { readonly reason: string };
  /** Set for a rollback: the version live until now. */
  readonly rollbackFrom?: number | null;
  readonly reason?: string;
}

/**
 * Publishes a version in Flowline: re-validated now (a version frozen since it was saved is refused), its
 * endpoint configuration checked against its screens, then — in one transaction — the review gate (only an
 * approved version, unless the workspace does not require review or an admin publishes in an emergency),
 * the publish, its review step and the previous version's return to `approved`. A rollback also re-publishes
 * the version on Meta when the Flow is on Meta.
 */
export async function publishVersion(deps: ApiDeps, auth: AuthContext, flowId: string, number: number, mode: PublishMode): Promise<ApiResponse> {
  const ws = auth.workspaceId;
  const version = await deps.storage.flows.findVersion(ws, flowId, number);
  if (version === undefined) return (await deps.storage.flows.find(ws, flowId)) === undefined ? notFound('flow') : notFound('version');
  const checked = checkFlowInput({ flowJson: version.flowJson, ...(version.policy === undefined ? {} : { policy: version.policy }) }, deps.now());
  if (!checked.ok) return checked.response;
  // Handlers put in code (no stored version) serve the Flow whatever its stored configuration says.
  const served = deps.endpoint?.flows.find(flowId);
  const blocked = publishBlock(endpointReport(version.flowJson, version.endpointConfig), served !== undefined && served.version === undefined);
  if (blocked !== undefined) return blocked;
  const rollback = mode.rollbackFrom !== undefined;
  const kind: ReviewEventKind = rollback ? 'rollback' : mode.emergency !== undefined ? 'emergency_publish' : 'publish';
  const at = deps.now();
  const details = {
    ...(mode.emergency === undefined ? {} : { emergency: true, reason: mode.emergency.reason }),
    ...(rollback ? { rollbackFrom: mode.rollbackFrom ?? null } : {}),
    ...(mode.reason === undefined ? {} : { reason: mode.reason }),
  };
  const outcome = await deps.storage.transaction(async (tx) => {
    const settings = await tx.governance.settings(ws);
    const flow = await tx.flows.find(ws, flowId);
    const stepped = await tx.governance.step(ws, flowId, number, { kind, actor: auth.actor, role: auth.role, ...(mode.emergency === undefined ? {} : { body: mode.emergency.reason }), details, at },
      (review) => rollback && review.state !== 'approved'
        ? { ok: false, code: 'NOT_APPROVED', message: `version ${number} is not approved` }
        : decidePublish(review, settings, mode.emergency === undefined ? undefined : { reason: mode.emergency.reason, role: auth.role }));
    if (!stepped.ok) return stepped;
    const published = await tx.flows.publish(ws, flowId, number, { at, by: auth.actor, details });
    if (!published.ok) throw new Error(`a version found a moment ago is missing: ${published.message}`);
    const previous = flow?.publishedVersion ?? null;
    if (previous !== null && previous !== number) {
      // The version live until now stays approved: a rollback can bring it back.
      await tx.governance.step(ws, flowId, previous, { kind: 'supersede', actor: auth.actor, role: auth.role, details: { by: number }, at },
        (review) => ({ ok: true, state: review.state === 'published' ? 'approved' : review.state }));
    }
    return { ok: true as const, flow: published.value };
  });
  if (!outcome.ok) {
    const status = outcome.code === 'FORBIDDEN' ? 403 : 409;
    return fail(status, outcome.code, outcome.message);
  }
  const view = toFlowView(outcome.flow, (await deps.storage.flows.findLatestVersion(ws, flowId))?.number ?? null);
  if (!rollback) return ok(view);
  return ok({ flow: view, version: number, rolledBackFrom: mode.rollbackFrom ?? null, meta: await rollbackOnMeta(deps, auth, flowId, number) });
}

/**
 * A rollback on Meta, through the WhatsApp lifecycle, when the Flow has a live Meta Flow: the version is
 * pushed (a published Meta Flow is immutable, so it becomes a new Meta Flow) and published, which deprecates
 * the newer one. Null when the Flow is not on Meta; a failure is reported, not thrown (Flowline's rollback stands).
 */
async function rollbackOnMeta(deps: ApiDeps, auth: AuthContext, flowId: string, number: number): Promise<unknown> {
  const whatsapp = deps.whatsapp;
  if (whatsapp === undefined) return null;
  const history = await deps.storage.whatsapp.listMetaFlows(auth.workspaceId, flowId);
  if (!history.some((m) => m.status === 'PUBLISHED' || m.status === 'THROTTLED' || m.status === 'BLOCKED')) return null;
  const pushed = await whatsapp.lifecycle.push(auth.workspaceId, flowId, { version: number });
  if (!pushed.ok) return { ok: false, step: 'push', code: pushed.code, message: pushed.message };
  if (pushed.metaValidationErrors.length > 0) return { ok: false, step: 'push', code: 'META_VALIDATION_ERRORS', message: `Meta reported ${pushed.metaValidationErrors.length} validation error(s)` };
  const published = await whatsapp.lifecycle.publish(auth.workspaceId, flowId);
  if (!published.ok) return { ok: false, step: 'publish', code: published.code, message: published.message };
  await deps.storage.audit.append(auth.workspaceId, {
    actor: auth.actor, action: 'whatsapp.flow.publish', targetType: 'whatsapp', targetId: flowId,
    details: { graphFlowId: published.meta.graphFlowId, version: number, deprecated: published.deprecated, rollback: true }, at: deps.now(),
  });
  return { ok: true, graphFlowId: published.meta.graphFlowId, deprecated: published.deprecated, warnings: published.warnings };
}

/**
 * The review gate of a publish on Meta: the version in the Flow's Meta draft must be approved (or already
 * published in Flowline), unless the workspace does not require review or an admin publishes in an emergency.
 * Undefined when the publish may go ahead.
 */
export async function metaPublishGate(deps: ApiDeps, auth: AuthContext, flowId: string, emergency: { reason: string } | undefined): Promise<ApiResponse | undefined> {
  // The source draft: a language's draft holds the same version (pushed with it), or the live one's (a retry of its publish).
  const draft = (await deps.storage.whatsapp.listMetaFlows(auth.workspaceId, flowId)).find((m) => m.status === 'DRAFT' && m.language === null);
  // Nothing pushed: the lifecycle answers NOTHING_TO_PUBLISH itself.
  if (draft === undefined || draft.version === null) return undefined;
  // The version live in Flowline may go live on Meta too: customers already get it (a version published
  // before review existed, e.g. a seeded one, included).
  if ((await deps.storage.flows.find(auth.workspaceId, flowId))?.publishedVersion === draft.version) return undefined;
  const [settings, review] = await Promise.all([deps.storage.governance.settings(auth.workspaceId), deps.storage.governance.findReview(auth.workspaceId, flowId, draft.version)]);
  const decision = decidePublish(review, settings, emergency === undefined ? undefined : { reason: emergency.reason, role: auth.role });
  if (decision.ok) return undefined;
  return fail(decision.code === 'FORBIDDEN' ? 403 : 409, decision.code, `${decision.message} (the Meta draft holds version ${draft.version})`);
}
