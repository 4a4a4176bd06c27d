export { deriveAnswerContract, type ActionContract, type AnswerContract } from './derive-answer-contract.js';
export { DRAFT_07, type JsonSchema, type JsonSchemaType } from './json-schema.js';
export { checkAnswer } from './check-answer.js';
export { breakingChanges, contractFields, diffAnswerContracts, type BreakingChange, type ContractChange, type ContractField, type RuleReads } from './diff-answer-contracts.js';
