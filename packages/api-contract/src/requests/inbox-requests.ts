import { pageQuery } from '../page.js';
import { type Infer, integer, nullable, object, oneOf, optional, string } from '../schema.js';

/** The query of `GET /inbox`: a page, filtered by queue, status, assignee and kind. */
export const inboxListQuery = object({ ...pageQuery, queue: optional(string()), status: optional(oneOf(['open', 'pending', 'resolved'])), assignee: optional(string()), kind: optional(oneOf(['ticket', 'exception'])) });
/** What the route reads from it. */
export type InboxListQuery = Infer<typeof inboxListQuery>;

/** The body of `POST /inbox/{itemId}/assign`: the operator, or null to unassign. */
export const assignInboxItemBody = object({ assignee: nullable(string({ minLength: 1, maxLength: 200 })) });
/** What the route reads from it. */
export type AssignInboxItemBody = Infer<typeof assignInboxItemBody>;

/** The body of `POST /inbox/{itemId}/resolve`: an optional note. */
export const resolveInboxItemBody = optional(object({ note: optional(string({ maxLength: 2000 })) }));
/** What the route reads from it. */
export type ResolveInboxItemBody = Infer<typeof resolveInboxItemBody>;

/** The body of `POST /inbox/{itemId}/reroute`: the new queue, priority and why. */
export const rerouteInboxItemBody = object({ queue: string({ minLength: 1, maxLength: 100 }), priority: optional(integer({ minimum: 0, maximum: 100 })), reason: optional(string({ maxLength: 2000 })) });
/** What the route reads from it. */
export type RerouteInboxItemBody = Infer<typeof rerouteInboxItemBody>;
