import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExprType } from './ast.js';
import { parseCondition } from './parse-condition.js';
import { parseNestedExpression } from './parse-nested-expression.js';
import { formatReference, type Reference } from './reference.js';
import { inferExpressionType, typeCheckExpression } from './type-check-expression.js';

const TYPES: Record<string, ExprType> = {
  '${data.age}': 'number',
  '${data.name}': 'string',
  '${data.string_value}': 'string',
  '${data.flag}': 'boolean',
  '${form.agree}': 'boolean',
  '${data.items}': 'array',
  '${screen.S.data.count}': 'number',
};
const resolveType = (ref: Reference): ExprType | undefined => TYPES[formatReference(ref)];

function conditionErrors(source: string): string[] {
  const parsed = source.startsWith('`') ? parseNestedExpression(source) : parseCondition(source);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.message);
  if (!parsed.ok) return [];
  return typeCheckExpression(parsed.ast, resolveType, { condition: true }).map((e) => e.message);
}

describe('typeCheckExpression', () => {
  const CASES: readonly [string, string[]][] = [
    ['${data.age} > 18', []],
    ["${data.name} == 'Ana'", []],
    ['${data.flag} && (${data.age} >= ${screen.S.data.count})', []],
    ['${data.unknown} && ${data.flag}', []],
    ['${data.string_value} || ${data.flag}', ["Wrong positioning of operator '||'. It cannot be used after '${data.string_value}' at column 21."]],
    ['${data.flag} && ${data.age}', ["Wrong positioning of operand '${data.age}'. It cannot be used after '&&' at column 16."]],
    ["${data.name} > 3", ["Wrong positioning of operator '>'. It cannot be used after '${data.name}' at column 13."]],
    ['${data.age} == ${data.name}', ["Type mismatch in an equality operation between '${data.age}' and '${data.name}' at column 15."]],
    ["${data.age} == 'x'", ["Type mismatch in an equality operation between '${data.age}' and 'x' at column 15."]],
    ['!${data.age}', ["Wrong positioning of operand '${data.age}'. It cannot be used after '!' at column 1."]],
    ['((${data.string_value}))', ['Expected single operand to be a boolean.']],
    ['${data.items} == ${data.items}', ["Operand '${data.items}' with type 'array' is not supported.", "Operand '${data.items}' with type 'array' is not supported."]],
    ['`true`', ['The only operand is a literal value. Expected single operand to be a boolean.']],
    ['`${data.age} + 1`', ["Expected the condition to be a boolean, but it is of type 'number'."]],
    ["`${data.name} * 2 > 1`", ["Math operator '*' expects numbers but '${data.name}' is of type 'string' at column 1."]],
  ];
  for (const [source, expected] of CASES) {
    it(`checks ${source}`, () => assert.deepEqual(conditionErrors(source), expected));
  }

  it('infers result types', () => {
    const infer = (source: string): ExprType => {
      const parsed = parseNestedExpression(source);
      assert.ok(parsed.ok);
      return parsed.ok ? inferExpressionType(parsed.ast, resolveType) : 'unknown';
    };
    assert.equal(infer("`'Hello ' ${data.name}`"), 'string');
    assert.equal(infer('`${data.age} * 2`'), 'number');
    assert.equal(infer('`${data.age} > 2`'), 'boolean');
    assert.equal(infer('`${data.name}`'), 'string');
    assert.equal(infer('`${data.nope}`'), 'unknown');
  });
});
