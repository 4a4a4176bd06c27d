import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateFlow } from '../validate-flow.js';
import { flow, navigate, positionOf, screen, terminal, text, type Json } from '../test-support/flow-fixtures.js';

interface Case {
  readonly name: string;
  readonly doc: Json;
  readonly code: string;
  readonly pointer: string;
  /** Text found at the reported position: `at` is searched, `skip` characters of it are skipped. */
  readonly at: string;
  readonly skip?: number;
  readonly occurrence?: number;
  readonly message: RegExp;
}

/** A base64 string decoding to `kb` KiB plus one byte. */
const imageOver = (kb: number): string => 'A'.repeat(Math.ceil(((kb * 1024 + 3) * 4) / 3 / 4) * 4);
const options = (count: number, extra: { [key: string]: Json } = {}): Json[] =>
  Array.from({ length: count }, (_, i) => ({ id: String(i), title: `Option ${i}`, ...extra }));
const item = (id: string, extra: { [key: string]: Json } = {}): Json => ({ id, 'main-content': { title: `Item ${id}` }, ...extra });
const listScreen = (list: { [key: string]: Json }): Json[] => [
  screen('A', [{ type: 'NavigationList', name: 'list', ...list }]),
  terminal('B'),
];
const calendar = (extra: { [key: string]: Json }): Json => ({ type: 'CalendarPicker', name: 'when', label: 'When', ...extra });

const cases: Case[] = [
  { name: 'TextInput pattern requires helper-text', doc: flow([terminal('A', [{ type: 'TextInput', name: 'code', label: 'Code', pattern: '[0-9]{4}' }])]), code: 'INVALID_DEPENDENCIES', pointer: '/screens/0/layout/children/0', at: '{\n            "type": "TextInput"', message: /helper-text when property pattern/ },
  { name: 'TextInput pattern only with text, number, password or passcode input', doc: flow([terminal('A', [{ type: 'TextInput', name: 'mail', label: 'Mail', 'input-type': 'email', pattern: '.+@.+', 'helper-text': 'Your mail' }])]), code: 'INVALID_PROPERTY_VALUE', pointer: '/screens/0/layout/children/0/pattern', at: '"pattern": ".+@.+"', skip: 11, message: /input-type is 'email'/ },
  { name: 'CalendarPicker title only in range mode', doc: flow([terminal('A', [calendar({ title: 'Dates' })])]), code: 'NOT_KEYWORD_SCHEMA_VALIDATION_FAILED', pointer: '/screens/0/layout/children/0/title', at: '"title": "Dates"', message: /'title' can only be specified at CalendarPicker when property 'mode' is 'range'/ },
  { name: 'CalendarPicker min-days only in range mode', doc: flow([terminal('A', [calendar({ mode: 'single', 'min-days': 2 })])]), code: 'NOT_KEYWORD_SCHEMA_VALIDATION_FAILED', pointer: '/screens/0/layout/children/0/min-days', at: '"min-days"', message: /'min-days' can only be specified/ },
  { name: 'CalendarPicker object label only in range mode', doc: flow([terminal('A', [calendar({ label: { 'start-date': 'From', 'end-date': 'To' } })])]), code: 'INVALID_PROPERTY_TYPE', pointer: '/screens/0/layout/children/0/label', at: '"label": {', skip: 9, message: /range mode/ },
  { name: 'CalendarPicker unavailable dates lie within min and max', doc: flow([terminal('A', [calendar({ 'min-date': '2025-01-01', 'max-date': '2025-01-31', 'unavailable-dates': ['2025-01-10', '2025-02-03'] })])]), code: 'INVALID_PROPERTY_VALUE', pointer: '/screens/0/layout/children/0/unavailable-dates/1', at: '"2025-02-03"', message: /'2025-02-03' must lie between/ },
  { name: 'NavigationList end not with large media', doc: flow(listScreen({ 'media-size': 'large', 'on-click-action': navigate('B'), 'list-items': [item('a', { end: { title: 'Go' } })] })), code: 'INVALID_PROPERTY_VALUE', pointer: '/screens/0/layout/children/0/list-items/0/end', at: '"end"', message: /'end' cannot be specified/ },
  { name: 'NavigationList has one badge at most', doc: flow(listScreen({ 'on-click-action': navigate('B'), 'list-items': [item('a', { badge: 'New' }), item('b', { badge: 'Hot' })] })), code: 'INVALID_PROPERTY_VALUE', pointer: '/screens/0/layout/children/0/list-items/1/badge', at: '"Hot"', message: /one item of a NavigationList may have a badge/ },
  { name: 'NavigationList action not on the list and an item', doc: flow(listScreen({ 'on-click-action': navigate('B'), 'list-items': [item('a', { 'on-click-action': navigate('B') })] })), code: 'NOT_KEYWORD_SCHEMA_VALIDATION_FAILED', pointer: '/screens/0/layout/children/0/list-items/0/on-click-action', at: '"on-click-action"', occurrence: 1, message: /exclusively/ },
  { name: 'NavigationList items need an action without a list action', doc: flow(listScreen({ 'list-items': [item('a', { 'on-click-action': navigate('B') }), item('b')] })), code: 'MISSING_REQUIRED_TYPE_PROPERTY', pointer: '/screens/0/layout/children/0/list-items/1', at: '{\n                "id": "b"', message: /'on-click-action' is missing/ },
  { name: 'NavigationList start image at most 100 KB', doc: flow(listScreen({ 'on-click-action': navigate('B'), 'list-items': [item('a', { start: { image: imageOver(100) } })] })), code: 'INVALID_PROPERTY_VALUE', pointer: '/screens/0/layout/children/0/list-items/0/start/image', at: '"image": "', skip: 9, message: /at most 100 KB/ },
  { name: 'Dropdown has at most 100 options when one has an image', doc: flow([terminal('A', [{ type: 'Dropdown', name: 'd', label: 'Pick', 'data-source': [...options(100), { id: 'img', title: 'Img', image: 'iVBORw0KGgo=' }] }])]), code: 'INVALID_PROPERTY_VALUE', pointer: '/screens/0/layout/children/0/data-source', at: '"data-source": [', skip: 15, message: /at most 100 items when any item has an image, but has 101/ },
  { name: 'data-source images at most 100 KB from 6.0', doc: flow([terminal('A', [{ type: 'RadioButtonsGroup', name: 'r', label: 'Pick', 'data-source': options(1, { image: imageOver(100) }) }])]), code: 'INVALID_PROPERTY_VALUE', pointer: '/screens/0/layout/children/0/data-source/0/image', at: '"image": "', skip: 9, message: /at most 100 KB/ },
  { name: 'data-source images at most 300 KB before 6.0', doc: flow([terminal('A', [{ type: 'RadioButtonsGroup', name: 'r', label: 'Pick', 'data-source': options(1, { image: imageOver(300) }) }])], {}, '5.1'), code: 'INVALID_PROPERTY_VALUE', pointer: '/screens/0/layout/children/0/data-source/0/image', at: '"image": "', skip: 9, message: /at most 300 KB/ },
  { name: 'component init-value not inside a Form', doc: flow([terminal('A', [{ type: 'Form', name: 'f', children: [{ type: 'TextInput', name: 'n', label: 'Name', 'init-value': 'Ann' }] }])]), code: 'INVALID_PROPERTY_KEY', pointer: '/screens/0/layout/children/0/children/0/init-value', at: '"init-value"', message: /use the Form's 'init-values'/ },
  { name: 'RichText alone on its screen before 6.3', doc: flow([terminal('A', [{ type: 'RichText', text: '# Hi' }])], {}, '6.2'), code: 'INVALID_PROPERTY_VALUE', pointer: '/screens/0/layout/children/1', at: '{\n            "type": "Footer"', message: /only component on its screen before Flow JSON version 6.3; found Footer/ },
  { name: 'RichText shares its screen only with a Footer', doc: flow([terminal('A', [{ type: 'RichText', text: '# Hi' }, { type: 'TextBody', text: 'x' }])]), code: 'INVALID_PROPERTY_VALUE', pointer: '/screens/0/layout/children/1', at: '{\n            "type": "TextBody"', message: /only be combined with a Footer on its screen; found TextBody/ },
  { name: 'at most 50 components per screen', doc: flow([terminal('A', Array.from({ length: 50 }, (_, i): Json => ({ type: 'TextBody', text: `Line ${i}` })))]), code: 'INVALID_PROPERTY_VALUE', pointer: '/screens/0/layout/children', at: '"children": [', skip: 12, message: /components allowed per screen is 50 but found 51/ },
];

describe('checkComponentProperties', () => {
  for (const c of cases) {
    it(`reports ${c.name}`, () => {
      const source = text(c.doc);
      const result = validateFlow(source);
      const hit = result.errors.find((e) => e.code === c.code && e.pointer === c.pointer && c.message.test(e.message));
      assert.ok(hit, result.errors.map((e) => `${e.code} ${e.pointer} ${e.message}`).join('\n'));
      const at = positionOf(source, c.at, c.occurrence ?? 0);
      assert.deepEqual({ line: hit.line, column: hit.column }, { line: at.line, column: at.column + (c.skip ?? 0) });
    });
  }

  it('accepts the same components used as documented', () => {
    const doc = flow([
      screen('A', [{ type: 'NavigationList', name: 'list', 'media-size': 'large', 'list-items': [item('a', { badge: 'New', 'on-click-action': navigate('B') }), item('b', { 'on-click-action': navigate('B') })] }]),
      terminal('B', [
        { type: 'TextInput', name: 'code', label: 'Code', 'input-type': 'passcode', pattern: '[0-9]{4}', 'helper-text': 'Four digits' },
        calendar({ mode: 'range', title: 'Dates', 'min-days': 1, label: { 'start-date': 'From', 'end-date': 'To' }, 'min-date': '2025-01-01', 'max-date': '2025-01-31', 'unavailable-dates': ['2025-01-10'] }),
        { type: 'Dropdown', name: 'd', label: 'Pick', 'data-source': options(150) },
      ]),
    ]);
    const result = validateFlow(text(doc));
    assert.deepEqual(result.errors.map((e) => `${e.code} ${e.pointer} ${e.message}`), []);
  });

  it('accepts a RichText with a Footer from 6.3', () => {
    const result = validateFlow(text(flow([terminal('A', [{ type: 'RichText', text: '# Hi' }])], {}, '6.3')));
    assert.deepEqual(result.errors, []);
  });

  it('accepts a Footer-less NavigationList screen next to a footer screen', () => {
    const result = validateFlow(text(flow(listScreen({ 'on-click-action': navigate('B'), 'list-items': [item('a')] }))));
    assert.deepEqual(result.errors, []);
  });
});
