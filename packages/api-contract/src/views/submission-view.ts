import type { AnswerKind } from '@flowline/core';
import { array, boolean, integer, nullable, object, oneOf, optional, string, unknownValue, type Infer } from '../schema.js';
import { epochMs } from './vocabulary.js';

/** How a readable answer is shown (`media`: files of a PhotoPicker/DocumentPicker, fetched by the worker). */
export const READABLE_ANSWER_KINDS = ['text', 'choice', 'choices', 'date', 'date-range', 'yes-no', 'media', 'value'] as const satisfies readonly AnswerKind[];

/** One answer in the Flow version's words. */
export const readableAnswerView = object({
  field: string(), label: string({ description: 'the label of the input that asked it, else the field name' }),
  text: string({ description: 'option titles instead of ids, dates, Yes/No, file names; •••• when masked' }),
  kind: oneOf(READABLE_ANSWER_KINDS),
  masked: boolean({ description: 'a field the Flow marks sensitive, hidden from roles without answers:sensitive' }),
  files: optional(array(object({ name: string(), mimeType: optional(string()), id: optional(string()) }))),
});
/** One readable answer as the API answers it. */
export type ReadableAnswerView = Infer<typeof readableAnswerView>;

/** A submission with its contract outcome. */
export const submissionView = object({
  id: string(),
  flowId: string(),
  version: nullable(integer()),
  sendId: nullable(string()),
  messageId: nullable(string()),
  answers: unknownValue('the answers as received (the parsed response_json)'),
  contract: object({ ok: boolean(), problems: array(unknownValue()) }),
  receivedAt: epochMs(),
  contactId: optional(nullable(string())),
  readable: optional(array(readableAnswerView, { description: 'the answers in the Flow version\'s words, in the order the Flow asks them' })),
});
/** A submission as the API answers it. */
export type SubmissionView = Infer<typeof submissionView>;
