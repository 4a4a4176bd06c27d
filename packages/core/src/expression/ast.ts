import type { Reference } from './reference.js';

/** Binary operators of conditions and nested expressions. */
export type BinaryOperator = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

/** Where a node sits in its source string: 0-based `start`, exclusive `end`. */
interface Span {
  readonly start: number;
  readonly end: number;
}

/** A literal operand: `'text'`, `42`, `-3`, `true`. `raw` is the source text. */
export interface LiteralNode extends Span {
  readonly kind: 'literal';
  readonly value: string | number | boolean;
  readonly raw: string;
}

/** A `${…}` reference operand. */
export interface ReferenceNode extends Span {
  readonly kind: 'ref';
  readonly ref: Reference;
  readonly raw: string;
}

/** `!operand`. */
export interface NotNode extends Span {
  readonly kind: 'not';
  readonly operand: Expr;
}

/** `left op right`; `operatorStart` is where the operator sits. */
export interface BinaryNode extends Span {
  readonly kind: 'binary';
  readonly operator: BinaryOperator;
  readonly operatorStart: number;
  readonly left: Expr;
  readonly right: Expr;
}

/** `( expr )`, kept so tools can print what the author wrote. */
export interface GroupNode extends Span {
  readonly kind: 'group';
  readonly expr: Expr;
}

/** String concatenation by juxtaposition (nested expressions only): `'Hello ' ${form.name}`. */
export interface ConcatNode extends Span {
  readonly kind: 'concat';
  readonly parts: readonly Expr[];
}

/** A parsed condition or nested expression. */
export type Expr = LiteralNode | ReferenceNode | NotNode | BinaryNode | GroupNode | ConcatNode;

/** The static type of an expression or of a referenced value. */
export type ExprType = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'unknown';
