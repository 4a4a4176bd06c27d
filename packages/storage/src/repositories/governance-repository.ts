import type { Role } from './api-tokens-repository.js';
import { createAuditLogRepository } from './audit-log-repository.js';
import type { VersionReviewTable } from '../database.js';
import { inTransaction, type Backend, type Executor } from '../dialect/executor.js';
import { toEpochMs, type Instant } from '../instant.js';
import { fromJsonText, fromOptionalJsonText, toJsonText } from '../dialect/json-text.js';
import { newId } from '../new-id.js';
import { fail, succeed, type StorageResult } from '../storage-result.js';

/** Where a Flow version stands in its review; a version never submitted is a `draft`. */
export type ReviewState = 'draft' | 'in_review' | 'changes_requested' | 'approved' | 'published' | 'deprecated';

/** Every review state, in lifecycle order. */
export const REVIEW_STATES: readonly ReviewState[] = ['draft', 'in_review', 'changes_requested', 'approved', 'published', 'deprecated'];

/** What can happen to a version in its review. */
export type ReviewEventKind = 'submit' | 'approve' | 'request_changes' | 'comment' | 'publish' | 'emergency_publish' | 'rollback' | 'supersede' | 'deprecate';

/** A workspace's review rules. */
export interface GovernanceSettings {
  /** Whether a version must be approved before it is published (in Flowline and on Meta). */
  reviewRequired: boolean;
  /** How many distinct approvers (other than the author and the submitter) a version needs: 1 or 2. */
  approvalsRequired: number;
  /** The roles whose approval counts. */
  approverRoles: Role[];
  updatedAt: number | null;
  updatedBy: string | null;
}

/** The settings of a workspace that never changed them: review on, one approval, by a reviewer or an admin. */
export const DEFAULT_GOVERNANCE: GovernanceSettings = { reviewRequired: true, approvalsRequired: 1, approverRoles: ['reviewer', 'admin'], updatedAt: null, updatedBy: null };

/** The review of one version. */
export interface VersionReview {
  workspaceId: string;
  flowId: string;
  version: number;
  state: ReviewState;
  submittedBy: string | null;
  submittedAt: number | null;
  updatedAt: number | null;
}

/** One step of a review: who did what (and said what) to which version, when. */
export interface ReviewEvent {
  id: string;
  flowId: string;
  version: number;
  kind: ReviewEventKind;
  actor: string;
  role: string;
  body: string | null;
  details: unknown;
  at: number;
}

/** What the caller supplies for a step. */
export interface ReviewEventInput {
  kind: ReviewEventKind;
  actor: string;
  role: string;
  body?: string;
  details?: unknown;
  at: Instant;
}

/** The decision of a step, taken with the review row locked: the state after it, or a refusal. */
export type ReviewDecision = { ok: true; state: ReviewState } | { ok: false; code: string; message: string };

/** Review settings, version reviews and their steps, scoped by workspace; every change is audited with its before and after. */
export interface GovernanceRepository {
  settings(workspaceId: string): Promise<GovernanceSettings>;
  saveSettings(workspaceId: string, settings: Pick<GovernanceSettings, 'reviewRequired' | 'approvalsRequired' | 'approverRoles'>, change: { at: Instant; by: string }): Promise<GovernanceSettings>;
  /** The review of a version (a `draft` without steps when none was ever recorded). */
  findReview(workspaceId: string, flowId: string, version: number): Promise<VersionReview>;
  listReviews(workspaceId: string, flowId: string): Promise<VersionReview[]>;
  listEvents(workspaceId: string, flowId: string, version: number): Promise<ReviewEvent[]>;
  /**
   * Records one step atomically: locks the version's review, lets `decide` choose the state after it from
   * the review and its steps so far, then stores the step, the new state and an audit entry. A refusal
   * stores nothing.
   */
  step(workspaceId: string, flowId: string, version: number, event: ReviewEventInput, decide: (review: VersionReview, events: readonly ReviewEvent[]) => ReviewDecision): Promise<StorageResult<{ review: VersionReview; event: ReviewEvent }, string>>;
}

function toReview(row: VersionReviewTable): VersionReview {
  return {
    workspaceId: row.workspace_id,
    flowId: row.flow_id,
    version: row.version,
    state: REVIEW_STATES.find((s) => s === row.state) ?? 'draft',
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at,
    updatedAt: row.updated_at,
  };
}

const draftOf = (workspaceId: string, flowId: string, version: number): VersionReview => ({ workspaceId, flowId, version, state: 'draft', submittedBy: null, submittedAt: null, updatedAt: null });

/** Creates the governance repository over a database handle. */
export function createGovernanceRepository(db: Executor, backend: Backend): GovernanceRepository {
  const listEvents = async (tx: Executor, workspaceId: string, flowId: string, version: number): Promise<ReviewEvent[]> => {
    const rows = await tx
      .selectFrom('version_review_events')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('flow_id', '=', flowId)
      .where('version', '=', version)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      flowId: r.flow_id,
      version: r.version,
      // Boundary: kinds are only ever written from ReviewEventKind.
      kind: r.kind as ReviewEventKind,
      actor: r.actor,
      role: r.role,
      body: r.body,
      details: fromOptionalJsonText(r.details),
      at: r.at,
    }));
  };
  const settingsOf = async (tx: Executor, workspaceId: string): Promise<GovernanceSettings> => {
    const row = await tx.selectFrom('governance_settings').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
    if (row === undefined) return { ...DEFAULT_GOVERNANCE, approverRoles: [...DEFAULT_GOVERNANCE.approverRoles] };
    return {
      reviewRequired: row.review_required === 1,
      approvalsRequired: row.approvals_required,
      // Boundary: written from a Role[] by saveSettings.
      approverRoles: fromJsonText(row.approver_roles) as Role[],
      updatedAt: row.updated_at,
      updatedBy: row.updated_by,
    };
  };
  return {
    settings: (workspaceId) => settingsOf(db, workspaceId),

    saveSettings(workspaceId, settings, change) {
      const at = toEpochMs(change.at);
      return inTransaction(db, async (tx) => {
        const before = await settingsOf(tx, workspaceId);
        const row = {
          workspace_id: workspaceId,
          review_required: settings.reviewRequired ? 1 : 0,
          approvals_required: settings.approvalsRequired,
          approver_roles: toJsonText(settings.approverRoles),
          updated_at: at,
          updated_by: change.by,
        };
        await tx.insertInto('governance_settings').values(row).onConflict((oc) => oc.column('workspace_id').doUpdateSet({
          review_required: row.review_required, approvals_required: row.approvals_required, approver_roles: row.approver_roles, updated_at: at, updated_by: change.by,
        })).execute();
        const after = await settingsOf(tx, workspaceId);
        const pick = (s: GovernanceSettings) => ({ reviewRequired: s.reviewRequired, approvalsRequired: s.approvalsRequired, approverRoles: s.approverRoles });
        await createAuditLogRepository(tx).append(workspaceId, { actor: change.by, action: 'governance.settings', targetType: 'workspace', targetId: workspaceId, before: pick(before), after: pick(after), at });
        return after;
      });
    },

    async findReview(workspaceId, flowId, version) {
      const row = await db.selectFrom('version_reviews').selectAll().where('workspace_id', '=', workspaceId).where('flow_id', '=', flowId).where('version', '=', version).executeTakeFirst();
      return row === undefined ? draftOf(workspaceId, flowId, version) : toReview(row);
    },

    async listReviews(workspaceId, flowId) {
      const rows = await db.selectFrom('version_reviews').selectAll().where('workspace_id', '=', workspaceId).where('flow_id', '=', flowId).orderBy('version').execute();
      return rows.map(toReview);
    },

    listEvents: (workspaceId, flowId, version) => listEvents(db, workspaceId, flowId, version),

    step(workspaceId, flowId, version, input, decide) {
      const at = toEpochMs(input.at);
      return inTransaction(db, async (tx) => {
        const exists = await tx.selectFrom('flow_versions').select('number').where('workspace_id', '=', workspaceId).where('flow_id', '=', flowId).where('number', '=', version).executeTakeFirst();
        if (exists === undefined) return fail('UNKNOWN_VERSION', `Flow ${flowId} has no version ${version}`);
        // The row exists before it is locked, so two reviewers acting at once are serialised on it.
        await tx.insertInto('version_reviews')
          .values({ workspace_id: workspaceId, flow_id: flowId, version, state: 'draft', submitted_by: null, submitted_at: null, updated_at: at })
          .onConflict((oc) => oc.columns(['workspace_id', 'flow_id', 'version']).doNothing())
          .execute();
        const row = await tx.selectFrom('version_reviews').selectAll()
          .where('workspace_id', '=', workspaceId).where('flow_id', '=', flowId).where('version', '=', version)
          .$if(backend === 'postgres', (q) => q.forUpdate())
          .executeTakeFirstOrThrow();
        const review = toReview(row);
        const decision = decide(review, await listEvents(tx, workspaceId, flowId, version));
        if (!decision.ok) return fail(decision.code, decision.message);
        const event: ReviewEvent = { id: newId(), flowId, version, kind: input.kind, actor: input.actor, role: input.role, body: input.body ?? null, details: input.details, at };
        await tx.insertInto('version_review_events').values({
          id: event.id, workspace_id: workspaceId, flow_id: flowId, version, kind: event.kind, actor: event.actor, role: event.role, body: event.body,
          details: input.details === undefined ? null : toJsonText(input.details), at,
        }).execute();
        const submitted = input.kind === 'submit' ? { submitted_by: input.actor, submitted_at: at } : {};
        const updated = await tx.updateTable('version_reviews').set({ state: decision.state, updated_at: at, ...submitted })
          .where('workspace_id', '=', workspaceId).where('flow_id', '=', flowId).where('version', '=', version)
          .returningAll().executeTakeFirstOrThrow();
        await createAuditLogRepository(tx).append(workspaceId, {
          actor: input.actor,
          action: `review.${input.kind}`,
          targetType: 'flow_version',
          targetId: `${flowId}@${version}`,
          details: { flowId, version, role: input.role, ...(input.body === undefined ? {} : { comment: input.body }), ...(input.details === undefined ? {} : { details: input.details }) },
          before: { state: review.state },
          after: { state: decision.state },
          at,
        });
        return succeed({ review: toReview(updated), event });
      });
    },
  };
}
