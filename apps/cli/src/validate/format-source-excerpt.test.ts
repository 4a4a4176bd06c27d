import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSourceExcerpt } from './format-source-excerpt.js';

describe('formatSourceExcerpt', () => {
  it('shows the line and a caret under the column', () => {
    const out = formatSourceExcerpt(['{', '  "version": 7', '}'], 2, 14);
    const [source, caret] = out.split('\n');
    assert.equal(source, '    2 |   "version": 7');
    assert.equal(caret?.indexOf('^'), source?.indexOf('7'));
  });

  it('cuts a very long line to a window around the column', () => {
    const line = `"src": "${'A'.repeat(5000)}B${'A'.repeat(5000)}"`;
    const column = line.indexOf('B') + 1;
    const [source, caret] = formatSourceExcerpt([line], 1, column).split('\n');
    assert.ok((source?.length ?? 0) < 140);
    assert.equal(source?.[caret?.indexOf('^') ?? -1], 'B');
  });

  it('returns nothing for a line that does not exist', () => {
    assert.equal(formatSourceExcerpt(['x'], 5, 1), '');
  });
});
