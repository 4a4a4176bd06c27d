import type { Expr } from './ast.js';
import type { Reference } from './reference.js';

/** Lists the references an expression reads, in source order (duplicates kept). */
export function collectReferences(ast: Expr): Reference[] {
  const refs: Reference[] = [];
  const stack: Expr[] = [ast];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined) break;
    switch (node.kind) {
      case 'ref':
        refs.push(node.ref);
        break;
      case 'literal':
        break;
      case 'not':
        stack.push(node.operand);
        break;
      case 'group':
        stack.push(node.expr);
        break;
      case 'binary':
        stack.push(node.right, node.left);
        break;
      case 'concat':
        for (let i = node.parts.length - 1; i >= 0; i--) {
          const part = node.parts[i];
          if (part !== undefined) stack.push(part);
        }
        break;
    }
  }
  return refs;
}
