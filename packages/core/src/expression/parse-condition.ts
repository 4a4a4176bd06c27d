import type { Expr } from './ast.js';
import { checkConditionSequence } from './check-condition-sequence.js';
import { MESSAGES, type ExpressionError } from './expression-error.js';
import { parseTokens } from './parse-tokens.js';
import { tokenize } from './tokenize.js';

/** Result of parsing a condition or nested expression. */
export type ParseExpressionResult = { ok: true; ast: Expr } | { ok: false; error: ExpressionError };

/**
 * Parses an If `condition` written without backticks (v4.0+), reporting Meta's syntax errors
 * (spec §1.8, §5.8) with the column of the offending character.
 */
export function parseCondition(source: string): ParseExpressionResult {
  const lexed = tokenize(source, 'condition');
  if (!lexed.ok) return lexed;
  const problem = checkConditionSequence(source, lexed.tokens);
  if (problem !== undefined) return { ok: false, error: problem };
  return parseTokens(lexed.tokens, 'condition', MESSAGES.emptyCondition, 0);
}
