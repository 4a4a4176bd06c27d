import { array, boolean, integer, nullable, object, record, string, type Infer } from '../schema.js';
import { epochMs } from './vocabulary.js';

/** A contact. */
export const contactView = object({
  id: string(),
  phone: string(),
  name: nullable(string()),
  tags: array(string()),
  fields: record(),
  optedIn: boolean(),
  optedInAt: nullable(epochMs()),
  /** When the contact was erased on request (docs/privacy.md); null for a real contact. */
  erasedAt: nullable(epochMs()),
  language: nullable(string({ description: 'BCP 47 tag; picks the language Flows are sent in (docs/localization.md)' })),
  createdAt: epochMs(),
  updatedAt: epochMs(),
});
/** A contact as the API answers it. */
export type ContactView = Infer<typeof contactView>;

/** What an erasure did: rows redacted per table, and whether the contact had been erased before. */
export const erasureView = object({
  contactId: string(),
  erasedAt: epochMs(),
  alreadyErased: boolean({ description: 'erased before: this call only swept rows written since (its counts are then usually all 0)' }),
  counts: record('rows redacted per table (sandbox_sessions: removed), e.g. {"submissions": 2, "inbox_items": 1}'),
  mediaFilesDeleted: integer({ minimum: 0, description: 'the contact\'s files deleted from the media store by this call' }),
});
/** An erasure's outcome as the API answers it. */
export type ErasureView = Infer<typeof erasureView>;
