export { DEFAULT_SENSITIVE_INPUT_TYPES, type Policy, type PolicySeverity, type SensitivePolicy } from './policy.js';
export { parsePolicy, type ParsePolicyResult } from './parse-policy.js';
