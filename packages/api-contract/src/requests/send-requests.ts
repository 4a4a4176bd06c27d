import { pageQuery } from '../page.js';
import { integer, object, oneOf, optional, record, string, type Infer } from '../schema.js';

/** The body of `POST /sends`: a Flow to send to a contact, and how. */
export const sendFlowBody = object({
  flowId: string({ minLength: 1 }),
  contactId: string({ minLength: 1 }),
  version: optional(integer({ minimum: 1 })),
  channel: optional(oneOf(['sandbox', 'whatsapp'])),
  kind: optional(oneOf(['interactive', 'template'])),
  template: optional(object({ name: string({ minLength: 1 }), language: string({ minLength: 2 }) })),
  mode: optional(oneOf(['draft', 'published'])),
  action: optional(oneOf(['navigate', 'data_exchange'])),
  screen: optional(string()),
  data: optional(record()),
  cta: optional(string({ maxLength: 30 })),
  header: optional(string({ maxLength: 60 })),
  body: optional(string({ maxLength: 1024 })),
  footer: optional(string({ maxLength: 60 })),
  language: optional(string({ minLength: 2, maxLength: 35, description: 'the customer\'s language over the contact\'s; the Flow\'s fallback applies when it has no such complete language (docs/localization.md)' })),
});
/** What `POST /sends` takes. */
export type SendFlowBody = Infer<typeof sendFlowBody>;

/** The query of `GET /sends`: a page, filtered by Flow or contact. */
export const sendListQuery = object({ ...pageQuery, flowId: optional(string()), contactId: optional(string()) });
/** What `GET /sends` reads from its query. */
export type SendListQuery = Infer<typeof sendListQuery>;
