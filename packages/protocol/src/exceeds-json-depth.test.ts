import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exceedsJsonDepth } from './exceeds-json-depth.js';

test('finds the same depth in text and in its UTF-8 bytes, skipping brackets inside strings', () => {
  const cases: [string, number, boolean][] = [
    ['{"a":[[1]]}', 3, false],
    ['{"a":[[1]]}', 2, true],
    ['{"a":"[[[[[[\\"[[[["}', 1, false],
    ['{"ñandú 🦤":[{"b":"]]]"}]}', 3, false],
    ['{"ñandú 🦤":[{"b":"]]]"}]}', 2, true],
    [`${'['.repeat(40)}${']'.repeat(40)}`, 32, true],
  ];
  for (const [json, max, expected] of cases) {
    assert.equal(exceedsJsonDepth(json, max), expected, `text ${json} / ${max}`);
    assert.equal(exceedsJsonDepth(Buffer.from(json, 'utf8'), max), expected, `bytes ${json} / ${max}`);
  }
});
