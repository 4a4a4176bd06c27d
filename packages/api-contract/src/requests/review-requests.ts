import { array, boolean, integer, object, oneOf, optional, string, type Infer } from '../schema.js';
import { APPROVER_ROLES } from '../views/vocabulary.js';

/** The text of a review comment. */
const comment = (description: string) => string({ minLength: 1, maxLength: 4000, description });

/** The body of `PUT /governance`: the workspace's review settings. */
export const governanceSettingsBody = object({
  reviewRequired: boolean({ description: 'false lets any publisher publish any valid version (not recommended)' }),
  approvalsRequired: integer({ minimum: 1, maximum: 2, description: 'distinct approvers other than the author and the submitter' }),
  approverRoles: array(oneOf(APPROVER_ROLES), { maxItems: APPROVER_ROLES.length, description: 'roles whose approval counts' }),
});
/** What `PUT /governance` takes. */
export type GovernanceSettingsBody = Infer<typeof governanceSettingsBody>;

/** The body of `POST /flows/{flowId}/versions/{version}/submit` (optional): a note for the reviewer. */
export const submitReviewBody = optional(object({ comment: optional(comment('a note for the reviewer')) }));
/** What `POST /flows/{flowId}/versions/{version}/submit` takes. */
export type SubmitReviewBody = Infer<typeof submitReviewBody>;

/** The body of `POST /flows/{flowId}/versions/{version}/approve` (optional): a note, and the reason to approve a version that breaks fields. */
export const approveVersionBody = optional(object({ comment: optional(comment('a note')), override: optional(object({ reason: comment('why the version may break the fields named') })) }));
/** What `POST /flows/{flowId}/versions/{version}/approve` takes. */
export type ApproveVersionBody = Infer<typeof approveVersionBody>;

/** The body of `POST /flows/{flowId}/versions/{version}/request-changes`: what to change. */
export const requestChangesBody = object({ comment: comment('what to change') });
/** What `POST /flows/{flowId}/versions/{version}/request-changes` takes. */
export type RequestChangesBody = Infer<typeof requestChangesBody>;

/** The body of `POST /flows/{flowId}/versions/{version}/comments`: a comment on the review. */
export const reviewCommentBody = object({ comment: comment('the comment') });
/** What `POST /flows/{flowId}/versions/{version}/comments` takes. */
export type ReviewCommentBody = Infer<typeof reviewCommentBody>;

/** The body of `POST /flows/{flowId}/rollback` (optional): why. */
export const rollbackBody = optional(object({ reason: optional(comment('why')) }));
/** What `POST /flows/{flowId}/rollback` takes. */
export type RollbackBody = Infer<typeof rollbackBody>;
