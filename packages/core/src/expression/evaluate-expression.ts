import type { Expr } from './ast.js';
import { classifyValue } from './classify-value.js';
import type { Reference } from './reference.js';

/** Looks up the current value of a reference (undefined when it has none yet). */
export type ResolveValue = (ref: Reference) => unknown;

/** Numeric view of a value: null, missing and non-numeric text count as 0, booleans as 1/0. */
function toNumber(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : 0;
  }
  return 0;
}

/** Truth of a value: missing, null, false, 0, '' and empty arrays are false. */
function toBoolean(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

/** Text of a value in a concatenation: missing and null print as nothing. */
function toText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Equality as the phone applies it: an unset value equals '' and null; arrays and objects compare by content. */
function equals(left: unknown, right: unknown): boolean {
  const a = left === undefined ? null : left;
  const b = right === undefined ? null : right;
  if (a === b) return true;
  if ((a === null && b === '') || (a === '' && b === null)) return true;
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

/** Math with Meta's rule that division or modulo by 0 or null yields 0. */
function math(operator: '+' | '-' | '*' | '/' | '%', left: unknown, right: unknown): number {
  const a = toNumber(left);
  const b = toNumber(right);
  switch (operator) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? 0 : a / b;
    case '%':
      return b === 0 ? 0 : a % b;
  }
}

/**
 * Evaluates a condition or nested expression with WhatsApp's runtime semantics (spec §1.8):
 * concatenation, math (division or modulo by zero or null gives 0), comparisons, logic.
 */
export function evaluateExpression(ast: Expr, resolve: ResolveValue): unknown {
  switch (ast.kind) {
    case 'literal':
      return ast.value;
    case 'ref':
      return resolve(ast.ref);
    case 'group':
      return evaluateExpression(ast.expr, resolve);
    case 'not':
      return !toBoolean(evaluateExpression(ast.operand, resolve));
    case 'concat':
      return ast.parts.map((part) => toText(evaluateExpression(part, resolve))).join('');
    case 'binary': {
      const op = ast.operator;
      if (op === '&&') return toBoolean(evaluateExpression(ast.left, resolve)) && toBoolean(evaluateExpression(ast.right, resolve));
      if (op === '||') return toBoolean(evaluateExpression(ast.left, resolve)) || toBoolean(evaluateExpression(ast.right, resolve));
      const left = evaluateExpression(ast.left, resolve);
      const right = evaluateExpression(ast.right, resolve);
      switch (op) {
        case '==':
          return equals(left, right);
        case '!=':
          return !equals(left, right);
        case '<':
          return toNumber(left) < toNumber(right);
        case '<=':
          return toNumber(left) <= toNumber(right);
        case '>':
          return toNumber(left) > toNumber(right);
        case '>=':
          return toNumber(left) >= toNumber(right);
        default:
          return math(op, left, right);
      }
    }
  }
}

/**
 * Resolves a property value: a binding to its value, a nested expression to its result, literals
 * unchanged; arrays and objects (such as action payloads) are resolved recursively. Malformed
 * dynamic strings are returned as they are.
 */
export function resolveDynamic(value: unknown, resolve: ResolveValue): unknown {
  if (typeof value === 'string') {
    const classified = classifyValue(value);
    switch (classified.kind) {
      case 'binding':
        return resolve(classified.ref);
      case 'expression':
        return evaluateExpression(classified.ast, resolve);
      case 'literal':
      case 'invalid':
        return value;
    }
  }
  if (Array.isArray(value)) return value.map((item: unknown) => resolveDynamic(item, resolve));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = resolveDynamic(item, resolve);
    return out;
  }
  return value;
}
