import { pageQuery } from '../page.js';
import { object, oneOf, optional, string, type Infer } from '../schema.js';

/** The reader's IANA time zone for dates in `readable` (default UTC; an unknown name reads as UTC). */
export const readableTimeZone = string({ maxLength: 64, description: 'IANA time zone for dates in readable answers (default UTC)' });

/** The query of a route that answers readable answers: the reader's time zone. */
export const readableAnswersQuery = object({ timeZone: optional(readableTimeZone) });
/** What a route answering readable answers reads from its query. */
export type ReadableAnswersQuery = Infer<typeof readableAnswersQuery>;

/** An ISO 8601 instant of a query. */
function instantQuery(description: string) {
  return optional(string({ maxLength: 40, format: 'date-time', description }));
}

/** The query of `GET /flows/{flowId}/submissions/export`: the file's format and which submissions. */
export const submissionExportQuery = object({
  format: optional(oneOf(['csv', 'jsonl'], 'csv (default) or jsonl')),
  since: instantQuery('received at or after this instant (ISO 8601)'),
  until: instantQuery('received before this instant (ISO 8601)'),
  status: optional(oneOf(['valid', 'invalid'], 'only answers that met (valid) or broke (invalid) the answer contract')),
});
/** What `GET /flows/{flowId}/submissions/export` reads from its query. */
export type SubmissionExportQuery = Infer<typeof submissionExportQuery>;

/** The query of `GET /submissions`: a page, filtered by Flow, contract status and contact. */
export const submissionListQuery = object({ ...pageQuery, flowId: optional(string()), status: optional(oneOf(['valid', 'invalid'])), contactId: optional(string()), timeZone: optional(readableTimeZone) });
/** What `GET /submissions` reads from its query. */
export type SubmissionListQuery = Infer<typeof submissionListQuery>;
