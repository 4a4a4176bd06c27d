import assert from 'node:assert/strict';
import { test } from 'node:test';
import { array, boolean, either, integer, nullable, number, object, oneOf, optional, record, string, unknownValue, type Infer } from './schema.js';

test('an object refuses unknown properties, names missing ones and reports every issue with its JSON pointer', () => {
  const s = object({ id: string({ maxLength: 3 }), name: string(), note: optional(string()) });
  assert.deepEqual(s.parse({ id: 'abcd', extra: 1 }), {
    ok: false,
    issues: [
      { pointer: '/extra', message: 'unknown property' },
      { pointer: '/id', message: 'must be at most 3 characters' },
      { pointer: '/name', message: 'is required' },
    ],
  });
  assert.deepEqual(s.parse({ id: 'ab', name: 'x' }), { ok: true, value: { id: 'ab', name: 'x' } });
  assert.deepEqual(s.parse([]), { ok: false, issues: [{ pointer: '', message: 'expected an object, got an array' }] });
});

test('an object describes itself as JSON Schema with its required keys and no additional properties', () => {
  const s = object({ id: string({ pattern: '^[a-z]+$' }), n: optional(integer({ minimum: 1 })) }, 'a thing');
  assert.deepEqual(s.json, {
    type: 'object',
    properties: { id: { type: 'string', pattern: '^[a-z]+$' }, n: { type: 'integer', minimum: 1 } },
    required: ['id'],
    additionalProperties: false,
    description: 'a thing',
  });
});

test('strings are checked for type, length and pattern', () => {
  const s = string({ minLength: 2, pattern: '^[a-z]+$' });
  assert.deepEqual(s.parse(1), { ok: false, issues: [{ pointer: '', message: 'expected a string, got a number' }] });
  assert.deepEqual(s.parse('a'), { ok: false, issues: [{ pointer: '', message: 'must be at least 2 characters' }] });
  assert.deepEqual(s.parse('AB'), { ok: false, issues: [{ pointer: '', message: 'must match ^[a-z]+$' }] });
  assert.deepEqual(s.parse('ab'), { ok: true, value: 'ab' });
});

test('integers read from query text only as plain decimals, within bounds', () => {
  const q = integer({ minimum: 1, maximum: 200, fromString: true });
  assert.deepEqual(q.parse('20'), { ok: true, value: 20 });
  assert.deepEqual(q.parse('1e2'), { ok: false, issues: [{ pointer: '', message: 'expected an integer, got "1e2"' }] });
  assert.deepEqual(q.parse('0'), { ok: false, issues: [{ pointer: '', message: 'must be at least 1' }] });
  assert.deepEqual(q.parse(201), { ok: false, issues: [{ pointer: '', message: 'must be at most 200' }] });
  assert.deepEqual(integer().parse('20'), { ok: false, issues: [{ pointer: '', message: 'expected an integer, got "20"' }] });
  assert.deepEqual(integer().parse(1.5), { ok: false, issues: [{ pointer: '', message: 'expected an integer, got a number' }] });
  assert.deepEqual(q.json, { type: 'integer', minimum: 1, maximum: 200 }, 'fromString is not part of the JSON Schema');
});

test('numbers are finite; booleans read from query text only as true or false', () => {
  assert.deepEqual(number().parse(Number.NaN), { ok: false, issues: [{ pointer: '', message: 'expected a number, got a number' }] });
  assert.deepEqual(number().parse(0.5), { ok: true, value: 0.5 });
  assert.deepEqual(boolean({ fromString: true }).parse('false'), { ok: true, value: false });
  assert.deepEqual(boolean({ fromString: true }).parse('1'), { ok: false, issues: [{ pointer: '', message: 'expected a boolean, got a string' }] });
  assert.deepEqual(boolean().parse('true'), { ok: false, issues: [{ pointer: '', message: 'expected a boolean, got a string' }] });
});

test('a word list accepts only its words and lists them when refusing', () => {
  const s = oneOf(['draft', 'published']);
  assert.deepEqual(s.parse('published'), { ok: true, value: 'published' });
  assert.deepEqual(s.parse('gone'), { ok: false, issues: [{ pointer: '', message: 'must be one of draft, published' }] });
  assert.deepEqual(s.json, { type: 'string', enum: ['draft', 'published'] });
});

test('arrays point at the items they refuse and are bounded in size', () => {
  const s = array(integer(), { maxItems: 2 });
  assert.deepEqual(s.parse([1, 'x']), { ok: false, issues: [{ pointer: '/1', message: 'expected an integer, got "x"' }] });
  assert.deepEqual(s.parse([1, 2, 3]), { ok: false, issues: [{ pointer: '', message: 'must have at most 2 items' }] });
  assert.deepEqual(object({ list: s }).parse({ list: [null] }), { ok: false, issues: [{ pointer: '/list/0', message: 'expected an integer, got null' }] });
});

test('nullable, either, record and unknownValue', () => {
  assert.deepEqual(nullable(string()).parse(null), { ok: true, value: null });
  assert.deepEqual(nullable(string()).json, { anyOf: [{ type: 'string' }, { type: 'null' }] });
  const textOrObject = either(string(), record());
  assert.deepEqual(textOrObject.parse({ a: 1 }), { ok: true, value: { a: 1 } });
  assert.deepEqual(textOrObject.parse(3), { ok: false, issues: [{ pointer: '', message: 'expected a string, got a number' }, { pointer: '', message: 'expected an object, got a number' }] });
  assert.deepEqual(unknownValue('anything').parse(undefined), { ok: true, value: undefined });
  assert.deepEqual(unknownValue('anything').json, { description: 'anything' });
});

test('the inferred type of an object leaves optional keys absent', () => {
  const s = object({ a: string(), b: optional(integer()) });
  const value: Infer<typeof s> = { a: 'x' };
  assert.deepEqual(s.parse(value), { ok: true, value });
});
