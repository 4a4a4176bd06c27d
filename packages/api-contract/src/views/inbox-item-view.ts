import { integer, nullable, object, oneOf, string, unknownValue, type Infer } from '../schema.js';
import { epochMs, INBOX_ITEM_STATUSES } from './vocabulary.js';

/** The two kinds of inbox item: a ticket routed to a queue, or an answer that broke its contract. */
export const INBOX_ITEM_KINDS = ['ticket', 'exception'] as const;

/** An inbox item (ticket or contract exception). */
export const inboxItemView = object({
  id: string(),
  kind: oneOf(INBOX_ITEM_KINDS),
  queue: string(),
  priority: integer(),
  assignee: nullable(string()),
  status: oneOf(INBOX_ITEM_STATUSES),
  title: string(),
  body: unknownValue(),
  submissionId: nullable(string()),
  contactId: nullable(string()),
  createdAt: epochMs(),
  updatedAt: epochMs(),
  resolvedAt: nullable(epochMs()),
});
/** An inbox item as the API answers it. */
export type InboxItemView = Infer<typeof inboxItemView>;
