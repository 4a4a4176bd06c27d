import { pageOf, readableAnswersQuery, submissionExportQuery, submissionListQuery, submissionView } from '@flowline/api-contract';
import { fail, notFound, ok } from '../api-response.js';
import { defineRoute, type ApiRoute } from '../define-route.js';
import { MAX_PAGE_WINDOW, toPage, toPageWindow } from '../paginate.js';
import { createSubmissionRenderer } from '../readable-answers.js';
import { exportSubmissions } from '../submission-export.js';
import { toDeliveryView } from '../views.js';

const EXPORT_CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson; charset=utf-8' } as const;

/** Submissions: list with filters, one with the actions it caused, and a Flow's submissions as a file. */
export const submissionRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get', path: '/flows/{flowId}/submissions/export', permission: 'submissions:read', tag: 'submissions',
    summary: 'Download a Flow\'s submissions, oldest first, as CSV (one column per answer-contract field, then other_answers) or JSON Lines; streamed, any size',
    query: submissionExportQuery,
    response: { type: 'string', description: 'CSV (RFC 4180, CRLF) or JSON Lines' },
    async handle({ auth, deps, params, query }) {
      const flowId = params['flowId'] ?? '';
      if ((await deps.storage.flows.find(auth.workspaceId, flowId)) === undefined) return notFound('flow');
      const since = query.since === undefined ? undefined : Date.parse(query.since);
      const until = query.until === undefined ? undefined : Date.parse(query.until);
      if (Number.isNaN(since) || Number.isNaN(until)) return fail(400, 'INVALID_QUERY', 'since and until must be ISO 8601 instants, e.g. 2026-12-01T00:00:00Z');
      const format = query.format ?? 'csv';
      const filter = {
        ...(since === undefined ? {} : { since }),
        ...(until === undefined ? {} : { until }),
        ...(query.status === undefined ? {} : { contractOk: query.status === 'valid' }),
      };
      return {
        ok: true,
        status: 200,
        body: await exportSubmissions(deps.storage, auth.workspaceId, flowId, format, filter),
        contentType: EXPORT_CONTENT_TYPES[format],
        headers: { 'content-disposition': `attachment; filename="${flowId}.submissions.${format}"`, 'cache-control': 'no-store' },
      };
    },
  }),
  defineRoute({
    method: 'get', path: '/submissions', permission: 'submissions:read', tag: 'submissions',
    summary: 'List submissions, newest first; filter by Flow, contract status (valid, invalid) and contact',
    query: submissionListQuery,
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
      const render = createSubmissionRenderer(deps.storage, auth, query.timeZone);
      const items = [];
      for (const submission of page.items) items.push(await render(submission));
      return ok({ items, nextCursor: page.nextCursor });
    },
  }),
  defineRoute({
    method: 'get', path: '/submissions/{submissionId}', permission: 'submissions:read', tag: 'submissions',
    summary: 'Get a submission with its contact and the actions (deliveries) it caused',
    query: readableAnswersQuery,
    async handle({ auth, deps, params, query }) {
      const submission = await deps.storage.submissions.find(auth.workspaceId, params['submissionId'] ?? '');
      if (submission === undefined) return notFound('submission');
      const send = submission.sendId === null ? undefined : await deps.storage.sends.find(auth.workspaceId, submission.sendId);
      const actions = await deps.storage.outbox.list(auth.workspaceId, { submissionId: submission.id, limit: 200 });
      const view = await createSubmissionRenderer(deps.storage, auth, query.timeZone)(submission, send?.contactId ?? null);
      return ok({ ...view, actions: actions.map(toDeliveryView) });
    },
  }),
];
