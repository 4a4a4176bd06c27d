import { pageQuery } from '../page.js';
import { type Infer, integer, object, optional, string } from '../schema.js';
import { epochMsQuery } from './time-query.js';

/** The query of `GET /flows/{flowId}/metrics`: version, time range and language. */
export const flowMetricsQuery = object({
  version: optional(integer({ minimum: 1, fromString: true })), from: epochMsQuery('start of the range (epoch ms)'), to: epochMsQuery('end of the range (epoch ms, exclusive)'),
  language: optional(string({ minLength: 2, maxLength: 35, description: 'only the sends made in this language (a BCP 47 tag such as es or pt-BR, docs/localization.md); the endpoint figures stay those of every language' })),
});
/** What the route reads from it. */
export type FlowMetricsQuery = Infer<typeof flowMetricsQuery>;

/** The query of `GET /traces`: a page, filtered by Flow and time. */
export const traceListQuery = object({ ...pageQuery, flowId: optional(string()), since: epochMsQuery('only requests at or after this time (epoch ms)') });
/** What the route reads from it. */
export type TraceListQuery = Infer<typeof traceListQuery>;
