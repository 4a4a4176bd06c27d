import { errorAt, errorNear, MESSAGES, type ExpressionError } from './expression-error.js';
import { isOperandToken, type OperandToken, type Token } from './tokenize.js';

const COMPARISON = new Set(['<', '<=', '>', '>=']);
const EQUALITY = new Set(['==', '!=']);
const LOGICAL = new Set(['&&', '||']);

/** What an operator may follow a literal of each type with. */
const ALLOWED_AFTER_LITERAL: Record<'string' | 'number' | 'boolean', ReadonlySet<string>> = {
  string: EQUALITY,
  number: new Set([...COMPARISON, ...EQUALITY]),
  boolean: new Set([...LOGICAL, ...EQUALITY]),
};

/** The operand text Meta quotes in messages: a string literal without its quotes. */
function operandText(token: OperandToken): string {
  return token.type === 'string' ? token.text.slice(1, -1) : token.text;
}

/**
 * Whether the operand left of the operator at `index` is a literal. A parenthesised group counts as
 * a computed (non-literal) operand when it contains an operator, as in Meta's checker.
 */
function literalBefore(tokens: readonly Token[], index: number): boolean {
  let i = index - 1;
  if (tokens[i]?.type === ')') {
    let depth = 0;
    for (let j = i; j >= 0; j--) {
      const token = tokens[j];
      if (token?.type === ')') depth++;
      else if (token?.type === '(') depth--;
      else if (token?.type === 'operator') return false;
      if (depth === 0) break;
    }
    while (tokens[i]?.type === ')') i--;
  }
  const token = tokens[i];
  return isOperandToken(token) && token.type !== 'ref';
}

/**
 * Applies Meta's If-condition placement rules (§5.8), which Meta checks in one left-to-right pass
 * before any typing: operators need operands on both sides, comparisons and equalities must be
 * parenthesised when combined with other operators, literals may not face each other, a closing
 * parenthesis needs an opening one, and a lone operand must be a boolean reference.
 */
export function checkConditionSequence(source: string, tokens: readonly Token[]): ExpressionError | undefined {
  if (tokens.length === 0) return errorNear(MESSAGES.emptyCondition, 0);
  const open: number[] = [];
  let previous: Token | undefined;
  let lastOperand: OperandToken | undefined;
  let lastNonOperand: Token | undefined;
  let operands = 0;
  for (const token of tokens) {
    if (token.type === '(') {
      if (isOperandToken(previous) || previous?.type === ')') {
        return errorAt(MESSAGES.missingOperator(previous.type === ')' ? ')' : operandText(previous), '('), token.start);
      }
      open.push(token.start);
    } else if (token.type === ')') {
      if (open.length === 0) return errorAt(MESSAGES.missingOpeningParenthesis, token.start);
      if (previous?.type === '(') return errorAt(MESSAGES.emptyParentheses, token.start);
      if (previous?.type === 'operator') return errorAt(MESSAGES.wrongClosingParenthesis, token.start);
      open.pop();
    } else if (token.type === 'operator') {
      const afterOperand = isOperandToken(previous) || previous?.type === ')';
      const negationAllowed =
        token.text === '!' && (previous === undefined || previous.type === '(' || (previous.type === 'operator' && LOGICAL.has(previous.text)));
      if (token.end >= source.length || !(afterOperand || negationAllowed)) {
        return errorAt(MESSAGES.wrongOperatorPosition(token.text), token.start);
      }
      if (lastNonOperand?.type === 'operator' && (COMPARISON.has(lastNonOperand.text) || EQUALITY.has(lastNonOperand.text) || COMPARISON.has(token.text) || EQUALITY.has(token.text))) {
        return errorAt(MESSAGES.wrongConcatenation(lastNonOperand.text, token.text), token.start);
      }
      if (isOperandToken(previous) && previous.type !== 'ref' && !ALLOWED_AFTER_LITERAL[previous.type].has(token.text)) {
        return errorAt(MESSAGES.wrongPositionAfter('operator', operandText(previous), token.text), token.start);
      }
      if (previous?.type === ')' && !(LOGICAL.has(token.text) || EQUALITY.has(token.text) || token.text === '!')) {
        return errorAt(MESSAGES.wrongPositionAfter('operator', ')', token.text), token.start);
      }
    } else {
      if (isOperandToken(previous)) return errorAt(MESSAGES.missingOperator(operandText(previous), operandText(token)), token.start);
      if (previous?.type === ')') return errorAt(MESSAGES.wrongPositionAfter('operand', ')', operandText(token)), token.start);
      if (previous?.type === 'operator' && token.type !== 'ref') {
        const operator = previous.text;
        if (operator !== '!' && literalBefore(tokens, tokens.indexOf(previous))) {
          return errorAt(MESSAGES.literalsOnBothSides, token.start);
        }
        const fits =
          COMPARISON.has(operator) ? token.type === 'number'
          : LOGICAL.has(operator) || operator === '!' ? token.type === 'boolean'
          : true;
        if (!fits) return errorAt(MESSAGES.wrongPositionAfter('operand', operator, operandText(token)), token.start);
      }
      lastOperand = token;
      operands++;
    }
    if (!isOperandToken(token)) lastNonOperand = token;
    previous = token;
  }
  if (open.length > 0) return errorNear(MESSAGES.missingClosingParenthesis, open[open.length - 1] ?? 0);
  if (previous?.type === 'operator') return errorNear(MESSAGES.missingOperandAfterLast(previous.text), previous.start);
  if (operands === 1 && lastOperand !== undefined && lastOperand.type !== 'ref') {
    const message = lastOperand.type === 'boolean' ? MESSAGES.onlyOperandIsLiteral : MESSAGES.onlyOperandNotBoolean;
    return errorNear(message, lastOperand.start);
  }
  return undefined;
}
