import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findComponentAt, setPropertyAt, valueAt } from './find-component-at.js';

const text = JSON.stringify({
  version: '7.2',
  screens: [{ id: 'A', layout: { type: 'SingleColumnLayout', children: [
    { type: 'TextHeading', text: 'Hello' },
    { type: 'TextInput', name: 'email', label: 'Email', 'input-type': 'email' },
  ] } }],
}, null, 2);

test('finds the component the cursor is in, by its JSON pointer', () => {
  const at = findComponentAt(text, text.indexOf('"Email"'));
  assert.equal(at?.pointer, '/screens/0/layout/children/1');
  assert.equal(at?.component['name'], 'email');
  assert.equal(findComponentAt(text, text.indexOf('"Hello"'))?.component['type'], 'TextHeading');
});

test('finds nothing before the first component or in text that does not parse', () => {
  assert.equal(findComponentAt(text, text.indexOf('"version"')), undefined);
  assert.equal(findComponentAt('{"screens": [', 5), undefined);
});

test('writes a property back into the document and removes it for undefined', () => {
  const changed = setPropertyAt(text, '/screens/0/layout/children/1', 'label', 'Your email');
  assert.equal(valueAt(JSON.parse(changed ?? ''), '/screens/0/layout/children/1/label'), 'Your email');
  const removed = setPropertyAt(text, '/screens/0/layout/children/1', 'input-type', undefined);
  assert.equal(valueAt(JSON.parse(removed ?? ''), '/screens/0/layout/children/1/input-type'), undefined);
  assert.equal(setPropertyAt('not json', '/a', 'b', 1), undefined);
  assert.equal(setPropertyAt(text, '/screens/9', 'b', 1), undefined);
});
