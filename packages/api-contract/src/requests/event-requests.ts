import { pageQuery } from '../page.js';
import { type Infer, object, oneOf, optional, string } from '../schema.js';
import { EVENT_TYPES } from '../views/vocabulary.js';
import { epochMsQuery } from './time-query.js';

/** The query of `GET /events`: a page, filtered by Flow, type, send and time range. */
export const eventListQuery = object({
  ...pageQuery,
  flowId: optional(string()),
  type: optional(oneOf(EVENT_TYPES)),
  sendId: optional(string()),
  from: epochMsQuery('start of the range (epoch ms)'),
  to: epochMsQuery('end of the range (epoch ms, exclusive)'),
});
/** What the route reads from it. */
export type EventListQuery = Infer<typeof eventListQuery>;
