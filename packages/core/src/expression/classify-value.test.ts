import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyValue, isDynamicString } from './classify-value.js';
import { formatReference, parseReference } from './reference.js';

describe('classifyValue', () => {
  const BINDINGS: readonly [string, object][] = [
    ['${data.a}', { scope: 'data', path: ['a'] }],
    ['${data.a.b}', { scope: 'data', path: ['a', 'b'] }],
    ['${form.x}', { scope: 'form', path: ['x'] }],
    ['${screen.S.data.a}', { scope: 'data', screen: 'S', path: ['a'] }],
    ['${screen.S.form.x}', { scope: 'form', screen: 'S', path: ['x'] }],
    ['${screen.USAFIRI.kutoka}', { scope: 'form', screen: 'USAFIRI', path: ['kutoka'], implicitScope: true }],
  ];
  for (const [value, ref] of BINDINGS) {
    it(`reads ${value} as a binding and prints it back`, () => {
      const result = classifyValue(value);
      assert.equal(result.kind, 'binding');
      if (result.kind !== 'binding') return;
      assert.deepEqual(result.ref, ref);
      assert.equal(formatReference(result.ref), value);
    });
  }

  it('reads plain text, empty strings and embedded ${…} text as literals', () => {
    for (const value of ['Hello', '', 'Price: ${data.price}', '`', 'a`b`']) assert.equal(classifyValue(value).kind, 'literal', value);
  });

  it('rejects malformed bindings', () => {
    for (const value of ['${data.}', '${data.x', '${}', '${form}', '${screen.S.form}', '${data.a-b}', '${other.x}', '${screen.S.x.y.z}']) {
      const result = classifyValue(value);
      assert.equal(result.kind, 'invalid', value);
    }
  });

  it('parses backtick values as nested expressions with their references', () => {
    const result = classifyValue("`'Total: ' (${data.price} * ${form.qty})`");
    assert.equal(result.kind, 'expression');
    if (result.kind !== 'expression') return;
    assert.deepEqual(result.refs, [{ scope: 'data', path: ['price'] }, { scope: 'form', path: ['qty'] }]);
  });

  it('reports a malformed nested expression as invalid with its column', () => {
    const result = classifyValue('`${form.a} >`');
    assert.equal(result.kind, 'invalid');
    if (result.kind !== 'invalid') return;
    assert.equal(result.error.message, "Missing operand after last operator '>'.");
  });

  it('tells dynamic strings from static ones', () => {
    assert.equal(isDynamicString('${data.a}'), true);
    assert.equal(isDynamicString('`${data.a} > 1`'), true);
    assert.equal(isDynamicString('plain'), false);
    assert.equal(isDynamicString('${data.'), false);
    assert.equal(isDynamicString(42), false);
  });

  it('parses reference segments strictly', () => {
    assert.equal(parseReference('data'), undefined);
    assert.equal(parseReference('screen.S'), undefined);
    assert.equal(parseReference('form.a b'), undefined);
  });
});
