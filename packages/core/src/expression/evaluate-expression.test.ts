import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectReferences } from './collect-references.js';
import { evaluateExpression, resolveDynamic } from './evaluate-expression.js';
import { parseCondition } from './parse-condition.js';
import { parseNestedExpression } from './parse-nested-expression.js';
import { formatReference, type Reference } from './reference.js';

const VALUES: Record<string, unknown> = {
  '${form.first_name}': 'Ana',
  '${form.age}': 30,
  '${data.price}': 2.5,
  '${form.qty}': 4,
  '${data.zero}': 0,
  '${data.nothing}': null,
  '${data.flag}': true,
  '${form.animal}': 'cat',
  '${form.empty}': '',
  '${screen.S.form.choice}': 'b',
  '${data.list}': ['x'],
};
const resolve = (ref: Reference): unknown => VALUES[formatReference(ref)];

function run(source: string): unknown {
  const parsed = source.startsWith('`') ? parseNestedExpression(source) : parseCondition(source);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.message);
  return parsed.ok ? evaluateExpression(parsed.ast, resolve) : undefined;
}

describe('evaluateExpression', () => {
  const CASES: readonly [string, unknown][] = [
    ["` 'Hello ' ${form.first_name}`", 'Hello Ana'],
    ["`${form.first_name} ' you are ' ${form.age} ' years old.' `", 'Ana you are 30 years old.'],
    ["`'Total: ' (${data.price} * ${form.qty})`", 'Total: 10'],
    ['`${form.age} > 18`', true],
    ['`${form.age} <= 18`', false],
    ['`${form.age} / ${data.zero}`', 0],
    ['`${form.age} % ${data.zero}`', 0],
    ['`${form.age} / ${data.nothing}`', 0],
    ['`${form.age} % 7`', 2],
    ['`${form.age} - 40`', -10],
    ['`(21 + ${form.age}) + 21`', 72],
    ["`'a' ${data.flag} ' ' ${data.nothing} 'b'`", 'atrue b'],
    ["${data.flag} && (${form.animal} == 'cat')", true],
    ["${data.flag} && (${form.animal} == 'dog')", false],
    ["(${form.empty} != '')", false],
    ["(${form.missing} == '')", true],
    ["(${screen.S.form.choice} != '')", true],
    ['!${data.flag}', false],
    ['${data.nothing} || ${data.flag}', true],
    ['`${form.age} == 30`', true],
    ['`!(${form.age} > 18) && ${data.flag}`', false],
  ];
  for (const [source, expected] of CASES) {
    it(`evaluates ${source}`, () => assert.deepEqual(run(source), expected));
  }
});

describe('resolveDynamic', () => {
  it('resolves bindings, nested expressions and literals inside payloads', () => {
    const payload = {
      name: '${form.first_name}',
      greeting: "`'Hi ' ${form.first_name}`",
      fixed: 'literal',
      count: 3,
      nested: [{ qty: '${form.qty}' }, '${screen.S.form.choice}'],
      broken: '${data.',
    };
    assert.deepEqual(resolveDynamic(payload, resolve), {
      name: 'Ana',
      greeting: 'Hi Ana',
      fixed: 'literal',
      count: 3,
      nested: [{ qty: 4 }, 'b'],
      broken: '${data.',
    });
  });

  it('keeps the type of a whole binding (arrays stay arrays)', () => {
    assert.deepEqual(resolveDynamic('${data.list}', resolve), ['x']);
  });
});

describe('collectReferences', () => {
  it('lists references in source order', () => {
    const parsed = parseNestedExpression("`${form.a} ' ' (${data.b} + ${screen.S.form.c}) !${data.d}`");
    assert.ok(parsed.ok);
    if (!parsed.ok) return;
    assert.deepEqual(collectReferences(parsed.ast).map(formatReference), ['${form.a}', '${data.b}', '${screen.S.form.c}', '${data.d}']);
  });
});
