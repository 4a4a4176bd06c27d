import type { Expr, ExprType } from './ast.js';
import { collectReferences } from './collect-references.js';
import { errorAt, errorNear, MESSAGES, type ExpressionError } from './expression-error.js';
import { formatExpression } from './format-expression.js';
import type { Reference } from './reference.js';

/** Looks up the declared type of a referenced value; undefined when unknown. */
export type ResolveType = (ref: Reference) => ExprType | undefined;

/** Options for type checking: `condition` requires a boolean result with at least one reference (If, `visible`). */
export interface TypeCheckOptions {
  readonly condition?: boolean;
}

const COMPARISON = new Set(['<', '<=', '>', '>=']);
const MATH = new Set(['+', '-', '*', '/', '%']);

/** The text Meta quotes for an operand: string literals without quotes, compound operands as written. */
function quoted(node: Expr): string {
  if (node.kind === 'literal' && typeof node.value === 'string') return node.value;
  return formatExpression(node);
}

function unwrap(node: Expr): Expr {
  return node.kind === 'group' ? unwrap(node.expr) : node;
}

function walk(node: Expr, resolveType: ResolveType, errors: ExpressionError[] | undefined): ExprType {
  switch (node.kind) {
    case 'literal':
      return typeof node.value === 'string' ? 'string' : typeof node.value === 'number' ? 'number' : 'boolean';
    case 'ref': {
      const type = resolveType(node.ref) ?? 'unknown';
      if (errors !== undefined && (type === 'object' || type === 'array')) {
        errors.push(errorNear(MESSAGES.unsupportedOperandType(node.raw, type), node.start));
      }
      return type;
    }
    case 'group':
      return walk(node.expr, resolveType, errors);
    case 'not': {
      const type = walk(node.operand, resolveType, errors);
      if (errors !== undefined && type !== 'unknown' && type !== 'boolean') {
        errors.push(errorAt(MESSAGES.wrongPositionAfter('operand', '!', quoted(node.operand)), node.operand.start));
      }
      return 'boolean';
    }
    case 'concat':
      for (const part of node.parts) walk(part, resolveType, errors);
      return 'string';
    case 'binary': {
      const left = walk(node.left, resolveType, errors);
      const right = walk(node.right, resolveType, errors);
      const op = node.operator;
      if (op === '==' || op === '!=') {
        if (errors !== undefined && left !== 'unknown' && right !== 'unknown' && left !== right) {
          errors.push(errorAt(MESSAGES.equalityTypeMismatch(quoted(node.left), quoted(node.right)), node.right.start));
        }
        return 'boolean';
      }
      const wanted: ExprType = op === '&&' || op === '||' ? 'boolean' : 'number';
      if (errors !== undefined) {
        if (left !== 'unknown' && left !== wanted) {
          const message = MATH.has(op)
            ? `Math operator '${op}' expects numbers but '${quoted(node.left)}' is of type '${left}'`
            : MESSAGES.wrongPositionAfter('operator', quoted(node.left), op);
          errors.push(errorAt(message, MATH.has(op) ? node.left.start : node.operatorStart));
        }
        if (right !== 'unknown' && right !== wanted) {
          const message = MATH.has(op)
            ? `Math operator '${op}' expects numbers but '${quoted(node.right)}' is of type '${right}'`
            : MESSAGES.wrongPositionAfter('operand', op, quoted(node.right));
          errors.push(errorAt(message, node.right.start));
        }
      }
      return COMPARISON.has(op) || op === '&&' || op === '||' ? 'boolean' : 'number';
    }
  }
}

/** Infers the result type of an expression from the declared types of what it references. */
export function inferExpressionType(ast: Expr, resolveType: ResolveType): ExprType {
  return walk(ast, resolveType, undefined);
}

/**
 * Type-checks an expression (spec §1.8): comparisons and math need numbers, `&&`/`||`/`!` need
 * booleans, both sides of `==`/`!=` must have the same type, operands must not be objects or arrays.
 * With `condition`, the result must be a boolean and at least one operand must be a reference.
 */
export function typeCheckExpression(ast: Expr, resolveType: ResolveType, options: TypeCheckOptions = {}): ExpressionError[] {
  const errors: ExpressionError[] = [];
  const type = walk(ast, resolveType, errors);
  if (options.condition === true) {
    const root = unwrap(ast);
    if (collectReferences(ast).length === 0) {
      errors.push(errorNear(MESSAGES.onlyOperandIsLiteral, root.start));
    } else if (type !== 'unknown' && type !== 'boolean' && type !== 'object' && type !== 'array') {
      const message = root.kind === 'ref' ? MESSAGES.onlyOperandNotBoolean : `Expected the condition to be a boolean, but it is of type '${type}'.`;
      errors.push(errorNear(message, root.start));
    }
  }
  return errors;
}
