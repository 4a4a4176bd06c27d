import { either, object, optional, record, string, unknownValue, type Infer } from '../schema.js';
import { FLOW_ID_PATTERN } from '../views/vocabulary.js';

/** A Flow JSON document in a request: its text (kept verbatim, so line and column match the editor) or a JSON object. */
export const flowJsonInput = either(string({ maxLength: 4_000_000 }), record(), 'Flow JSON as text (kept verbatim) or as a JSON object (stored pretty-printed)');

/** The body of `POST /flows`: a Flow from Flow JSON (import) or from a template. */
export const createFlowBody = object({
  id: string({ pattern: FLOW_ID_PATTERN, description: 'slug, unique in the workspace' }),
  name: string({ minLength: 1, maxLength: 200 }),
  template: optional(string({ description: 'start from this template (see GET /templates) instead of flowJson' })),
  flowJson: optional(flowJsonInput),
  endpointConfig: optional(unknownValue('declarative endpoint configuration (docs/endpoint.md)')),
  policy: optional(unknownValue('validation policy (docs/validator.md)')),
});
/** What `POST /flows` takes. */
export type CreateFlowBody = Infer<typeof createFlowBody>;

/** The body of `POST /flows/{flowId}/versions`: a new version of a Flow. */
export const addVersionBody = object({
  flowJson: flowJsonInput,
  endpointConfig: optional(unknownValue('declarative endpoint configuration; absent = keep the previous version\'s, null = none')),
  policy: optional(unknownValue('validation policy')),
});
/** What `POST /flows/{flowId}/versions` takes. */
export type AddVersionBody = Infer<typeof addVersionBody>;
