import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { formatPointer, parsePointer } from './json-pointer.js';
import { locatePointer } from './locate-pointer.js';
import { parseJsonWithPositions } from './parse-json-with-positions.js';

const corpus = path.join(process.env.FLOWLINE_REPO_ROOT ?? process.cwd(), '..', 'shared', 'corpus');

describe('locatePointer', () => {
  const text = '{\n  "a": [1, {"b": "x\\"y"}],\n  "c~/d": {"e": true},\n  "dup": 1,\n  "dup": [2]\n}';

  const CASES: readonly [string, boolean, [number, number] | undefined][] = [
    ['', false, [1, 1]],
    ['/a', false, [2, 8]],
    ['/a', true, [2, 3]],
    ['/a/1/b', false, [2, 18]],
    ['/a/1/b', true, [2, 13]],
    ['/a/0', true, [2, 9]],
    ['/c~0~1d/e', false, [3, 17]],
    ['/dup', false, [4, 10]],
    ['/dup/0', false, undefined],
    ['/a/2', false, undefined],
    ['/a/01', false, undefined],
    ['/nope', false, undefined],
    ['/a/0/x', false, undefined],
    ['a', false, undefined],
    ['/c~2', false, undefined],
  ];
  for (const [pointer, atKey, expected] of CASES) {
    it(`finds ${JSON.stringify(pointer)}${atKey ? ' at its key' : ''}`, () => {
      const found = locatePointer(text, pointer, { atKey });
      assert.deepEqual(found === undefined ? undefined : [found.line, found.column], expected);
    });
  }

  it('agrees with the position index for every node', () => {
    const parsed = parseJsonWithPositions(text);
    assert.ok(parsed.ok);
    if (!parsed.ok) return;
    for (const pointer of parsed.index.pointers()) {
      if (pointer.startsWith('/dup')) continue; // duplicate keys: the index keeps the last, locatePointer the first
      const found = locatePointer(text, pointer);
      assert.deepEqual(found, parsed.index.find(pointer)?.value, pointer);
    }
  });

  it('points inside a string value at a decoded offset, across escapes', () => {
    const source = '{"t": "a\\"b\\u00e9c"}';
    const found = locatePointer(source, '/t', { offset: 4 });
    assert.equal(found?.column, 18);
    assert.equal(source.charAt((found?.column ?? 0) - 1), 'c');
  });

  it('never throws on malformed text', () => {
    for (const bad of ['', '{', '{"a"', '{"a": [1,', '["unterminated', '{"a": }', ']']) {
      assert.doesNotThrow(() => locatePointer(bad, '/a/0'));
    }
  });

  it('locates nodes late in the 2.7 MB corpus document', () => {
    const big = readFileSync(path.join(corpus, 'flows', 'metadocs-usecase__health_insurance_quote.json'), 'utf8');
    const doc: unknown = JSON.parse(big);
    assert.ok(typeof doc === 'object' && doc !== null && 'screens' in doc && Array.isArray(doc.screens));
    const last = doc.screens.length - 1;
    const parsed = parseJsonWithPositions(big);
    assert.ok(parsed.ok);
    if (!parsed.ok) return;
    for (const pointer of [`/screens/${last}/id`, `/screens/${last}/layout/children/0`, '/version']) {
      assert.deepEqual(locatePointer(big, pointer), parsed.index.find(pointer)?.value, pointer);
    }
  });
});

describe('JSON pointers', () => {
  it('escapes ~ and / and reads them back', () => {
    assert.equal(formatPointer(['a/b', 'c~d', 0]), '/a~1b/c~0d/0');
    assert.deepEqual(parsePointer('/a~1b/c~0d/0'), ['a/b', 'c~d', '0']);
    assert.deepEqual(parsePointer('/~01'), ['~1']);
    assert.deepEqual(parsePointer(''), []);
    assert.equal(parsePointer('x'), undefined);
  });
});
