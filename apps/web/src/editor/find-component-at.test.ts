import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findComponentAt, findScreenAt, findScreenTarget, setPropertyAt, valueAt } from './find-component-at.js';

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

const twoScreens = JSON.stringify({
  version: '7.2',
  screens: [
    { id: 'FIRST', layout: { type: 'SingleColumnLayout', children: [{ type: 'TextHeading', text: 'One' }, { type: 'TextInput', name: 'a', label: 'A' }] } },
    { id: 'SECOND', terminal: true, layout: { type: 'SingleColumnLayout', children: [{ type: 'TextBody', text: 'Two' }, { type: 'Footer', label: 'Done' }] } },
  ],
}, null, 2);

test('a cursor on a screen\'s id is in no component, not in the previous screen\'s last one', () => {
  const onId = twoScreens.indexOf('"SECOND"');
  assert.equal(findComponentAt(twoScreens, onId), undefined);
  assert.equal(findScreenAt(twoScreens, onId), 'SECOND');
  assert.equal(findScreenAt(twoScreens, twoScreens.indexOf('"A"')), 'FIRST');
  assert.equal(findComponentAt(twoScreens, twoScreens.indexOf('"Done"'))?.component['type'], 'Footer');
});

test('the innermost component holding the cursor wins over the layout around it', () => {
  assert.equal(findComponentAt(twoScreens, twoScreens.indexOf('"Two"'))?.pointer, '/screens/1/layout/children/0');
});

test('choosing a screen in the graph selects that screen\'s first component', () => {
  const target = findScreenTarget(twoScreens, 'SECOND');
  assert.equal(target?.selection?.pointer, '/screens/1/layout/children/0');
  assert.equal(target?.selection?.component['text'], 'Two');
  assert.equal(findComponentAt(twoScreens, target?.offset ?? -1)?.pointer, '/screens/1/layout/children/0');
  assert.equal(findScreenTarget(twoScreens, 'NONE'), undefined);
});
