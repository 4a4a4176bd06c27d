import { renderAnswers, staticOptionLists, type RenderedAnswer } from '@flowline/core';
import type { Storage, Submission } from '@flowline/storage';
import { isAllowed } from './permissions.js';
import type { AuthContext } from './define-route.js';
import { toSubmissionView } from './views.js';

/** A submission view with its answers in the Flow version's words; sensitive fields masked for roles that may not read them. */
export type ReadableSubmissionView = Omit<ReturnType<typeof toSubmissionView>, 'readable'> & { readonly readable: readonly RenderedAnswer[] };

/** Whether a time zone name is one this runtime knows (bad ones fall back to UTC). */
function knownTimeZone(timeZone: string | undefined): string {
  if (timeZone === undefined) return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/**
 * Renders submissions for one request: each Flow version's JSON is read once. Roles without
 * `answers:sensitive` get the fields the Flow marks `sensitive` masked in `readable` and in the raw
 * `answers` alike, so the API never hands them what the studio hides.
 */
export function createSubmissionRenderer(storage: Storage, auth: AuthContext, timeZone?: string): (s: Submission, contactId?: string | null) => Promise<ReadableSubmissionView> {
  const versions = new Map<string, Promise<{ flowJson: unknown; dataOptions: ReadonlyMap<string, readonly unknown[]> } | undefined>>();
  const zone = knownTimeZone(timeZone);
  const showSensitive = isAllowed(auth.role, 'answers:sensitive');
  const versionOf = (flowId: string, version: number | null) => {
    const key = `${flowId}@${version ?? 'published'}`;
    let loading = versions.get(key);
    if (loading === undefined) {
      loading = (version === null ? storage.flows.findPublishedVersion(auth.workspaceId, flowId) : storage.flows.findVersion(auth.workspaceId, flowId, version)).then((found) => {
        if (found === undefined) return undefined;
        // The endpoint's static option lists give the titles of options it sends (docs/api.md, readable answers).
        const dataOptions = staticOptionLists(found.endpointConfig);
        try {
          return { flowJson: JSON.parse(found.flowJson) as unknown, dataOptions };
        } catch {
          return { flowJson: undefined, dataOptions };
        }
      });
      versions.set(key, loading);
    }
    return loading;
  };
  return async (submission, contactId) => {
    const version = await versionOf(submission.flowId, submission.version);
    const readable = renderAnswers(version?.flowJson, submission.answers, { timeZone: zone, showSensitive, ...(version === undefined ? {} : { dataOptions: version.dataOptions }) });
    const view = toSubmissionView(submission, contactId);
    const masked = readable.filter((r) => r.masked).map((r) => r.field);
    if (masked.length === 0 || typeof view.answers !== 'object' || view.answers === null || Array.isArray(view.answers)) return { ...view, readable };
    const answers: Record<string, unknown> = { ...(view.answers as Record<string, unknown>) };
    for (const field of masked) answers[field] = '••••';
    return { ...view, answers, readable };
  };
}
