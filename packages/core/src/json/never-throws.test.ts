import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatPointer } from './json-pointer.js';
import { locatePointer } from './locate-pointer.js';
import { parseJsonWithPositions } from './parse-json-with-positions.js';
import type { SourcePosition } from './source-position.js';

describe('JSON with positions on arbitrary input', () => {
  it('agrees with JSON.parse on what is valid, and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string(), fc.json().map((t) => t.slice(0, Math.floor(t.length / 2)))), (text) => {
        const result = parseJsonWithPositions(text);
        let expected: { ok: true; value: unknown } | { ok: false };
        try {
          expected = { ok: true, value: JSON.parse(text) };
        } catch {
          expected = { ok: false };
        }
        assert.equal(result.ok, expected.ok, text);
        if (result.ok && expected.ok) assert.deepEqual(result.value, expected.value);
        assert.doesNotThrow(() => locatePointer(text, '/0/a'));
      }),
      { numRuns: 2000 },
    );
  });

  it('locates every node of pretty-printed documents where the index puts it', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value, null, 2);
        if (text === undefined) return;
        const parsed = parseJsonWithPositions(text);
        assert.ok(parsed.ok);
        if (!parsed.ok) return;
        for (const pointer of parsed.index.pointers()) {
          assert.deepEqual(locatePointer(text, pointer), parsed.index.find(pointer)?.value, pointer);
          const key: SourcePosition | undefined = parsed.index.find(pointer)?.key;
          if (key !== undefined) assert.deepEqual(locatePointer(text, pointer, { atKey: true }), key, pointer);
        }
        assert.equal(formatPointer([]), '');
      }),
      { numRuns: 500 },
    );
  });
});
