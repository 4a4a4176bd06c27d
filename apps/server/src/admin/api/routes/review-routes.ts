import { APPROVER_ROLES, approveVersionBody, governanceSettingsBody, requestChangesBody, reviewCommentBody, rollbackBody, submitReviewBody } from '@flowline/api-contract';
import type { ApiDeps } from '../api-deps.js';
import { fail, notFound, ok, type ApiResponse } from '../api-response.js';
import { checkFlowInput } from '../check-flow-input.js';
import { defineRoute, type ApiRoute, type AuthContext } from '../define-route.js';
import { baseVersion, contractImpact, currentApprovals, decideApprove, decideRequestChanges, decideSubmit, reviewReport, rollbackTarget, ruleReads } from '../governance.js';
import { isAllowed } from '../permissions.js';
import { publishVersion } from '../publish-version.js';

const versionParam = (raw: string | undefined): number | undefined => (raw !== undefined && /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : undefined);
const reviewPath = (suffix: string) => `/flows/{flowId}/versions/{version}${suffix}`;

/** Finds the version a review route names, or answers 404. */
async function versionOf(deps: ApiDeps, auth: AuthContext, params: Readonly<Record<string, string>>) {
  const number = versionParam(params['version']);
  return number === undefined ? undefined : deps.storage.flows.findVersion(auth.workspaceId, params['flowId'] ?? '', number);
}

/** A refused step as an API answer: 404 for a missing version, 403 for four eyes and roles, 409 for the rest. */
function refused(result: { code: string; message: string }): ApiResponse {
  if (result.code === 'UNKNOWN_VERSION') return notFound('flow version');
  const status = result.code === 'FOUR_EYES' || result.code === 'ROLE_CANNOT_APPROVE' || result.code === 'FORBIDDEN' ? 403 : 409;
  return fail(status, result.code, result.message);
}

const stepResponse = { type: 'object', properties: { review: { type: 'object' }, event: { type: 'object' } } };

/** Review and approval of versions, comments, the workspace's review settings and rollback (docs/governance.md). */
export const reviewRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get', path: '/governance', permission: 'flows:read', tag: 'governance',
    summary: 'The workspace\'s review settings: whether a version must be approved before publishing, how many approvals it needs and which roles may approve',
    async handle({ auth, deps }) {
      const settings = await deps.storage.governance.settings(auth.workspaceId);
      return ok({ ...settings, approverRolesAllowed: APPROVER_ROLES });
    },
  }),
  defineRoute({
    method: 'put', path: '/governance', permission: 'governance:manage', tag: 'governance',
    summary: 'Change the review settings (audited with before and after)',
    body: governanceSettingsBody,
    async handle({ auth, deps, body }) {
      if (body.approverRoles.length === 0) return fail(400, 'VALIDATION_FAILED', 'name at least one role that may approve');
      const saved = await deps.storage.governance.saveSettings(auth.workspaceId, { ...body, approverRoles: [...new Set(body.approverRoles)] }, { at: deps.now(), by: auth.actor });
      return ok({ ...saved, approverRolesAllowed: APPROVER_ROLES });
    },
  }),
  defineRoute({
    method: 'get', path: '/flows/{flowId}/reviews', permission: 'flows:read', tag: 'governance',
    summary: 'The review state of each version of a Flow that has one (versions not listed are drafts)',
    async handle({ auth, deps, params }) {
      const flow = await deps.storage.flows.find(auth.workspaceId, params['flowId'] ?? '');
      if (flow === undefined) return notFound('flow');
      return ok({ items: (await deps.storage.governance.listReviews(auth.workspaceId, flow.id)).map(({ workspaceId: _w, ...r }) => r) });
    },
  }),
  defineRoute({
    method: 'get', path: reviewPath('/review'), permission: 'flows:read', tag: 'governance',
    summary: 'What a reviewer sees: the state, approvals and comments; the diff against the published version (Flow JSON, screens and components); the answer contract\'s changes with those that break routing rules or connectors; the routing rules\' changes; the Flow\'s scenario tests run against this version (pass or fail, the failing step and its message; in preview mode, nothing lasts); and what the caller may do now (can)',
    async handle({ auth, deps, params }) {
      const version = await versionOf(deps, auth, params);
      if (version === undefined) return notFound('flow version');
      const report = await reviewReport(deps, auth.workspaceId, version);
      const approved = report.state === 'approved' || report.state === 'published';
      const inReview = report.state === 'in_review';
      const mayApprove = isAllowed(auth.role, 'versions:approve') && report.settings.approverRoles.includes(auth.role);
      const ownWork = auth.actor === report.author || auth.actor === report.submittedBy;
      return ok({
        ...report,
        can: {
          submit: isAllowed(auth.role, 'versions:submit') && (report.state === 'draft' || report.state === 'changes_requested'),
          approve: mayApprove && inReview && !ownWork && !report.approvals.some((a) => a.actor === auth.actor),
          requestChanges: mayApprove && inReview,
          comment: isAllowed(auth.role, 'versions:comment'),
          publish: isAllowed(auth.role, 'flows:publish') && (approved || !report.settings.reviewRequired),
          emergencyPublish: isAllowed(auth.role, 'flows:emergency-publish') && report.settings.reviewRequired && !approved,
        },
        ...(ownWork && inReview ? { why: 'you wrote or submitted this version: someone else must approve it' } : {}),
      });
    },
  }),
  defineRoute({
    method: 'post', path: reviewPath('/submit'), permission: 'versions:submit', tag: 'governance',
    summary: 'Submit a version for review: it must have no validator errors and pass its policy (422 with the problems otherwise)',
    body: submitReviewBody,
    response: stepResponse,
    async handle({ auth, deps, params, body }) {
      const version = await versionOf(deps, auth, params);
      if (version === undefined) return notFound('flow version');
      const checked = checkFlowInput({ flowJson: version.flowJson, ...(version.policy === undefined ? {} : { policy: version.policy }) }, deps.now());
      if (!checked.ok) return checked.response;
      const result = await deps.storage.governance.step(auth.workspaceId, version.flowId, version.number, {
        kind: 'submit', actor: auth.actor, role: auth.role, ...(body?.comment === undefined ? {} : { body: body.comment }), details: { warnings: checked.value.warnings.length }, at: deps.now(),
      }, decideSubmit);
      return result.ok ? ok(result.value) : refused(result);
    },
  }),
  defineRoute({
    method: 'post', path: reviewPath('/approve'), permission: 'versions:approve', tag: 'governance',
    summary: 'Approve a version in review (not its author or submitter; only the roles the workspace names). Refused with CONTRACT_BREAKS_RULES while the version drops or changes a field a routing rule or connector reads, unless override.reason is given (recorded)',
    body: approveVersionBody,
    response: stepResponse,
    async handle({ auth, deps, params, body }) {
      const version = await versionOf(deps, auth, params);
      if (version === undefined) return notFound('flow version');
      const [settings, base, rules] = await Promise.all([
        deps.storage.governance.settings(auth.workspaceId),
        baseVersion(deps.storage, auth.workspaceId, version.flowId, version.number),
        ruleReads(deps.storage, auth.workspaceId, version.flowId),
      ]);
      const { breaking } = contractImpact(base, version, rules);
      const override = breaking.length > 0 ? body?.override : undefined;
      const result = await deps.storage.governance.step(auth.workspaceId, version.flowId, version.number, {
        kind: 'approve', actor: auth.actor, role: auth.role, ...(body?.comment === undefined ? {} : { body: body.comment }),
        ...(override === undefined ? {} : { details: { override: override.reason, breaking: breaking.map((b) => ({ change: b.change, rules: b.readers.map((r) => r.ruleName) })) } }),
        at: deps.now(),
      }, (review, events) => decideApprove(review, events, { reviewer: { actor: auth.actor, role: auth.role }, author: version.createdBy, settings, breaking, override }));
      if (!result.ok) {
        if (result.code === 'CONTRACT_BREAKS_RULES') return fail(409, result.code, result.message, { breaking });
        return refused(result);
      }
      const events = await deps.storage.governance.listEvents(auth.workspaceId, version.flowId, version.number);
      return ok({ ...result.value, approvals: currentApprovals(events).length, approvalsRequired: settings.approvalsRequired });
    },
  }),
  defineRoute({
    method: 'post', path: reviewPath('/request-changes'), permission: 'versions:approve', tag: 'governance',
    summary: 'Send a version in review back to its author with a comment saying what to change',
    body: requestChangesBody,
    response: stepResponse,
    async handle({ auth, deps, params, body }) {
      const version = await versionOf(deps, auth, params);
      if (version === undefined) return notFound('flow version');
      const settings = await deps.storage.governance.settings(auth.workspaceId);
      const result = await deps.storage.governance.step(auth.workspaceId, version.flowId, version.number, { kind: 'request_changes', actor: auth.actor, role: auth.role, body: body.comment, at: deps.now() },
        (review) => decideRequestChanges(review, { actor: auth.actor, role: auth.role }, settings));
      return result.ok ? ok(result.value) : refused(result);
    },
  }),
  defineRoute({
    method: 'post', path: reviewPath('/comments'), permission: 'versions:comment', tag: 'governance', status: 201,
    summary: 'Comment on a version (its state does not change)',
    body: reviewCommentBody,
    response: stepResponse,
    async handle({ auth, deps, params, body }) {
      const version = await versionOf(deps, auth, params);
      if (version === undefined) return notFound('flow version');
      const result = await deps.storage.governance.step(auth.workspaceId, version.flowId, version.number, { kind: 'comment', actor: auth.actor, role: auth.role, body: body.comment, at: deps.now() },
        (review) => ({ ok: true, state: review.state }));
      return result.ok ? ok(result.value, 201) : refused(result);
    },
  }),
  defineRoute({
    method: 'post', path: '/flows/{flowId}/rollback', permission: 'flows:publish', tag: 'governance',
    summary: 'Re-publish the previous approved version in one step (and on Meta too when the Flow is on Meta: that version is pushed as a new Meta Flow and published). Sessions already open on the newer version keep being answered with its own endpoint configuration',
    body: rollbackBody,
    async handle({ auth, deps, params, body }) {
      const flowId = params['flowId'] ?? '';
      const flow = await deps.storage.flows.find(auth.workspaceId, flowId);
      if (flow === undefined) return notFound('flow');
      const target = await rollbackTarget(deps.storage, auth.workspaceId, flowId, flow.publishedVersion);
      if (target === undefined) return fail(409, 'NOTHING_TO_ROLL_BACK', 'no earlier version of this Flow was approved and published');
      return publishVersion(deps, auth, flowId, target, { rollbackFrom: flow.publishedVersion, ...(body?.reason === undefined ? {} : { reason: body.reason }) });
    },
  }),
];
