/** Error codes an expression problem can carry (Meta reports condition syntax errors as `INVALID_PROPERTY_VALUE`). */
export type ExpressionErrorCode = 'INVALID_PROPERTY_VALUE';

/**
 * A problem in a condition or nested expression. `offset` is the 0-based index of the offending
 * character in the source string, `column` the same position counted from 1. Where Meta's message
 * names a column ("… at column 21."), it counts from 0 like Meta does, so the text matches Meta's.
 */
export interface ExpressionError {
  readonly code: ExpressionErrorCode;
  readonly message: string;
  readonly offset: number;
  readonly column: number;
}

/** Builds an error whose message ends with Meta's " at column N." suffix. */
export function errorAt(base: string, offset: number): ExpressionError {
  const text = base.endsWith('.') ? base.slice(0, -1) : base;
  return { code: 'INVALID_PROPERTY_VALUE', message: `${text} at column ${offset}.`, offset, column: offset + 1 };
}

/** Builds an error whose message carries no column (Meta omits it for these). */
export function errorNear(base: string, offset: number): ExpressionError {
  const message = base.endsWith('.') ? base : `${base}.`;
  return { code: 'INVALID_PROPERTY_VALUE', message, offset, column: offset + 1 };
}

/** Meta's wording for condition and expression problems (from Meta's Flow JSON validator). */
export const MESSAGES = {
  emptyCondition: "Expected property 'condition' to contain at least one operand.",
  emptyParentheses: 'Found invalid empty parentheses',
  literalsOnBothSides: 'An operator cannot not have literals on both sides. Found invalid syntax',
  missingOpeningParenthesis: 'Missing opening parenthesis for the closing parenthesis',
  missingNumberAfterNegative: 'A numerical value is expected to follow the negative sign',
  missingClosingParenthesis: 'Missing closing parenthesis.',
  missingClosingQuote: 'Missing closing quote for string.',
  leadingZero: 'Number cannot not have leading zeroes',
  onlyOperandNotBoolean: 'Expected single operand to be a boolean.',
  onlyOperandIsLiteral: 'The only operand is a literal value. Expected single operand to be a boolean.',
  wrongClosingParenthesis: 'Found invalid positioning of closing parenthesis.',
  missingOperator: (first: string, second: string) => `Missing operator between '${first}' and '${second}'`,
  invalidOperator: (operator: string) => `Invalid operator '${operator}'`,
  invalidOperand: (operand: string) => `Invalid operand format '${operand}'`,
  unexpectedCharacter: (character: string) => `Unexpected character '${character}'`,
  wrongOperatorPosition: (operator: string) => `Wrong positioning of operator '${operator}'`,
  wrongConcatenation: (previous: string, operator: string) =>
    `Wrong positioning of operator '${operator}'. It cannot be used in concatenation with '${previous}'`,
  wrongPositionAfter: (what: 'operator' | 'operand', previous: string, value: string) =>
    `Wrong positioning of ${what} '${value}'. It cannot be used after '${previous}'`,
  equalityTypeMismatch: (first: string, second: string) =>
    `Type mismatch in an equality operation between '${first}' and '${second}'`,
  invalidLiteral: (literal: string) => `Invalid literal '${literal}'`,
  missingOperandAfterLast: (operator: string) => `Missing operand after last operator '${operator}'.`,
  unsupportedOperandType: (operand: string, type: string) => `Operand '${operand}' with type '${type}' is not supported.`,
} as const;
