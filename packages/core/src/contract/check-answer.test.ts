import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkAnswer } from './check-answer.js';
import { deriveAnswerContract } from './derive-answer-contract.js';
import type { JsonSchema } from './json-schema.js';

const schema: JsonSchema = {
  type: 'object',
  properties: { name: { type: 'string' }, age: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } }, plan: { const: 'pro' } },
  required: ['name'],
  additionalProperties: false,
};

describe('checkAnswer', () => {
  const cases: [string, unknown, [string, string][]][] = [
    ['accepts a fitting answer', { name: 'Ana', age: 3, tags: ['a'], plan: 'pro' }, []],
    ['reports a missing required field', { age: 3 }, [['ANSWER_MISSING_FIELD', '/name']]],
    ['reports a wrong type', { name: 5 }, [['ANSWER_WRONG_TYPE', '/name']]],
    ['reports a non-integer', { name: 'a', age: 1.5 }, [['ANSWER_WRONG_TYPE', '/age']]],
    ['reports an array item of the wrong type', { name: 'a', tags: ['x', 2] }, [['ANSWER_WRONG_TYPE', '/tags/1']]],
    ['reports an unexpected field', { name: 'a', extra: 1 }, [['ANSWER_UNEXPECTED_FIELD', '/extra']]],
    ['reports a wrong const', { name: 'a', plan: 'free' }, [['ANSWER_WRONG_VALUE', '/plan']]],
    ['reports a non-object answer', 'a string', [['ANSWER_WRONG_TYPE', '']]],
  ];
  for (const [name, value, expected] of cases) {
    it(name, () => {
      assert.deepEqual(
        checkAnswer(schema, value).map((p) => [p.code, p.pointer]),
        expected,
      );
    });
  }

  it('accepts any alternative of anyOf and reports the closest one otherwise', () => {
    const either: JsonSchema = { anyOf: [{ type: 'object', properties: { a: { type: 'string' }, c: { type: 'string' } }, required: ['a', 'c'] }, { type: 'object', properties: { b: { type: 'number' } }, required: ['b'] }] };
    assert.deepEqual(checkAnswer(either, { b: 2 }), []);
    assert.deepEqual(checkAnswer(either, { b: 'x' }).map((p) => [p.code, p.pointer]), [['ANSWER_WRONG_TYPE', '/b']]);
  });

  it('checks answers against the completion contract derived from a Flow', () => {
    const flow = {
      version: '7.0',
      screens: [
        {
          id: 'ONE',
          terminal: true,
          layout: {
            type: 'SingleColumnLayout',
            children: [
              { type: 'TextInput', name: 'email', label: 'Email', required: true },
              { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: { email: '${form.email}', source: 'flow' } } },
            ],
          },
        },
      ],
    };
    const { completion } = deriveAnswerContract(flow);
    assert.deepEqual(checkAnswer(completion, { email: 'a@b.c', source: 'flow', flow_token: 't' }), []);
    assert.ok(checkAnswer(completion, { source: 'flow' }).some((p) => p.code === 'ANSWER_MISSING_FIELD' && p.pointer === '/email'));
  });
});
