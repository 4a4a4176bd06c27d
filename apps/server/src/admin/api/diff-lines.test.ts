import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { diffLines, toUnifiedDiff } from './diff-lines.js';

const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd', '{', '}'), { maxLength: 40 });

/** Length of the longest common subsequence (the textbook dynamic programme), to check minimality. */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  let row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const next = [0];
    b.forEach((y, j) => next.push(x === y ? (row[j] ?? 0) + 1 : Math.max(row[j + 1] ?? 0, next[j] ?? 0)));
    row = next;
  }
  return row[b.length] ?? 0;
}

test('a line diff rebuilds both texts and is a shortest edit', () => {
  fc.assert(
    fc.property(lines, lines, (a, b) => {
      const changes = diffLines(a, b);
      assert.deepEqual(changes.filter((c) => c.kind !== 'insert').map((c) => c.text), a);
      assert.deepEqual(changes.filter((c) => c.kind !== 'delete').map((c) => c.text), b);
      assert.equal(changes.filter((c) => c.kind !== 'equal').length, a.length + b.length - 2 * lcsLength(a, b), 'the edit is a shortest one');
    }),
  );
});

test('a line diff is minimal on a known case (one line changed in the middle)', () => {
  const changes = diffLines(['x', 'y', 'z'], ['x', 'Y', 'z']);
  assert.deepEqual(changes.map((c) => `${c.kind}:${c.text}`), ['equal:x', 'delete:y', 'insert:Y', 'equal:z']);
});

test('the unified diff has hunk headers with the right line ranges and no hunk for equal texts', () => {
  const a = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
  const b = [...a];
  b[9] = 'changed';
  const unified = toUnifiedDiff(diffLines(a, b), { from: 'v1', to: 'v2' });
  assert.equal(unified.split('\n').slice(0, 3).join('\n'), '--- v1\n+++ v2\n@@ -7,7 +7,7 @@');
  assert.match(unified, /^-line 10$/m);
  assert.match(unified, /^\+changed$/m);
  assert.equal(toUnifiedDiff(diffLines(a, a), { from: 'v1', to: 'v2' }), '');
});
