import { breakingChanges, deriveAnswerContract, diffAnswerContracts, fieldsReadByRule, type BreakingChange, type ContractChange, type RuleReads } from '@flowline/core';
import type { AuditEntry, FlowVersion, GovernanceSettings, ReviewDecision, ReviewEvent, ReviewState, Role, Storage, VersionReview } from '@flowline/storage';
import { fromStoredRoutingRule } from '../../messaging/pipeline/stored-routing-rule.js';
import { runFlowScenarios, type RunFlowScenariosDeps, type ScenarioRunReport } from '../scenarios/run-flow-scenarios.js';
import { diffFlowVersions, type FlowDiff } from './diff-flow-versions.js';
import { isAllowed } from './permissions.js';

/**
 * Review and approval of Flow versions (docs/governance.md): the decisions of each step, taken with the
 * version's review locked (GovernanceRepository.step), and what a reviewer sees.
 */

/** Who acts: the audit name, the role and the workspace's review settings. */
export interface Reviewer {
  readonly actor: string;
  readonly role: Role;
}

/** An override of the contract check: the reviewer approves although rules read a field the version breaks. */
export interface ContractOverride {
  readonly reason: string;
}

/** The approvals of the current round: distinct approvers since the version was last submitted. */
export function currentApprovals(events: readonly ReviewEvent[]): ReviewEvent[] {
  let start = 0;
  events.forEach((e, i) => {
    if (e.kind === 'submit') start = i + 1;
  });
  const seen = new Set<string>();
  return events.slice(start).filter((e) => e.kind === 'approve' && !seen.has(e.actor) && (seen.add(e.actor), true));
}

/** Submitting: from draft or after changes were requested. */
export function decideSubmit(review: VersionReview): ReviewDecision {
  if (review.state === 'draft' || review.state === 'changes_requested') return { ok: true, state: 'in_review' };
  return { ok: false, code: 'INVALID_TRANSITION', message: `version ${review.version} is ${review.state.replace('_', ' ')}; only a draft or a version with changes requested can be submitted` };
}

/**
 * Approving: only a version in review; never by its author or by whoever submitted it (four eyes); only
 * by a role the workspace lets approve; once per approver per round; refused while the version breaks a
 * field a routing rule or connector reads, unless the reviewer overrides with a reason.
 */
export function decideApprove(review: VersionReview, events: readonly ReviewEvent[], context: { reviewer: Reviewer; author: string; settings: GovernanceSettings; breaking: readonly BreakingChange[]; override: ContractOverride | undefined }): ReviewDecision {
  const { reviewer, author, settings } = context;
  if (review.state !== 'in_review') return { ok: false, code: 'INVALID_TRANSITION', message: `version ${review.version} is ${review.state.replace('_', ' ')}; only a version in review can be approved` };
  if (reviewer.actor === author || reviewer.actor === review.submittedBy) {
    return { ok: false, code: 'FOUR_EYES', message: 'the author or submitter of a version cannot approve it: someone else must review it' };
  }
  if (!settings.approverRoles.includes(reviewer.role)) {
    return { ok: false, code: 'ROLE_CANNOT_APPROVE', message: `in this workspace only ${settings.approverRoles.join(' or ')} may approve` };
  }
  const approvals = currentApprovals(events);
  if (approvals.some((a) => a.actor === reviewer.actor)) return { ok: false, code: 'ALREADY_APPROVED', message: 'you have already approved this version' };
  if (context.breaking.length > 0 && context.override === undefined) {
    const fields = context.breaking.map((b) => `${b.change.path} (read by ${[...new Set(b.readers.map((r) => r.ruleName))].join(', ')})`).join('; ');
    return { ok: false, code: 'CONTRACT_BREAKS_RULES', message: `this version breaks fields that routing rules or connectors read: ${fields}. Update the rules first, or approve with an override and its reason` };
  }
  return { ok: true, state: approvals.length + 1 >= settings.approvalsRequired ? 'approved' : 'in_review' };
}

/** Requesting changes: a version in review goes back to its author, by a role that may approve. */
export function decideRequestChanges(review: VersionReview, reviewer: Reviewer, settings: GovernanceSettings): ReviewDecision {
  if (review.state !== 'in_review') return { ok: false, code: 'INVALID_TRANSITION', message: `version ${review.version} is ${review.state.replace('_', ' ')}; changes can be requested only while it is in review` };
  if (!settings.approverRoles.includes(reviewer.role)) return { ok: false, code: 'ROLE_CANNOT_APPROVE', message: `in this workspace only ${settings.approverRoles.join(' or ')} may review` };
  return { ok: true, state: 'changes_requested' };
}

/** Whether a version may be published now, and how the step is recorded. */
export function decidePublish(review: VersionReview, settings: GovernanceSettings, emergency: { reason: string; role: Role } | undefined): ReviewDecision {
  if (review.state === 'approved' || review.state === 'published') return { ok: true, state: 'published' };
  if (!settings.reviewRequired) return { ok: true, state: 'published' };
  if (emergency !== undefined) {
    if (!isAllowed(emergency.role, 'flows:emergency-publish')) return { ok: false, code: 'FORBIDDEN', message: 'only an admin may publish in an emergency' };
    return { ok: true, state: 'published' };
  }
  return { ok: false, code: 'NOT_APPROVED', message: `version ${review.version} is ${review.state.replace('_', ' ')}: only an approved version can be published (an admin may publish in an emergency, with a reason)` };
}

/** The rules that apply to a Flow with the answer fields each reads. */
export async function ruleReads(storage: Storage, workspaceId: string, flowId: string): Promise<RuleReads[]> {
  const reads: RuleReads[] = [];
  for (const stored of await storage.routingRules.listForFlow(workspaceId, flowId)) {
    if (!stored.enabled) continue;
    const parsed = fromStoredRoutingRule(stored);
    if (parsed.ok) reads.push({ ruleId: stored.id, ruleName: stored.name, reads: fieldsReadByRule(parsed.rule) });
  }
  return reads;
}

function contractOf(flowJson: string) {
  try {
    return deriveAnswerContract(JSON.parse(flowJson) as unknown);
  } catch {
    return deriveAnswerContract(undefined);
  }
}

/** How a version's answer contract differs from the base's, and which changes break the rules that apply. */
export function contractImpact(base: FlowVersion | undefined, version: FlowVersion, rules: readonly RuleReads[]): { changes: ContractChange[]; breaking: BreakingChange[] } {
  if (base === undefined) return { changes: [], breaking: [] };
  const changes = diffAnswerContracts(contractOf(base.flowJson), contractOf(version.flowJson));
  return { changes, breaking: breakingChanges(changes, rules) };
}

/** The version a review compares with: the published one (or, for the published version itself, none). */
export async function baseVersion(storage: Storage, workspaceId: string, flowId: string, version: number): Promise<FlowVersion | undefined> {
  const published = await storage.flows.findPublishedVersion(workspaceId, flowId);
  return published === undefined || published.number === version ? undefined : published;
}

/** The version a rollback re-publishes: the most recently published version other than the live one that is still approved. */
export async function rollbackTarget(storage: Storage, workspaceId: string, flowId: string, live: number | null): Promise<number | undefined> {
  const reviews = await storage.governance.listReviews(workspaceId, flowId);
  let best: { version: number; at: number } | undefined;
  for (const review of reviews) {
    if (review.version === live || review.state !== 'approved') continue;
    const events = await storage.governance.listEvents(workspaceId, flowId, review.version);
    const lastPublish = events.filter((e) => e.kind === 'publish' || e.kind === 'emergency_publish' || e.kind === 'rollback').pop();
    if (lastPublish !== undefined && (best === undefined || lastPublish.at > best.at)) best = { version: review.version, at: lastPublish.at };
  }
  return best?.version;
}

/** What a reviewer sees for one version. */
export interface ReviewReport {
  readonly flowId: string;
  readonly version: number;
  readonly state: ReviewState;
  readonly author: string;
  readonly submittedBy: string | null;
  readonly submittedAt: number | null;
  readonly settings: { reviewRequired: boolean; approvalsRequired: number; approverRoles: readonly Role[] };
  readonly approvals: readonly { actor: string; role: string; at: number; override: string | null }[];
  readonly events: readonly ReviewEvent[];
  /** The published version compared with (null: nothing else is published). */
  readonly base: number | null;
  readonly diff: FlowDiff | null;
  readonly contract: { changes: readonly ContractChange[]; breaking: readonly BreakingChange[] };
  readonly routing: { rules: readonly RuleReads[]; changes: readonly Omit<AuditEntry, 'workspaceId'>[] };
  /** The Flow's scenario tests run against this version (none stored: total 0). */
  readonly scenarios: ScenarioRunReport;
}

/** Builds the review report of a version, running the Flow's scenario tests against it. */
export async function reviewReport(deps: RunFlowScenariosDeps, workspaceId: string, version: FlowVersion): Promise<ReviewReport> {
  const { storage } = deps;
  const flowId = version.flowId;
  const [review, events, settings, base, rules, scenarios] = await Promise.all([
    storage.governance.findReview(workspaceId, flowId, version.number),
    storage.governance.listEvents(workspaceId, flowId, version.number),
    storage.governance.settings(workspaceId),
    baseVersion(storage, workspaceId, flowId, version.number),
    ruleReads(storage, workspaceId, flowId),
    runFlowScenarios(deps, workspaceId, version),
  ]);
  // Routing changes since the compared version went live (or since this version was saved when nothing else is live).
  const basePublishedAt = base === undefined ? undefined : (await storage.governance.listEvents(workspaceId, flowId, base.number)).filter((e) => e.kind === 'publish' || e.kind === 'emergency_publish' || e.kind === 'rollback').pop()?.at;
  const since = basePublishedAt ?? base?.createdAt ?? version.createdAt;
  const routingChanges = (await storage.audit.list(workspaceId, { targetType: 'flow', targetId: flowId, action: 'routing.replace', from: since, limit: 50 })).map(({ workspaceId: _w, ...entry }) => entry);
  return {
    flowId,
    version: version.number,
    state: review.state,
    author: version.createdBy,
    submittedBy: review.submittedBy,
    submittedAt: review.submittedAt,
    settings: { reviewRequired: settings.reviewRequired, approvalsRequired: settings.approvalsRequired, approverRoles: settings.approverRoles },
    approvals: currentApprovals(events).map((e) => ({ actor: e.actor, role: e.role, at: e.at, override: overrideOf(e) })),
    events,
    base: base?.number ?? null,
    diff: base === undefined ? null : diffFlowVersions(base.flowJson, version.flowJson),
    contract: contractImpact(base, version, rules),
    routing: { rules, changes: routingChanges },
    scenarios,
  };
}

function overrideOf(event: ReviewEvent): string | null {
  const details = event.details;
  if (typeof details === 'object' && details !== null && 'override' in details) {
    const value = (details as { override: unknown }).override;
    return typeof value === 'string' ? value : null;
  }
  return null;
}
