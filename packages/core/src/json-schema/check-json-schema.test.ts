import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkJsonSchema, matchesJsonType, type SchemaMismatch } from './check-json-schema.js';

const brief = (mismatches: readonly SchemaMismatch[]): string[] => mismatches.map((m) => `${m.pointer} ${m.keyword}`);

describe('checkJsonSchema', () => {
  it('accepts a value that fits every keyword', () => {
    const schema = {
      type: 'object',
      required: ['name', 'tags'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 5, pattern: '^[a-z]+$' },
        age: { type: 'integer', minimum: 0, maximum: 150 },
        tags: { type: 'array', minItems: 1, maxItems: 2, items: { enum: ['a', 'b'] } },
        kind: { const: 'person' },
        note: { type: ['string', 'null'] },
      },
    };
    assert.deepEqual(checkJsonSchema(schema, { name: 'ann', age: 3, tags: ['a'], kind: 'person', note: null }), []);
  });

  it('reports each broken keyword at the pointer of the value concerned', () => {
    const schema = {
      type: 'object',
      required: ['name', 'id'],
      minProperties: 4,
      additionalProperties: false,
      properties: {
        name: { type: 'string', maxLength: 2, pattern: '^[a-z]+$' },
        age: { type: 'integer', minimum: 0 },
        'a/b': { type: 'array', maxItems: 1, items: { type: 'number' } },
        kind: { const: 'person' },
        id: {},
      },
    };
    const found = checkJsonSchema(schema, { name: 'ANNE', age: -1.5, 'a/b': [1, 'x'], kind: 'robot', extra: 1 });
    assert.deepEqual(brief(found), [
      ' required',
      '/name maxLength',
      '/name pattern',
      '/age type',
      '/a~1b maxItems',
      '/a~1b/1 type',
      '/kind const',
      '/extra additionalProperties',
    ]);
    assert.deepEqual(found[0], { keyword: 'required', pointer: '', property: 'id' });
    assert.deepEqual(found[3], { keyword: 'type', pointer: '/age', expected: ['integer'], actual: 'number' });
    assert.deepEqual(found[6], { keyword: 'const', pointer: '/kind', expected: 'person' });
    assert.deepEqual(brief(checkJsonSchema(schema, { name: 'a', id: 1 })), [' minProperties']);
  });

  it('stops at a type mismatch, as nothing else about the value can be said', () => {
    assert.deepEqual(brief(checkJsonSchema({ type: 'string', enum: ['a'], maxLength: 0 }, 5)), [' type']);
  });

  it('reports a failed anyOf with the mismatches of every alternative, and allOf with if/then', () => {
    const found = checkJsonSchema({ anyOf: [{ type: 'string' }, { type: 'object', required: ['x'] }] }, {});
    assert.equal(found.length, 1);
    const anyOf = found[0];
    assert.ok(anyOf?.keyword === 'anyOf');
    assert.deepEqual(anyOf.alternatives.map(brief), [[' type'], [' required']]);
    assert.deepEqual(checkJsonSchema({ anyOf: [{ type: 'string' }, { type: 'number' }] }, 1), []);
    const conditional = { allOf: [{ if: { properties: { a: { const: 1 } } }, then: { required: ['b'] } }] };
    assert.deepEqual(brief(checkJsonSchema(conditional, { a: 1 })), [' required']);
    assert.deepEqual(checkJsonSchema(conditional, { a: 2 }), []);
  });

  it('follows $ref to #/definitions and reports one it cannot resolve instead of throwing', () => {
    const schema = { definitions: { name: { type: 'string' } }, properties: { a: { $ref: '#/definitions/name' }, b: { $ref: '#/nowhere' } } };
    assert.deepEqual(brief(checkJsonSchema(schema, { a: 1, b: 2 })), ['/a type', '/b $ref']);
  });

  it('honours only the keywords asked for (the data model subset ignores required and additionalProperties)', () => {
    const schema = { type: 'object', required: ['x'], additionalProperties: false, properties: { y: { type: 'string', enum: ['a'] } } };
    const keywords = new Set(['type', 'enum', 'items', 'properties'] as const);
    assert.deepEqual(brief(checkJsonSchema(schema, { y: 'b', z: 1 }, { keywords })), ['/y enum']);
  });

  it('accepts anything against a schema that is not an object or a type it does not know', () => {
    for (const schema of [true, undefined, null, 'string', { type: 'decimal' }]) assert.deepEqual(checkJsonSchema(schema, { any: 1 }), []);
  });

  it('checks own properties only, whatever their names', () => {
    const schema = JSON.parse('{"properties": {"toString": {"type": "string"}, "__proto__": {"type": "string"}}}') as unknown;
    assert.deepEqual(checkJsonSchema(schema, {}), []);
    assert.deepEqual(brief(checkJsonSchema(schema, JSON.parse('{"__proto__": 1}'))), ['/__proto__ type']);
    assert.deepEqual(brief(checkJsonSchema({ additionalProperties: false }, JSON.parse('{"__proto__": 1}'))), ['/__proto__ additionalProperties']);
  });

  it('stops after the limit', () => {
    const value = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]));
    assert.equal(checkJsonSchema({ additionalProperties: { type: 'string' } }, value, { limit: 10 }).length, 10);
  });
});

describe('matchesJsonType', () => {
  it('tells the JSON types apart; a number is finite, an integer whole', () => {
    assert.equal(matchesJsonType('number', 1.5), true);
    assert.equal(matchesJsonType('number', Number.POSITIVE_INFINITY), false);
    assert.equal(matchesJsonType('integer', 2), true);
    assert.equal(matchesJsonType('integer', 2.5), false);
    assert.equal(matchesJsonType('object', []), false);
    assert.equal(matchesJsonType('array', []), true);
    assert.equal(matchesJsonType('null', null), true);
    assert.equal(matchesJsonType('boolean', 0), false);
  });
});
