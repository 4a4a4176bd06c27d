import { errorAt, errorNear, MESSAGES } from './expression-error.js';
import type { ParseExpressionResult } from './parse-condition.js';
import { parseTokens } from './parse-tokens.js';
import { tokenize } from './tokenize.js';

const EMPTY_EXPRESSION = 'Expected the nested expression to contain at least one operand.';

/** Whether a property value is a nested expression: wrapped in backticks (v6.0+). */
export function isNestedExpression(value: string): boolean {
  return value.length >= 2 && value.startsWith('`') && value.endsWith('`') && value.charAt(value.length - 2) !== '\\';
}

/**
 * Parses a nested expression (v6.0+, spec §1.8): the whole property value including its backticks,
 * e.g. "`'Total: ' (${data.price} * ${form.qty})`". Offsets and columns count from the opening backtick.
 */
export function parseNestedExpression(source: string): ParseExpressionResult {
  if (!isNestedExpression(source)) {
    return { ok: false, error: errorNear('A nested expression must be wrapped in backticks', 0) };
  }
  const end = source.length - 1;
  for (let i = 1; i < end; i++) {
    if (source.charAt(i) === '`' && source.charAt(i - 1) !== '\\') return { ok: false, error: errorAt(MESSAGES.unexpectedCharacter('`'), i) };
  }
  const lexed = tokenize(source, 'nested', 1, end);
  if (!lexed.ok) return lexed;
  return parseTokens(lexed.tokens, 'nested', EMPTY_EXPRESSION, 1);
}
