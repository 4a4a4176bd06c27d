export { evaluateRoutingRules } from './evaluate-routing-rules.js';
export { matchesCondition } from './matches-condition.js';
export { parseRoutingAction, ROUTING_ACTION_OPTIONS } from './parse-routing-action.js';
export { parseRoutingRule, type ParseRoutingRuleResult } from './parse-routing-rule.js';
export { fieldsReadByRule, type FieldRead } from './fields-read-by-rule.js';
export { readField } from './read-field.js';
export { ROUTING_ACTION_TYPES, type FieldCondition, type RoutedAction, type RoutingAction, type RoutingActionType, type RoutingCondition, type RoutingContext, type RoutingResult, type RoutingRule } from './routing-rule.js';
export { parseRoutedActionPayload, type RoutedActionPayload, type RoutedSubmission } from './routed-action-payload.js';
export { isKeptSecret, isSealedSecret, isSecretValue, MAX_SECRET_LENGTH, type KeptSecret, type SealedSecret, type SecretValue } from './secret-value.js';
