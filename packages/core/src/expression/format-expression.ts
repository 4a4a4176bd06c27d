import type { Expr } from './ast.js';

/** Prints an expression back to source form (literals and references as written, single spaces between tokens). */
export function formatExpression(ast: Expr): string {
  switch (ast.kind) {
    case 'literal':
    case 'ref':
      return ast.raw;
    case 'not':
      return `!${formatExpression(ast.operand)}`;
    case 'group':
      return `(${formatExpression(ast.expr)})`;
    case 'binary':
      return `${formatExpression(ast.left)} ${ast.operator} ${formatExpression(ast.right)}`;
    case 'concat':
      return ast.parts.map(formatExpression).join(' ');
  }
}
