export type { Rule, RuleContext } from './rule.js';
export { semanticRules } from './semantic-rules.js';
export {
  collectProblems,
  INTERNAL_ERROR_CODE,
  validateFlow,
  validateFlowDocument,
  type ValidateOptions,
  type ValidationResult,
} from './validate-flow.js';
