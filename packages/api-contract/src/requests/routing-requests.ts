import { array, object, optional, record, unknownValue, type Infer } from '../schema.js';

const RULE_DOC = 'a routing rule {id?, name, enabled?, when?, stop?, default?, actions} (docs/routing.md)';

/** The body of `PUT /flows/{flowId}/routing`: the Flow's routing rules, in order (each checked by core's rule parser). */
export const saveRoutingRulesBody = object({ rules: array(unknownValue(RULE_DOC), { maxItems: 200 }) });
/** What `PUT /flows/{flowId}/routing` takes. */
export type SaveRoutingRulesBody = Infer<typeof saveRoutingRulesBody>;

/** The body of `POST /flows/{flowId}/routing/test`: a sample answer, and rules to try instead of the saved ones. */
export const testRoutingBody = object({ answer: record('a sample completion payload'), rules: optional(array(unknownValue(RULE_DOC), { maxItems: 200 })), context: optional(record('values readable as $-prefixed fields, e.g. {"contact": {"tags": []}}')) });
/** What `POST /flows/{flowId}/routing/test` takes. */
export type TestRoutingBody = Infer<typeof testRoutingBody>;
