import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatExpression } from './format-expression.js';
import { parseCondition } from './parse-condition.js';

/** Conditions Meta accepts, with the tree printed back. */
const VALID: readonly [string, string][] = [
  ["${data.value} && (${form.animal} == 'cat')", "${data.value} && (${form.animal} == 'cat')"],
  ["(${screen.SELECT_INSURANCE.form.insurance} != '')", "(${screen.SELECT_INSURANCE.form.insurance} != '')"],
  ['((${data.flag}))', '((${data.flag}))'],
  ['!${form.agree}', '!${form.agree}'],
  ['!(${form.age} > 5)', '!(${form.age} > 5)'],
  ['(${form.age} > 1) && true', '(${form.age} > 1) && true'],
  ['${form.age} >= -12', '${form.age} >= -12'],
  ["${form.name} == 'it\\'s'", "${form.name} == 'it\\'s'"],
  ['${data.a} && ${data.b} || ${data.c}', '${data.a} && ${data.b} || ${data.c}'],
  ['${form.n} == 0', '${form.n} == 0'],
  ['${screen.S.data.x} || !${data.y}', '${screen.S.data.x} || !${data.y}'],
];

/** Meta's documented If-condition errors (spec §5.8), with Meta's message and 0-based column in the text. */
const INVALID: readonly [string, string, number][] = [
  ['', "Expected property 'condition' to contain at least one operand.", 0],
  [' ', "Expected property 'condition' to contain at least one operand.", 0],
  ['( )', 'Found invalid empty parentheses at column 2.', 2],
  ['573 == 376', 'An operator cannot not have literals on both sides. Found invalid syntax at column 7.', 7],
  ['(5) == 5', 'An operator cannot not have literals on both sides. Found invalid syntax at column 7.', 7],
  ['))${data.value_1}((', 'Missing opening parenthesis for the closing parenthesis at column 0.', 0],
  ['${data.val} ) -a', 'A numerical value is expected to follow the negative sign at column 14.', 14],
  ['true', 'The only operand is a literal value. Expected single operand to be a boolean.', 0],
  ['((42))', 'Expected single operand to be a boolean.', 2],
  ["${form.a} == 'x' && ${form.b}", "Wrong positioning of operator '&&'. It cannot be used in concatenation with '==' at column 17.", 17],
  ['${form.a} > 1 == true', "Wrong positioning of operator '=='. It cannot be used in concatenation with '>' at column 14.", 14],
  ['${form.a} &&', "Wrong positioning of operator '&&' at column 10.", 10],
  ['${form.a} && ', "Missing operand after last operator '&&'.", 10],
  ['${form.a} ${form.b}', "Missing operator between '${form.a}' and '${form.b}' at column 10.", 10],
  ['${form.a} > 1.5', "Unexpected character '.' at column 13.", 13],
  ['${form.a} + 1', "Unexpected character '+' at column 10.", 10],
  ['${form.a} = 1', "Invalid operator '=' at column 10.", 10],
  ['${form.a} & ${form.b}', "Invalid operator '&' at column 10.", 10],
  ["${form.a} == 'abc", 'Missing closing quote for string at column 13.', 13],
  ['${form.a} == tru', "Invalid literal 'tru' at column 13.", 13],
  ['${form.a} > 05', 'Number cannot not have leading zeroes at column 12.', 12],
  ['${form.a} > -0', 'Number cannot not have leading zeroes at column 12.', 12],
  ['(${form.a}', 'Missing closing parenthesis.', 0],
  ['(${form.a} &&)', 'Found invalid positioning of closing parenthesis at column 13.', 13],
  ['${form.a} > true', "Wrong positioning of operand 'true'. It cannot be used after '>' at column 12.", 12],
  ["${form.a} && 'x'", "Wrong positioning of operand 'x'. It cannot be used after '&&' at column 13.", 13],
  ["'x' > ${form.a}", "Wrong positioning of operator '>'. It cannot be used after 'x' at column 4.", 4],
  ['(${form.a}) > 3', "Wrong positioning of operator '>'. It cannot be used after ')' at column 12.", 12],
  ['&& ${form.a}', "Wrong positioning of operator '&&' at column 0.", 0],
  ['${form.a} !! ${form.b}', "Wrong positioning of operator '!' at column 11.", 11],
  ['${data.}', "Invalid operand format '${data.}' at column 0.", 0],
  ['${data.x', "Invalid operand format '${data.x' at column 0.", 0],
  ['${form.a} AND ${form.b}', "Unexpected character 'A' at column 10.", 10],
];

describe('parseCondition', () => {
  for (const [source, printed] of VALID) {
    it(`accepts ${source}`, () => {
      const result = parseCondition(source);
      assert.ok(result.ok, result.ok ? '' : result.error.message);
      assert.equal(formatExpression(result.ast), printed);
    });
  }
  for (const [source, message, offset] of INVALID) {
    it(`rejects ${JSON.stringify(source)} with Meta's message`, () => {
      const result = parseCondition(source);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.error.message, message);
      assert.equal(result.error.code, 'INVALID_PROPERTY_VALUE');
      assert.equal(result.error.offset, offset);
      assert.equal(result.error.column, offset + 1);
    });
  }

  it('binds && tighter than ||', () => {
    const result = parseCondition('${data.a} || ${data.b} && ${data.c}');
    assert.ok(result.ok);
    assert.equal(result.ast.kind, 'binary');
    if (result.ast.kind !== 'binary') return;
    assert.equal(result.ast.operator, '||');
    assert.equal(result.ast.right.kind, 'binary');
  });

  it('records source spans of operands and operators', () => {
    const result = parseCondition('${form.age} > 18');
    assert.ok(result.ok && result.ast.kind === 'binary');
    if (!result.ok || result.ast.kind !== 'binary') return;
    assert.deepEqual([result.ast.left.start, result.ast.left.end, result.ast.operatorStart, result.ast.right.start], [0, 11, 12, 14]);
  });

  it('never throws on arbitrary text', () => {
    for (const source of ['${', '$', "'", '\\', ')(', '!', '-', '((((((', '${form.a} == ', '`x`', '\u0000', '${a.b.c}']) {
      assert.doesNotThrow(() => parseCondition(source));
      assert.equal(parseCondition(source).ok, false);
    }
  });
});
