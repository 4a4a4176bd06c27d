import type { Expr } from './ast.js';
import { collectReferences } from './collect-references.js';
import { errorAt, MESSAGES, type ExpressionError } from './expression-error.js';
import { isNestedExpression, parseNestedExpression } from './parse-nested-expression.js';
import { parseReference, type Reference } from './reference.js';

/** What a string property value is: static text, one whole binding, a nested expression, or malformed. */
export type DynamicValue =
  | { readonly kind: 'literal' }
  | { readonly kind: 'binding'; readonly ref: Reference }
  | { readonly kind: 'expression'; readonly ast: Expr; readonly refs: readonly Reference[] }
  | { readonly kind: 'invalid'; readonly error: ExpressionError };

const LITERAL: DynamicValue = { kind: 'literal' };

/**
 * Classifies a string property value (spec §1.8): `"${data.x}"` is a binding, a value wrapped in
 * backticks is a nested expression (v6.0+), a value that starts like a binding but is not one is
 * invalid, and anything else is literal text.
 */
export function classifyValue(value: string): DynamicValue {
  if (value.startsWith('${')) {
    const close = value.indexOf('}');
    if (close === value.length - 1) {
      const ref = parseReference(value.slice(2, -1));
      if (ref !== undefined) return { kind: 'binding', ref };
    }
    if (close === -1 || close === value.length - 1) return { kind: 'invalid', error: errorAt(MESSAGES.invalidOperand(value), 0) };
    return LITERAL;
  }
  if (value.charCodeAt(0) === 96 && isNestedExpression(value)) {
    const parsed = parseNestedExpression(value);
    if (!parsed.ok) return { kind: 'invalid', error: parsed.error };
    return { kind: 'expression', ast: parsed.ast, refs: collectReferences(parsed.ast) };
  }
  return LITERAL;
}

/** Whether a property value is dynamic: a whole `${…}` binding or a backtick nested expression. */
export function isDynamicString(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const kind = classifyValue(value).kind;
  return kind === 'binding' || kind === 'expression';
}
