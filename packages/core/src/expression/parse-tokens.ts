import type { BinaryOperator, Expr } from './ast.js';
import { errorAt, errorNear, MESSAGES, type ExpressionError } from './expression-error.js';
import { isOperandToken, type Grammar, type Token } from './tokenize.js';

/** Binary operator levels, loosest first. */
const LEVELS: readonly (readonly BinaryOperator[])[] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<', '<=', '>', '>='],
  ['+', '-'],
  ['*', '/', '%'],
];

class ParseFailure {
  constructor(readonly error: ExpressionError) {}
}

/**
 * Builds the syntax tree from tokens by precedence climbing (`&&` binds tighter than `||`, comparisons
 * tighter than logic, math tighter than comparisons). Nested expressions also allow concatenation by
 * juxtaposition, the loosest construct: `'Total: ' (${data.price} * ${form.qty})`.
 */
export function parseTokens(
  tokens: readonly Token[],
  grammar: Grammar,
  emptyMessage: string,
  emptyOffset: number,
): { ok: true; ast: Expr } | { ok: false; error: ExpressionError } {
  if (tokens.length === 0) return { ok: false, error: errorNear(emptyMessage, emptyOffset) };
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const fail = (error: ExpressionError): never => {
    throw new ParseFailure(error);
  };

  const startsOperand = (token: Token | undefined): boolean =>
    isOperandToken(token) || token?.type === '(' || (token?.type === 'operator' && token.text === '!');

  function parseSequence(): Expr {
    const first = parseLevel(0);
    if (grammar === 'condition' || !startsOperand(peek())) return first;
    const parts: Expr[] = [first];
    while (startsOperand(peek())) parts.push(parseLevel(0));
    const last = parts[parts.length - 1] ?? first;
    return { kind: 'concat', parts, start: first.start, end: last.end };
  }

  function parseLevel(level: number): Expr {
    const operators = LEVELS[level];
    if (operators === undefined) return parseUnary();
    let left = parseLevel(level + 1);
    for (;;) {
      const token = peek();
      if (token?.type !== 'operator') return left;
      const operator = operators.find((op) => op === token.text);
      if (operator === undefined) return left;
      position++;
      const right = parseLevel(level + 1);
      left = { kind: 'binary', operator, operatorStart: token.start, left, right, start: left.start, end: right.end };
    }
  }

  function parseUnary(): Expr {
    const token = peek();
    if (token?.type === 'operator' && token.text === '!') {
      position++;
      const operand = parseUnary();
      return { kind: 'not', operand, start: token.start, end: operand.end };
    }
    return parsePrimary();
  }

  function parsePrimary(): Expr {
    const token = peek();
    const before = tokens[position - 1];
    if (token === undefined) {
      if (before?.type === 'operator') return fail(errorNear(MESSAGES.missingOperandAfterLast(before.text), before.start));
      if (before?.type === '(') return fail(errorNear(MESSAGES.missingClosingParenthesis, before.start));
      return fail(errorNear(emptyMessage, emptyOffset));
    }
    position++;
    switch (token.type) {
      case 'ref':
        return { kind: 'ref', ref: token.ref, raw: token.text, start: token.start, end: token.end };
      case 'string':
      case 'number':
      case 'boolean':
        return { kind: 'literal', value: token.value, raw: token.text, start: token.start, end: token.end };
      case '(': {
        if (peek()?.type === ')') return fail(errorAt(MESSAGES.emptyParentheses, peek()?.start ?? token.start));
        const expr = parseSequence();
        const close = peek();
        if (close?.type !== ')') {
          if (close === undefined) return fail(errorNear(MESSAGES.missingClosingParenthesis, token.start));
          return fail(errorAt(MESSAGES.wrongOperatorPosition(close.text), close.start));
        }
        position++;
        return { kind: 'group', expr, start: token.start, end: close.end };
      }
      case ')':
        return fail(errorAt(before?.type === '(' ? MESSAGES.emptyParentheses : MESSAGES.missingOpeningParenthesis, token.start));
      case 'operator':
        return fail(errorAt(MESSAGES.wrongOperatorPosition(token.text), token.start));
    }
  }

  try {
    const ast = parseSequence();
    const rest = peek();
    if (rest !== undefined) {
      if (rest.type === ')') return { ok: false, error: errorAt(MESSAGES.missingOpeningParenthesis, rest.start) };
      const previous = tokens[position - 1];
      const left = previous === undefined ? '' : previous.text;
      return { ok: false, error: errorAt(MESSAGES.missingOperator(left, rest.text), rest.start) };
    }
    return { ok: true, ast };
  } catch (caught) {
    if (caught instanceof ParseFailure) return { ok: false, error: caught.error };
    throw caught;
  }
}
