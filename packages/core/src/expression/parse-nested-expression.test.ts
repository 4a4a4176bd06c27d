import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatExpression } from './format-expression.js';
import { parseNestedExpression } from './parse-nested-expression.js';

/** Nested expressions from the corpus and from pywa, with the tree printed back. */
const VALID: readonly [string, string][] = [
  ["` 'Hello ' ${form.first_name}`", "'Hello ' ${form.first_name}"],
  ["`${form.first_name} ' you are ' ${form.age} ' years old.' `", "${form.first_name} ' you are ' ${form.age} ' years old.'"],
  ["`'Total: ' (${data.price} * ${form.qty})`", "'Total: ' (${data.price} * ${form.qty})"],
  ['`(${form.number} == 42)`', '(${form.number} == 42)'],
  ['`${form.age} > 18`', '${form.age} > 18'],
  ['`(!(${data.age} > 18) && (${form.is_verified} == true))`', '(!(${data.age} > 18) && (${form.is_verified} == true))'],
  ['`((21 + ${data.age}) + (21 + ${data.age}))`', '((21 + ${data.age}) + (21 + ${data.age}))'],
  ['`${data.a} -1`', '${data.a} - 1'],
  ['`${data.a} - -1.5`', '${data.a} - -1.5'],
  ['`!${data.age}`', '!${data.age}'],
  ["` 'Ana\\\\`s house.' `", "'Ana\\\\`s house.'"],
];

const INVALID: readonly [string, string, number][] = [
  ['``', 'Expected the nested expression to contain at least one operand.', 1],
  ['`(`', 'Missing closing parenthesis.', 1],
  ['`()`', 'Found invalid empty parentheses at column 2.', 2],
  ['`${form.a} +`', "Missing operand after last operator '+'.", 11],
  ["`'open`", 'Missing closing quote for string at column 1.', 1],
  ['`a`b`', "Unexpected character '`' at column 2.", 2],
  ['`${form.a})`', 'Missing opening parenthesis for the closing parenthesis at column 10.', 10],
  ['`${form.a} # 1`', "Unexpected character '#' at column 11.", 11],
  ['no backticks', 'A nested expression must be wrapped in backticks.', 0],
];

describe('parseNestedExpression', () => {
  for (const [source, printed] of VALID) {
    it(`accepts ${source}`, () => {
      const result = parseNestedExpression(source);
      assert.ok(result.ok, result.ok ? '' : result.error.message);
      assert.equal(formatExpression(result.ast), printed);
    });
  }
  for (const [source, message, offset] of INVALID) {
    it(`rejects ${source}`, () => {
      const result = parseNestedExpression(source);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.error.message, message);
      assert.equal(result.error.offset, offset);
    });
  }

  it('makes concatenation the loosest construct', () => {
    const result = parseNestedExpression("`'n: ' ${data.a} + 1`");
    assert.ok(result.ok);
    if (!result.ok) return;
    assert.equal(result.ast.kind, 'concat');
    if (result.ast.kind !== 'concat') return;
    assert.equal(result.ast.parts.length, 2);
    assert.equal(result.ast.parts[1]?.kind, 'binary');
  });

  it('counts offsets from the opening backtick', () => {
    const result = parseNestedExpression('`${form.a} > 1`');
    assert.ok(result.ok && result.ast.kind === 'binary');
    if (!result.ok || result.ast.kind !== 'binary') return;
    assert.equal(result.ast.left.start, 1);
    assert.equal(result.ast.operatorStart, 11);
  });
});
