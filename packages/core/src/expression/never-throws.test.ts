import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { classifyValue } from './classify-value.js';
import { evaluateExpression, resolveDynamic } from './evaluate-expression.js';
import { formatExpression } from './format-expression.js';
import { parseCondition } from './parse-condition.js';
import { parseNestedExpression } from './parse-nested-expression.js';

/** Strings built from the expression alphabet, so the parsers see near-valid input often. */
const pieces = fc.constantFrom('${data.a}', '${form.b}', '${screen.S.form.c}', '${', '}', '(', ')', ' ', '&&', '||', '!', '==', '!=', '>', '<=', '+', '-', '*', '/', '%', "'x'", "'", '12', '-3', '0', '07', 'true', 'false', 'tr', '`', '\\', '.', 'A');
const expressionText = fc.array(pieces, { maxLength: 14 }).map((parts) => parts.join(''));

describe('expression parsers on arbitrary input', () => {
  it('never throw, and report errors inside the source', () => {
    fc.assert(
      fc.property(fc.oneof(expressionText, fc.string()), (source) => {
        for (const result of [parseCondition(source), parseNestedExpression(`\`${source}\``)]) {
          if (!result.ok) {
            assert.ok(result.error.offset >= 0 && result.error.offset <= source.length + 2);
            assert.equal(result.error.column, result.error.offset + 1);
          }
        }
        assert.doesNotThrow(() => classifyValue(source));
      }),
      { numRuns: 3000 },
    );
  });

  it('print accepted conditions back to text that parses to the same tree shape', () => {
    fc.assert(
      fc.property(expressionText, (source) => {
        const first = parseCondition(source);
        if (!first.ok) return;
        const printed = formatExpression(first.ast);
        const second = parseCondition(printed);
        assert.ok(second.ok, printed);
        if (second.ok) assert.equal(formatExpression(second.ast), printed);
        assert.doesNotThrow(() => evaluateExpression(first.ast, () => undefined));
      }),
      { numRuns: 3000 },
    );
  });

  it('resolveDynamic never throws on any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => void resolveDynamic(value, () => 1)), { numRuns: 500 });
  });
});
