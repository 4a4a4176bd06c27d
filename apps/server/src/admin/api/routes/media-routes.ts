import { array, mediaView, object, type MediaView } from '@flowline/api-contract';
import { Readable } from 'node:stream';
import type { Media } from '@flowline/storage';
import { mediaResponseHeaders } from '../../../messaging/media/media-disposition.js';
import { fail, notFound, ok, type ApiResponse } from '../api-response.js';
import type { ApiDeps } from '../api-deps.js';
import { defineRoute, type ApiRoute, type AuthContext } from '../define-route.js';
import { createSubmissionRenderer } from '../readable-answers.js';

/** Converts a stored file to its API shape (its content URL only once it is stored). */
export function toMediaView(m: Media): MediaView {
  return {
    id: m.id, submissionId: m.submissionId, field: m.field, index: m.index, fileName: m.fileName, mimeType: m.mimeType, size: m.size, sha256: m.sha256,
    status: m.status, error: m.error, contentUrl: m.status === 'stored' ? `/api/v1/media/${m.id}/content` : null, createdAt: m.createdAt,
  };
}

/** The fields of a submission this caller may not see (sensitive in the Flow, role without answers:sensitive). */
async function hiddenFields(deps: ApiDeps, auth: AuthContext, submissionId: string): Promise<Set<string> | undefined> {
  const submission = await deps.storage.submissions.find(auth.workspaceId, submissionId);
  if (submission === undefined) return undefined;
  const view = await createSubmissionRenderer(deps.storage, auth)(submission);
  return new Set(view.readable.filter((r) => r.masked).map((r) => r.field));
}

/** The files of PhotoPicker/DocumentPicker answers: a submission's list, and one file's bytes. */
export const mediaRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get', path: '/submissions/{submissionId}/media', permission: 'submissions:read', tag: 'submissions',
    summary: 'List the files of a submission (PhotoPicker/DocumentPicker answers), fetched by the worker; files of sensitive fields only for roles that may read them',
    response: object({ items: array(mediaView) }).json,
    async handle({ auth, deps, params }) {
      const submissionId = params['submissionId'] ?? '';
      const hidden = await hiddenFields(deps, auth, submissionId);
      if (hidden === undefined) return notFound('submission');
      const media = await deps.storage.media.listForSubmission(auth.workspaceId, submissionId);
      return ok({ items: media.filter((m) => !hidden.has(m.field)).map(toMediaView) });
    },
  }),
  defineRoute({
    method: 'get', path: '/media/{mediaId}/content', permission: 'submissions:read', tag: 'submissions',
    summary: "Download one file of a submission: images inline, every other type as an attachment (never rendered as a page)",
    response: { type: 'string', format: 'binary', description: 'the decrypted file, as the customer sent it' },
    async handle({ auth, deps, params }) {
      const media = await deps.storage.media.find(auth.workspaceId, params['mediaId'] ?? '');
      if (media === undefined) return notFound('media');
      const hidden = await hiddenFields(deps, auth, media.submissionId);
      // A sandbox upload no answer attached yet is no submission's file.
      if (hidden === undefined) return notFound('media');
      if (hidden.has(media.field)) return fail(403, 'FORBIDDEN', 'this file answers a field the Flow marks sensitive');
      return serveMedia(deps, media);
    },
  }),
];

/** The bytes of a stored file, with the headers that keep a customer's file from running anything (docs/media.md). */
export async function serveMedia(deps: ApiDeps, media: Media): Promise<ApiResponse> {
  if (media.status !== 'stored' || media.storageKey === null) return fail(409, 'MEDIA_NOT_STORED', `the file was not stored: ${media.error ?? 'not fetched yet'}`);
  if (deps.mediaStore === undefined) return fail(503, 'MEDIA_STORE_UNAVAILABLE', 'no media store is configured in this process');
  const object = await deps.mediaStore.get(media.storageKey);
  if (object === undefined) return fail(410, 'MEDIA_GONE', 'the file is no longer in the media store');
  const { contentType, headers } = mediaResponseHeaders(media.mimeType, media.fileName, object.size);
  return { ok: true, status: 200, body: Readable.toWeb(object.body), contentType, headers };
}
