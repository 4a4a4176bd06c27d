import { integer, nullable, object, oneOf, optional, string, type Infer } from '../schema.js';
import { CONVERSATION_STATES } from '../views/vocabulary.js';

/** The query of `GET /conversations`: filtered by state or owner. */
export const conversationListQuery = object({ state: optional(oneOf(CONVERSATION_STATES)), assignee: optional(string()), limit: optional(integer({ minimum: 1, maximum: 500, fromString: true })) });
/** What `GET /conversations` reads from its query. */
export type ConversationListQuery = Infer<typeof conversationListQuery>;

/** The body of `PATCH /conversations/{contactId}`: the owner (null unassigns) and/or the state. */
export const updateConversationBody = object({ assignee: optional(nullable(string({ minLength: 1, maxLength: 200 }))), state: optional(oneOf(CONVERSATION_STATES)) });
/** What `PATCH /conversations/{contactId}` takes. */
export type UpdateConversationBody = Infer<typeof updateConversationBody>;

/** The body of `POST /conversations/{contactId}/messages`: an operator's reply. */
export const replyBody = object({ text: string({ minLength: 1, maxLength: 4096 }) });
/** What `POST /conversations/{contactId}/messages` takes. */
export type ReplyBody = Infer<typeof replyBody>;

/** The body of `POST /quick-replies` and `PUT /quick-replies/{replyId}`: a saved reply an operator picks. */
export const quickReplyBody = object({ title: string({ minLength: 1, maxLength: 80 }), text: string({ minLength: 1, maxLength: 4096 }) });
/** What a quick reply route takes. */
export type QuickReplyBody = Infer<typeof quickReplyBody>;
