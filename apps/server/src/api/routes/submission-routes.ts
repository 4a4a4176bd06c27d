import { fail, notFound, ok } from '../api-response.js';
import { defineRoute, type ApiRoute } from '../define-route.js';
import { MAX_PAGE_WINDOW, pageQuery, toPage, toPageWindow } from '../paginate.js';
import { object, oneOf, optional, string } from '../schema.js';
import { pageOf, submissionView, toDeliveryView, toSubmissionView } from '../views.js';

/** Submissions: list with filters, and one with the actions it caused. */
export const submissionRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get', path: '/submissions', permission: 'submissions:read', tag: 'submissions',
    summary: 'List submissions, newest first; filter by Flow, contract status (valid, invalid) and contact',
    query: object({ ...pageQuery, flowId: optional(string()), status: optional(oneOf(['valid', 'invalid'])), contactId: optional(string()) }),
    response: pageOf(submissionView),
    async handle({ auth, deps, query }) {
      const window = toPageWindow(query);
      if (!window.ok) return fail(400, 'INVALID_CURSOR', window.message);
      const ws = auth.workspaceId;
      let sendIds: Set<string> | undefined;
      if (query.contactId !== undefined) {
        sendIds = new Set((await deps.storage.sends.list(ws, { contactId: query.contactId, limit: MAX_PAGE_WINDOW })).map((s) => s.id));
      }
      const filtered = query.status !== undefined || sendIds !== undefined;
      const all = await deps.storage.submissions.list(ws, { ...(query.flowId === undefined ? {} : { flowId: query.flowId }), limit: filtered ? MAX_PAGE_WINDOW : window.fetch });
      const matching = all.filter(
        (s) => (query.status === undefined || s.contract.ok === (query.status === 'valid')) && (sendIds === undefined || (s.sendId !== null && sendIds.has(s.sendId))),
      );
      const page = toPage(matching, window);
      return ok({ items: page.items.map((s) => toSubmissionView(s)), nextCursor: page.nextCursor });
    },
  }),
  defineRoute({
    method: 'get', path: '/submissions/{submissionId}', permission: 'submissions:read', tag: 'submissions',
    summary: 'Get a submission with its contact and the actions (deliveries) it caused',
    async handle({ auth, deps, params }) {
      const submission = await deps.storage.submissions.find(auth.workspaceId, params['submissionId'] ?? '');
      if (submission === undefined) return notFound('submission');
      const send = submission.sendId === null ? undefined : await deps.storage.sends.find(auth.workspaceId, submission.sendId);
      const actions = await deps.storage.outbox.list(auth.workspaceId, { submissionId: submission.id, limit: 200 });
      return ok({ ...toSubmissionView(submission, send?.contactId ?? null), actions: actions.map(toDeliveryView) });
    },
  }),
];
