import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseJsonWithPositions } from './parse-json-with-positions.js';

const corpus = path.join(process.env.FLOWLINE_REPO_ROOT ?? process.cwd(), '..', 'shared', 'corpus');

describe('parseJsonWithPositions', () => {
  it('gives the line and column of every node and key of a small document', () => {
    const text = '{\n  "a": [1, {"b": null}],\n  "c~/d": "x"\n}';
    const result = parseJsonWithPositions(text);
    assert.ok(result.ok);
    if (!result.ok) return;
    assert.deepEqual(result.value, { a: [1, { b: null }], 'c~/d': 'x' });
    const at = (pointer: string) => {
      const found = result.index.find(pointer);
      return found === undefined ? undefined : [found.value.line, found.value.column, found.key?.line, found.key?.column];
    };
    assert.deepEqual(at(''), [1, 1, undefined, undefined]);
    assert.deepEqual(at('/a'), [2, 8, 2, 3]);
    assert.deepEqual(at('/a/0'), [2, 9, undefined, undefined]);
    assert.deepEqual(at('/a/1'), [2, 12, undefined, undefined]);
    assert.deepEqual(at('/a/1/b'), [2, 18, 2, 13]);
    assert.deepEqual(at('/c~0~1d'), [3, 11, 3, 3]);
    assert.equal(result.index.find('/missing'), undefined);
    assert.deepEqual([...result.index.pointers()], ['', '/a', '/a/0', '/a/1', '/a/1/b', '/c~0~1d']);
  });

  const ERRORS: readonly [string, string, number, number][] = [
    ['{"a": 1,}', 'Trailing comma in object is not allowed in JSON', 1, 9],
    ['[1, 2,\n]', 'Trailing comma in array is not allowed in JSON', 2, 1],
    ['{"a": "unterminated}', 'Unterminated string in JSON', 1, 7],
    ['{\n  "a": tru\n}', "Unexpected token 't'", 2, 8],
    ['{"a" 1}', "Expected ':' after property name in JSON", 1, 6],
    ['{"a": 1 "b": 2}', "Expected ',' or '}' after property value in JSON", 1, 9],
    ['[1 2]', "Expected ',' or ']' after array element in JSON", 1, 4],
    ['{a: 1}', "Expected property name or '}' in JSON", 1, 2],
    ['', 'Unexpected end of JSON input', 1, 1],
    ['{"a": [1, 2', 'Unexpected end of JSON input', 1, 12],
    ['{} x', 'Unexpected non-whitespace character after JSON', 1, 4],
    ['"a\tb"', 'Bad control character in string literal in JSON', 1, 3],
    ['"\\x"', 'Bad escaped character in JSON', 1, 2],
    ['"\\u12G4"', 'Bad Unicode escape in JSON', 1, 2],
    ['\r\n\r\n  01', 'Unexpected non-whitespace character after JSON', 3, 4],
    ['\r\r [,]', "Unexpected token ','", 3, 3],
  ];
  for (const [text, message, line, column] of ERRORS) {
    it(`reports ${JSON.stringify(text)} at ${line}:${column}`, () => {
      const result = parseJsonWithPositions(text);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.deepEqual([result.error.message, result.error.line, result.error.column], [message, line, column]);
      assert.throws(() => JSON.parse(text));
    });
  }

  it('matches JSON.parse on escapes, numbers, lone surrogates and __proto__ keys', () => {
    const text = '{"s": "\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud800x", "n": [-0, 1.5e3, 2E-2, 0], "__proto__": {"p": 1}, "d": 1, "d": 2}';
    const result = parseJsonWithPositions(text);
    assert.ok(result.ok);
    if (!result.ok) return;
    assert.deepEqual(result.value, JSON.parse(text));
    assert.equal(Object.getPrototypeOf(result.value), Object.prototype);
  });

  it('survives deep nesting without throwing', () => {
    const depth = 100_000;
    const text = '['.repeat(depth) + ']'.repeat(depth);
    const result = parseJsonWithPositions(text);
    assert.ok(result.ok);
    const broken = parseJsonWithPositions('['.repeat(depth));
    assert.equal(broken.ok, false);
  });

  it('parses every corpus Flow exactly like JSON.parse', () => {
    const dir = path.join(corpus, 'flows');
    for (const file of readdirSync(dir)) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const result = parseJsonWithPositions(text);
      assert.ok(result.ok, file);
      if (result.ok) assert.deepEqual(result.value, JSON.parse(text), file);
    }
  });
});
