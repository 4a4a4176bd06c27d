import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DataSources } from '../sources/data-sources.js';
import { resolveRecord, resolveValue, type ValueScope } from './resolve-value.js';

/** Data sources that record the order of lookups and answer each after `delayMs`. */
function recordingSources(calls: string[], delayMs: number): DataSources {
  const unused = () => Promise.reject(new Error('not used here'));
  return {
    lookup: async (table) => {
      calls.push(`start ${table}`);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      calls.push(`end ${table}`);
      return [{ code: table, name: table.toUpperCase() }];
    },
    resources: unused,
    slots: unused,
    book: unused,
    httpGet: unused,
  };
}

describe('resolveValue', () => {
  it('answers synchronously (no promise) when no value waits on a source, and never builds the sources', () => {
    let built = 0;
    const scope: ValueScope = {
      request: { topic: 'billing', name: 'Ana' },
      booking: undefined,
      get sources(): DataSources {
        built++;
        throw new Error('sources read');
      },
    };
    const data = resolveRecord({ topic: { $request: 'topic' }, summary: { $template: 'for {request.name}' }, options: { $source: { kind: 'static', items: [{ id: 'a' }] } }, list: [1, { $request: 'name' }], fixed: 3 }, scope);
    assert.ok(!(data instanceof Promise));
    assert.deepEqual(data, { topic: 'billing', summary: 'for Ana', options: [{ id: 'a' }], list: [1, 'Ana'], fixed: 3 });
    assert.equal(built, 0);
  });

  it('a request field left out takes the default given, else stays absent; a field present keeps its value', () => {
    const scope: ValueScope = { request: { photo: [{ media_id: 'm1' }], empty: '' }, booking: undefined, sources: {} as DataSources };
    const data = resolveRecord({ missing: { $request: 'photo_2', default: [] }, absent: { $request: 'photo_2' }, given: { $request: 'photo', default: [] }, empty: { $request: 'empty', default: 'x' } }, scope);
    assert.deepEqual(data, { missing: [], absent: undefined, given: [{ media_id: 'm1' }], empty: '' });
  });

  it('waits for sources one after the other, in the order of the keys, and keeps that order in the answer', async () => {
    const calls: string[] = [];
    const scope: ValueScope = { request: { topic: 'billing' }, booking: undefined, sources: recordingSources(calls, 5) };
    const spec = {
      first: { $request: 'topic' },
      a: { $source: { kind: 'lookup', table: 'one', fields: { id: 'code', title: 'name' } } },
      middle: 'literal',
      b: { $source: { kind: 'lookup', table: 'two', fields: { id: 'code', title: 'name' } } },
    };
    const data = resolveRecord(spec, scope);
    assert.ok(data instanceof Promise);
    const resolved = await data;
    assert.deepEqual(calls, ['start one', 'end one', 'start two', 'end two']);
    assert.deepEqual(Object.keys(resolved), ['first', 'a', 'middle', 'b']);
    assert.deepEqual(resolved, { first: 'billing', a: [{ id: 'one', title: 'ONE' }], middle: 'literal', b: [{ id: 'two', title: 'TWO' }] });
  });

  it('gives a rejected promise when a source fails', async () => {
    const scope: ValueScope = { request: {}, booking: undefined, sources: { ...recordingSources([], 1), lookup: () => Promise.reject(new Error('table gone')) } };
    const value = resolveValue({ nested: { $source: { kind: 'lookup', table: 'x' } } }, scope);
    await assert.rejects(Promise.resolve(value), /table gone/);
  });
});
