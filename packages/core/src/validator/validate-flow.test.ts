import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { INTERNAL_ERROR_CODE, validateFlow, validateFlowDocument } from './validate-flow.js';
import { readCorpus, readExpectedCodes } from './test-support/corpus.js';
import { flow, terminal, text } from './test-support/flow-fixtures.js';

const valid = readCorpus('flows');
const invalid = readCorpus('invalid');

describe('validateFlow on the corpus', () => {
  it('reads the whole corpus', () => {
    assert.equal(valid.length, 57);
    assert.equal(invalid.length, 24);
  });

  for (const { file, text: source } of valid) {
    it(`accepts ${file} with zero errors`, () => {
      const result = validateFlow(source);
      const listing = result.errors.map((p) => `  ${p.code} ${p.pointer} (${p.line}:${p.column}) ${p.message}`).join('\n');
      assert.equal(result.errors.length, 0, `${file}:\n${listing}`);
      assert.equal(result.valid, true);
    });
  }

  const expected = readExpectedCodes();
  for (const { file, text: source } of invalid) {
    it(`reports ${expected[file] ?? '?'} for ${file}`, () => {
      const result = validateFlow(source);
      const codes = result.errors.map((p) => p.code);
      assert.ok(codes.includes(expected[file] ?? ''), `${file}: got ${codes.join(', ')}`);
      assert.equal(result.valid, false);
      assert.ok(!codes.includes(INTERNAL_ERROR_CODE));
    });
  }
});

describe('validateFlow', () => {
  it('reports JSON syntax errors as INVALID_FLOW_JSON with line and column', () => {
    const result = validateFlow('{\n  "version": "7.2",\n  "screens": [],,\n}');
    assert.equal(result.valid, false);
    assert.equal(result.errors.length, 1);
    const [error] = result.errors;
    assert.equal(error?.code, 'INVALID_FLOW_JSON');
    assert.equal(error?.line, 3);
    assert.equal(error?.column, 17);
  });

  it('sorts problems by position', () => {
    const source = text(flow([terminal('B', [{ type: 'TextBody', text: '${data.b}' }]), terminal('B', [{ type: 'TextBody', text: '${data.a}' }])]));
    const { errors } = validateFlow(source);
    assert.ok(errors.length >= 3);
    for (let i = 1; i < errors.length; i += 1) {
      const a = errors[i - 1];
      const b = errors[i];
      assert.ok(a !== undefined && b !== undefined && (a.line < b.line || (a.line === b.line && a.column <= b.column)));
    }
  });

  it('warns about frozen versions only when asked relative to the given date', () => {
    const source = text(flow([terminal('A')], {}, '2.1'));
    const frozen = validateFlow(source, { now: new Date('2026-01-01') }).warnings.map((w) => w.code);
    assert.ok(frozen.includes('FLOWLINE_VERSION_FROZEN'));
    const before = validateFlow(source, { now: new Date('2025-03-01') }).warnings.map((w) => w.code);
    assert.ok(before.includes('FLOWLINE_VERSION_EXPIRING'));
    assert.ok(!before.includes('FLOWLINE_VERSION_FROZEN'));
  });

  it('never throws and never reports internal errors for mutated corpus documents', () => {
    const docs = valid.filter((d) => d.text.length < 40_000).map((d) => JSON.parse(d.text) as unknown);
    const mutate = (value: unknown, path: readonly number[], replacement: unknown, op: number): unknown => {
      if (path.length === 0) return op === 0 ? replacement : value;
      const [head = 0, ...rest] = path;
      if (Array.isArray(value)) {
        if (value.length === 0) return replacement;
        const i = head % value.length;
        const copy = [...value];
        if (rest.length === 0 && op === 1) copy.splice(i, 1);
        else if (rest.length === 0 && op === 2) copy.splice(i, 0, copy[i]);
        else copy[i] = mutate(copy[i], rest, replacement, op);
        return copy;
      }
      if (typeof value === 'object' && value !== null) {
        const keys = Object.keys(value);
        if (keys.length === 0) return replacement;
        const key = keys[head % keys.length] ?? '';
        const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
        if (rest.length === 0 && op === 1) delete copy[key];
        else if (rest.length === 0 && op === 2) copy[`${key}_copy`] = copy[key];
        else copy[key] = mutate(copy[key], rest, replacement, op);
        return copy;
      }
      return replacement;
    };
    fc.assert(
      fc.property(
        fc.nat(docs.length - 1),
        fc.array(fc.nat(40), { minLength: 1, maxLength: 9 }),
        fc.jsonValue({ maxDepth: 3 }),
        fc.nat(3),
        fc.nat(200),
        (which, path, replacement, op, cut) => {
          const mutated = mutate(docs[which], path, replacement, op);
          const source = JSON.stringify(mutated, null, 2);
          for (const input of [source, op === 3 ? source.slice(0, source.length - cut) : source]) {
            const result = validateFlow(input);
            assert.equal(typeof result.valid, 'boolean');
            assert.ok(!result.errors.some((p) => p.code === INTERNAL_ERROR_CODE), JSON.stringify(result.errors.find((p) => p.code === INTERNAL_ERROR_CODE)));
            for (const p of [...result.errors, ...result.warnings]) assert.ok(p.line >= 1 && p.column >= 1);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('never throws and never reports internal errors for arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const result = validateFlowDocument(value);
        assert.ok(!result.errors.some((p) => p.code === INTERNAL_ERROR_CODE));
        const fromText = validateFlow(JSON.stringify(value) ?? 'null');
        assert.ok(!fromText.errors.some((p) => p.code === INTERNAL_ERROR_CODE));
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (source) => {
        const result = validateFlow(source);
        assert.equal(typeof result.valid, 'boolean');
      }),
      { numRuns: 1000 },
    );
  });
});
