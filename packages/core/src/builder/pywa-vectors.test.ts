import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { textInput } from './components.js';
import { dataField } from './data-field.js';
import { flow, screen } from './flow.js';
import { add, and, div, eq, gt, ge, le, lt, mod, mul, ne, not, or, str, sub } from './operators.js';
import { data, form, refOf, screenRef } from './refs.js';

const corpus = path.join(process.env.FLOWLINE_REPO_ROOT ?? process.cwd(), '..', 'shared', 'corpus');
const file: unknown = JSON.parse(readFileSync(path.join(corpus, 'peers', 'pywa__expression_vectors.json'), 'utf8'));

interface Vector {
  readonly test: string;
  readonly expected: string;
}
function vectors(value: unknown): Vector[] {
  assert.ok(typeof value === 'object' && value !== null && 'vectors' in value && Array.isArray(value.vectors));
  return value.vectors.map((v: unknown): Vector => {
    assert.ok(typeof v === 'object' && v !== null && 'test' in v && 'expected' in v && typeof v.test === 'string' && typeof v.expected === 'string');
    return { test: v.test, expected: v.expected };
  });
}

const age = data('age');
const height = data('height');
const verified = form('is_verified');
const start = screen({ id: 'START', children: [] });
const input = textInput({ name: 'test', label: 'Test' });
const field = dataField('test', 'Example');

/** Each pywa expression (tests/test_flows.py) translated into a builder call, in the file's order. */
const TRANSLATIONS: readonly [string, () => string][] = [
  ['ComponentRef("test")', () => form('test').toString()],
  ['ComponentRef("test", screen="START")', () => screenRef('START').form('test').toString()],
  ['TextInput(...).ref', () => refOf(input).toString()],
  ['TextInput(...).ref_in(screen="START")', () => refOf(input, 'START').toString()],
  ['in_ref', () => screen('START').form('test').toString()],
  ['ScreenDataRef("test")', () => data('test').toString()],
  ['ScreenDataRef("test", screen="START")', () => screenRef('START').data('test').toString()],
  ['ScreenData(...).ref', () => field.ref.toString()],
  ['ScreenData(...).ref_in(screen="START")', () => field.refIn('START').toString()],
  ['in_ref (data)', () => screen('START').data('test').toString()],
  ['ref without screen', () => age.toString()],
  ['ref with screen id', () => screenRef('START').data('age').toString()],
  ['ref with screen', () => screen(start.id).data('age').toString()],
  ['ref == 21', () => eq(age, 21).toString()],
  ['ref != 18', () => ne(age, 18).toString()],
  ['ref > 21', () => gt(age, 21).toString()],
  ['ref >= 21', () => ge(age, 21).toString()],
  ['ref < 21', () => lt(age, 21).toString()],
  ['ref <= 21', () => le(age, 21).toString()],
  ['ref + 21', () => add(age, 21).operand()],
  ['21 + ref', () => add(21, age).operand()],
  ['ref - 21', () => sub(age, 21).operand()],
  ['21 - ref', () => sub(21, age).operand()],
  ['ref * 21', () => mul(age, 21).operand()],
  ['21 * ref', () => mul(21, age).operand()],
  ['ref / 21', () => div(age, 21).operand()],
  ['21 / ref', () => div(21, age).operand()],
  ['ref % 21', () => mod(age, 21).operand()],
  ['21 % ref', () => mod(21, age).operand()],
  ['ref + ref', () => add(age, height).operand()],
  ['ref + (21 + ref)', () => add(age, add(21, age)).operand()],
  ['(21 + ref) + ref', () => add(add(21, age), age).operand()],
  ['math_op_1 + math_op_2', () => add(add(21, age), add(21, age)).operand()],
  ['(21 + ref) + 21', () => add(add(21, age), 21).operand()],
  ['(ref + (21 + ref)) + ref', () => add(add(age, add(21, age)), age).operand()],
  ['ref & ref', () => and(age, verified).toString()],
  ['ref | ref', () => or(age, verified).toString()],
  ['(ref > 21) & (ref == True)', () => and(gt(age, 21), eq(verified, true)).toString()],
  ['(ref < 18) | (ref == False)', () => or(lt(age, 18), eq(verified, false)).toString()],
  ['~ref', () => not(age).toString()],
  ['~(ref > 18) & (ref == True)', () => and(not(gt(age, 18)), eq(verified, true)).toString()],
  ['ref & (ref > 18)', () => and(verified, gt(age, 18)).toString()],
  ['(ref > 18) & ref', () => and(gt(age, 18), verified).toString()],
  ['condition with backticks', () => gt(age, 18).toString()],
  ['condition without backticks', () => gt(age, 18).toCondition()],
  ['FlowStr backtick', () => str`This is an example for Ana\`s house.`.toString()],
  ['FlowStr quote', () => str`This is an example for Ana's house.`.toString()],
  ['FlowStr already escaped', () => str`This is an example with already escaped backticks \\\\\`.`.toString()],
  ['FlowStr vars', () => str`This is an example with vars ${form('age')} and ${form('height')}.`.toString()],
  [
    'FlowStr quoted vars',
    () => str`This is an example with \`${form('age')}\` wrapped in backticks and '${form('height')}' with single quotes.`.toString(),
  ],
  [
    'FlowStr math vars',
    () => str`This is an example with math expression ${add(form('age'), form('height'))} and ${sub(form('age'), form('height'))}.`.toString(),
  ],
];

describe("pywa's expression vectors", () => {
  const expected = vectors(file);
  it('has one translation per vector', () => assert.equal(TRANSLATIONS.length, expected.length));
  TRANSLATIONS.forEach(([name, build], i) => {
    it(`${expected[i]?.test ?? '?'}: ${name}`, () => assert.equal(build(), expected[i]?.expected));
  });
  it('produces a document usable as Flow JSON', () => {
    assert.deepEqual(flow({ version: '6.0', screens: [start] }), { version: '6.0', screens: [{ id: 'START', layout: { type: 'SingleColumnLayout', children: [] } }] });
  });
});

describe('builder typing', () => {
  it('rejects operands of the wrong declared type at compile time', () => {
    const name = data<string>('name');
    const flag = form<boolean>('agree');
    // @ts-expect-error a string reference is not a number operand
    const math = add(name, 1);
    // @ts-expect-error a number is not a boolean operand
    const logic = and(flag, 3);
    assert.equal(math.operand(), '(${data.name} + 1)');
    assert.equal(logic.toCondition(), '(${form.agree} && 3)');
    assert.equal(and(flag, gt(data<number>('n'), 2)).toCondition(), '(${form.agree} && (${data.n} > 2))');
  });
});
