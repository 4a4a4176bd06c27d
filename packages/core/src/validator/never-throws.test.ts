// Property tests: the validator returns a result, never an internal error, for documents made by
// splicing real Flow JSON subtrees into other corpus documents and for hostile names and keys.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parsePolicy } from '../policy/index.js';
import { readCorpus } from './test-support/corpus.js';
import { INTERNAL_ERROR_CODE, validateFlow } from './validate-flow.js';

const docs: unknown[] = readCorpus('flows')
  .filter((d) => d.text.length < 40_000)
  .map((d) => JSON.parse(d.text) as unknown); // corpus files are JSON by construction

/** Every subtree of a value (objects, arrays and leaves), in document order. */
function subtrees(value: unknown, out: unknown[] = []): unknown[] {
  out.push(value);
  if (Array.isArray(value)) for (const item of value) subtrees(item, out);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) subtrees(item, out);
  return out;
}

const donors = docs.flatMap((doc) => subtrees(doc));

/** A copy of `value` with the subtree at the `at`-th position (document order) replaced. */
function replaceAt(value: unknown, at: number, replacement: unknown): unknown {
  let counter = 0;
  const walk = (node: unknown): unknown => {
    if (counter++ === at) return replacement;
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node === 'object' && node !== null) {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(node)) copy[key] = walk(item);
      return copy;
    }
    return node;
  };
  return walk(value);
}

const HOSTILE = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '', '~1/', '${', '`'];

function assertSound(source: string): void {
  const policy = parsePolicy({ maxScreens: 2, maxComponentsPerScreen: 3 });
  const options = policy.ok ? { policy: policy.policy, now: new Date('2025-06-01') } : { now: new Date('2025-06-01') };
  const result = validateFlow(source, options);
  assert.equal(typeof result.valid, 'boolean');
  const internal = result.errors.find((p) => p.code === INTERNAL_ERROR_CODE);
  assert.equal(internal, undefined, internal?.message);
  for (const p of [...result.errors, ...result.warnings]) assert.ok(p.line >= 1 && p.column >= 1 && typeof p.pointer === 'string');
}

describe('validator soundness on generated documents', () => {
  it('gives a result for corpus documents with subtrees spliced in from other Flows', () => {
    fc.assert(
      fc.property(fc.nat(docs.length - 1), fc.nat(5000), fc.array(fc.nat(donors.length - 1), { minLength: 1, maxLength: 3 }), (which, at, picks) => {
        let doc = docs[which];
        const size = subtrees(doc).length;
        picks.forEach((pick, i) => {
          doc = replaceAt(doc, (at + i * 7919) % size, donors[pick]);
        });
        assertSound(JSON.stringify(doc, null, 2));
      }),
      { numRuns: 1500 },
    );
  });

  it('gives a result when names, ids, types and keys are hostile strings', () => {
    fc.assert(
      fc.property(fc.nat(docs.length - 1), fc.nat(5000), fc.constantFrom(...HOSTILE), fc.boolean(), (which, at, hostile, asKey) => {
        const doc = docs[which];
        const strings = subtrees(doc).length;
        const replaced = replaceAt(doc, at % strings, asKey ? { [hostile]: hostile, type: hostile, name: hostile, id: hostile } : hostile);
        // JSON.stringify drops a literal __proto__ key set through an object literal; write it into the text too.
        const source = JSON.stringify(replaced, null, 2).replace('"type":', `"${hostile === '__proto__' ? '__proto__' : 'type'}": {}, "type":`);
        assertSound(source);
      }),
      { numRuns: 1500 },
    );
  });
});
