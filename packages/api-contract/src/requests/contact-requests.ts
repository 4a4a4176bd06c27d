import { pageQuery } from '../page.js';
import { phoneNumber } from '../phone-number-schema.js';
import { array, boolean, nullable, object, optional, record, string, type Infer } from '../schema.js';

const tags = array(string({ minLength: 1, maxLength: 64 }), { maxItems: 100 });

/** The query of `GET /contacts`: a page, optionally of the contacts with a tag. */
export const contactListQuery = object({ ...pageQuery, tag: optional(string()) });
/** What `GET /contacts` reads from its query. */
export type ContactListQuery = Infer<typeof contactListQuery>;

/** The body of `POST /contacts`: a contact by phone (tags and fields are merged into an existing one). */
export const saveContactBody = object({ phone: phoneNumber(), name: optional(string({ maxLength: 200 })), tags: optional(tags), fields: optional(record()), optedIn: optional(boolean()), language: optional(nullable(string({ maxLength: 35 }))) });
/** What `POST /contacts` takes (`phone` as written; the parsed body holds it in E.164). */
export type SaveContactBody = Infer<typeof saveContactBody>;

/** The body of `PATCH /contacts/{contactId}`: what changes of a contact. */
export const updateContactBody = object({ name: optional(string({ maxLength: 200 })), tags: optional(tags), fields: optional(record()), optedIn: optional(boolean()), language: optional(nullable(string({ maxLength: 35 }))) });
/** What `PATCH /contacts/{contactId}` takes. */
export type UpdateContactBody = Infer<typeof updateContactBody>;
