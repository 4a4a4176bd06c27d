import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RawProblem } from '../../problem.js';
import { isFlowJsonVersion } from '../../model/index.js';
import { schemaRules } from './index.js';
import { isJsonObject } from '../../json/is-json-object.js';

function run(doc: unknown): RawProblem[] {
  const problems: RawProblem[] = [];
  const raw = isJsonObject(doc) ? doc['version'] : undefined;
  const version = typeof raw === 'string' && isFlowJsonVersion(raw) ? raw : undefined;
  for (const rule of schemaRules) rule({ doc, version, report: (p) => problems.push(p) });
  return problems;
}

const footer = { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: {} } };

function flow(children: unknown[], version = '7.3', screen: Record<string, unknown> = {}): Record<string, unknown> {
  return { version, screens: [{ id: 'FIRST', terminal: true, ...screen, layout: { type: 'SingleColumnLayout', children } }] };
}

function expectOnly(doc: unknown, code: string, pointer: string): RawProblem {
  const problems = run(doc);
  assert.deepEqual(
    problems.map((p) => [p.code, p.pointer]),
    [[code, pointer]],
    `expected exactly ${code} at ${pointer}, got ${JSON.stringify(problems)}`,
  );
  return problems[0] as RawProblem;
}

test('accepts a minimal valid document', () => {
  assert.deepEqual(run(flow([footer])), []);
});

test('reports a missing version', () => {
  const doc = flow([footer]);
  delete doc['version'];
  expectOnly(doc, 'MISSING_FLOW_JSON_VERSION', '');
});

test('reports a malformed or unknown version as INVALID_FLOW_JSON_VERSION', () => {
  expectOnly(flow([footer], '2024.0'), 'INVALID_FLOW_JSON_VERSION', '/version');
  expectOnly(flow([footer], 'A.B'), 'INVALID_FLOW_JSON_VERSION', '/version');
});

test('reports a version older than 2.1 or not a string as UNSUPPORTED_FLOW_JSON_VERSION', () => {
  expectOnly(flow([footer], '1.0'), 'UNSUPPORTED_FLOW_JSON_VERSION', '/version');
  expectOnly({ ...flow([footer]), version: 100 }, 'UNSUPPORTED_FLOW_JSON_VERSION', '/version');
});

test('reports an unknown top-level key at the key', () => {
  const problem = expectOnly({ ...flow([footer]), myNewProp: 'hello' }, 'INVALID_PROPERTY_KEY', '/myNewProp');
  assert.equal(problem.atKey, true);
});

test('reports data_channel_uri from 3.0 on, and accepts it in 2.1', () => {
  const problem = expectOnly({ ...flow([footer], '3.0'), data_channel_uri: 'https://example.com' }, 'INVALID_PROPERTY_KEY', '/data_channel_uri');
  assert.match(problem.message, /no longer supported .* '3\.0'/);
  assert.deepEqual(run({ ...flow([footer], '2.1'), data_channel_uri: 'https://example.com' }), []);
});

test('reports a data_channel_uri that is not a URI', () => {
  expectOnly({ ...flow([footer], '2.1'), data_channel_uri: 'placeholder_uri' }, 'INVALID_PROPERTY_VALUE_FORMAT', '/data_channel_uri');
});

test('reports a wrong JSON type with the expected and found types', () => {
  const problem = expectOnly(flow([{ ...footer, enabled: 'yes' }]), 'INVALID_PROPERTY_TYPE', '/screens/0/layout/children/0/enabled');
  assert.match(problem.message, /type 'boolean', but found 'string'/);
});

test('reports an unknown component type and an unknown layout type as INVALID_PROPERTY_VALUE', () => {
  expectOnly(flow([footer, { type: 'newComponent' }]), 'INVALID_PROPERTY_VALUE', '/screens/0/layout/children/1/type');
  const doc = flow([footer]);
  const screen = (doc['screens'] as Record<string, unknown>[])[0] as Record<string, unknown>;
  screen['layout'] = { type: 'myNewLayout', children: [footer] };
  expectOnly(doc, 'INVALID_PROPERTY_VALUE', '/screens/0/layout/type');
});

test('reports a component without type as MISSING_REQUIRED_TYPE_PROPERTY', () => {
  expectOnly(flow([footer, { text: 'Description' }]), 'MISSING_REQUIRED_TYPE_PROPERTY', '/screens/0/layout/children/1');
});

test('reports a missing required property at its object', () => {
  const problem = expectOnly(flow([{ type: 'Footer', 'on-click-action': { name: 'complete' } }]), 'MISSING_REQUIRED_TYPE_PROPERTY', '/screens/0/layout/children/0');
  assert.match(problem.message, /'label'/);
});

test('requires label on CheckboxGroup from 4.0 only', () => {
  const group = { type: 'CheckboxGroup', name: 'c', 'data-source': [{ id: '1', title: 'One' }] };
  assert.deepEqual(run(flow([{ type: 'Form', name: 'f', children: [group, footer] }], '3.1')), []);
  expectOnly(flow([group, footer], '4.0'), 'MISSING_REQUIRED_TYPE_PROPERTY', '/screens/0/layout/children/0');
});

test('reports a value outside an enum', () => {
  expectOnly(flow([{ type: 'TextBody', text: 'x', 'font-weight': 'heavy' }, footer]), 'INVALID_ENUM_VALUE', '/screens/0/layout/children/0/font-weight');
});

test('reports complete on an EmbeddedLink as INVALID_ENUM_VALUE', () => {
  const link = { type: 'EmbeddedLink', text: 'link', 'on-click-action': { name: 'complete', payload: {} } };
  const problem = expectOnly(flow([link, footer]), 'INVALID_ENUM_VALUE', '/screens/0/layout/children/0/on-click-action/name');
  assert.match(problem.message, /\[navigate, data_exchange, open_url\]/);
});

test('reports open_url before 6.0 naming the version that introduced it', () => {
  const link = { type: 'EmbeddedLink', text: 'link', 'on-click-action': { name: 'open_url', url: 'https://example.com' } };
  assert.deepEqual(run(flow([link, footer], '6.0')), []);
  const problem = expectOnly(flow([link, footer], '5.1'), 'INVALID_ENUM_VALUE', '/screens/0/layout/children/0/on-click-action/name');
  assert.match(problem.message, /'6\.0'/);
});

test('reports an open_url url that is not a URI', () => {
  const link = { type: 'EmbeddedLink', text: 'link', 'on-click-action': { name: 'open_url', url: 'not a url' } };
  expectOnly(flow([link, footer]), 'INVALID_PROPERTY_VALUE_FORMAT', '/screens/0/layout/children/0/on-click-action/url');
});

test('reports an unknown key inside an action', () => {
  expectOnly(flow([{ ...footer, 'on-click-action': { name: 'complete', payloadx: {} } }]), 'INVALID_PROPERTY_KEY', '/screens/0/layout/children/0/on-click-action/payloadx');
});

test('reports a component used before its version, naming that version', () => {
  const problem = expectOnly(flow([{ type: 'RichText', text: '# Hi' }, footer], '5.0'), 'INVALID_PROPERTY_VALUE', '/screens/0/layout/children/0/type');
  assert.match(problem.message, /'5\.1'/);
});

test('reports a property used before its version, naming that version', () => {
  const input = { type: 'TextInput', name: 'a', label: 'A', pattern: '\\d+', 'helper-text': 'digits' };
  assert.deepEqual(run(flow([input, footer], '6.2')), []);
  const problem = expectOnly(flow([input, footer], '6.1'), 'INVALID_PROPERTY_KEY', '/screens/0/layout/children/0/pattern');
  assert.match(problem.message, /'6\.2'/);
  expectOnly(flow([{ type: 'TextInput', name: 'a', label: 'A', 'label-variant': 'large' }, footer], '6.3'), 'INVALID_PROPERTY_KEY', '/screens/0/layout/children/0/label-variant');
  expectOnly(flow([{ type: 'TextBody', text: 'a', markdown: true }, footer], '5.0'), 'INVALID_PROPERTY_KEY', '/screens/0/layout/children/0/markdown');
});

test('reports text over its limit as INVALID_PROPERTY_VALUE', () => {
  expectOnly(flow([{ type: 'TextHeading', text: 'x'.repeat(81) }, footer]), 'INVALID_PROPERTY_VALUE', '/screens/0/layout/children/0/text');
  assert.deepEqual(run(flow([{ type: 'TextHeading', text: 'x'.repeat(80) }, footer])), []);
});

test('does not apply text limits to bindings', () => {
  assert.deepEqual(run(flow([{ type: 'TextHeading', text: '${data.title_that_is_long_enough_to_pass_eighty_characters_when_counted_as_text_x}' }, footer])), []);
});

test('reports too few and too many data-source items', () => {
  expectOnly(flow([{ type: 'Dropdown', name: 'd', label: 'D', 'data-source': [] }, footer]), 'MIN_ITEMS_REQUIRED', '/screens/0/layout/children/0/data-source');
  const many = Array.from({ length: 21 }, (_, i) => ({ id: String(i), title: `T${i}` }));
  expectOnly(flow([{ type: 'RadioButtonsGroup', name: 'r', label: 'R', 'data-source': many }, footer]), 'INVALID_PROPERTY_VALUE', '/screens/0/layout/children/0/data-source');
});

test('reports numeric ranges with MINIMUM_VALUE_REQUIRED and MAXIMUM_VALUE_REQUIRED', () => {
  const picker = { type: 'PhotoPicker', name: 'p', label: 'P', 'min-uploaded-photos': -1 };
  expectOnly(flow([picker, footer]), 'MINIMUM_VALUE_REQUIRED', '/screens/0/layout/children/0/min-uploaded-photos');
  expectOnly(flow([{ type: 'PhotoPicker', name: 'p', label: 'P', 'max-uploaded-photos': 40 }, footer]), 'MAXIMUM_VALUE_REQUIRED', '/screens/0/layout/children/0/max-uploaded-photos');
});

test('reports a min greater than its max', () => {
  const group = { type: 'CheckboxGroup', name: 'cbg', label: 'L', 'min-selected-items': 3, 'max-selected-items': 2, 'data-source': [{ id: '1', title: 'One' }] };
  const problem = expectOnly(flow([group, footer]), 'MIN_VALUE_GREATER_THAN_MAX', '/screens/0/layout/children/0/min-selected-items');
  assert.match(problem.message, /min-selected-items cannot be greater than max-selected-items for CheckboxGroup cbg/);
});

test('reports a screen id that is not letters and underscores, and an empty one', () => {
  const doc = flow([footer]);
  ((doc['screens'] as Record<string, unknown>[])[0] as Record<string, unknown>)['id'] = 'FIRST_1';
  expectOnly(doc, 'PATTERN_MISMATCH', '/screens/0/id');
  ((doc['screens'] as Record<string, unknown>[])[0] as Record<string, unknown>)['id'] = '';
  expectOnly(doc, 'MIN_CHARS_REQUIRED', '/screens/0/id');
});

test('reports a number field that is neither a number nor a binding as PATTERN_MISMATCH', () => {
  expectOnly(flow([{ type: 'TextInput', name: 'd', label: 'D', 'max-chars': 'Hundred' }, footer]), 'PATTERN_MISMATCH', '/screens/0/layout/children/0/max-chars');
  assert.deepEqual(run(flow([{ type: 'TextInput', name: 'd', label: 'D', 'max-chars': '${data.max}' }, footer])), []);
});

test('reports blank link text as PATTERN_MISMATCH', () => {
  const link = { type: 'EmbeddedLink', text: '   ', 'on-click-action': { name: 'navigate', next: { type: 'screen', name: 'X' } } };
  expectOnly(flow([link, footer]), 'PATTERN_MISMATCH', '/screens/0/layout/children/0/text');
});

test('reports a right-caption without a left-caption as INVALID_DEPENDENCIES', () => {
  const problem = expectOnly(flow([{ ...footer, 'right-caption': 'r' }]), 'INVALID_DEPENDENCIES', '/screens/0/layout/children/0');
  assert.equal(problem.message, 'Footer should have property left-caption when property right-caption is present.');
});

test('reports center-caption together with left/right captions', () => {
  expectOnly(flow([{ ...footer, 'left-caption': 'l', 'right-caption': 'r', 'center-caption': 'c' }]), 'NOT_KEYWORD_SCHEMA_VALIDATION_FAILED', '/screens/0/layout/children/0');
});

test('reports success on a non-terminal screen', () => {
  const doc = { version: '7.3', screens: [{ id: 'A', success: true, layout: { type: 'SingleColumnLayout', children: [footer] } }] };
  expectOnly(doc, 'NOT_KEYWORD_SCHEMA_VALIDATION_FAILED', '/screens/0/success');
});

test('reports an input outside a Form before 4.0 as KEYWORD_ONE_OF, but not from 4.0', () => {
  const input = { type: 'TextInput', name: 'path2', label: 'Path' };
  expectOnly(flow([input, footer], '3.1'), 'KEYWORD_ONE_OF', '/screens/0/layout/children/0');
  assert.deepEqual(run(flow([{ type: 'Form', name: 'f', children: [input, footer] }], '3.1')), []);
  assert.deepEqual(run(flow([input, footer], '4.0')), []);
});

test('reports an empty screens array and more than 100 screens', () => {
  expectOnly({ version: '2.1', screens: [] }, 'MIN_CHARS_REQUIRED', '/screens');
  const screen = { id: 'A', terminal: true, layout: { type: 'SingleColumnLayout', children: [footer] } };
  expectOnly({ version: '7.3', screens: Array.from({ length: 101 }, () => screen) }, 'MAX_SCREENS_NUMBER', '/screens');
});

test('reports an If with an empty then branch', () => {
  const problem = expectOnly(flow([{ type: 'If', condition: '${data.val}', then: [] }, footer], '4.0'), 'INVALID_PROPERTY_VALUE', '/screens/0/layout/children/0/then');
  assert.equal(problem.message, 'Expected array to contain at least one component.');
});

test('reports a Switch with no cases', () => {
  const problem = expectOnly(flow([{ type: 'Switch', value: '${form.x}', cases: {} }, footer], '4.0'), 'INVALID_PROPERTY_VALUE', '/screens/0/layout/children/0/cases');
  assert.match(problem.message, /Invalid empty property found at screens\[0\]\.layout\.children\[0\]\.cases/);
});

test('rejects components not allowed inside If, and ChipsSelector before 7.1', () => {
  const photo = { type: 'PhotoPicker', name: 'p', label: 'P' };
  expectOnly(flow([{ type: 'If', condition: '${data.v}', then: [photo] }, footer]), 'INVALID_PROPERTY_VALUE', '/screens/0/layout/children/0/then/0/type');
  const chips = { type: 'ChipsSelector', name: 'c', label: 'C', 'data-source': [{ id: '1', title: 'A' }, { id: '2', title: 'B' }] };
  assert.deepEqual(run(flow([{ type: 'If', condition: '${data.v}', then: [chips] }, footer], '7.1')), []);
  expectOnly(flow([{ type: 'Switch', value: '${data.v}', cases: { a: [chips] } }, footer], '7.0'), 'INVALID_PROPERTY_VALUE', '/screens/0/layout/children/0/cases/a/0/type');
});

test('rejects If nested more than 3 levels deep', () => {
  const text = { type: 'TextBody', text: 'x' };
  const nest = (depth: number): unknown => (depth === 0 ? text : { type: 'If', condition: '${data.v}', then: [nest(depth - 1)] });
  assert.deepEqual(run(flow([nest(3), footer])), []);
  expectOnly(flow([nest(4), footer]), 'INVALID_PROPERTY_VALUE', '/screens/0/layout/children/0/then/0/then/0/then/0/type');
});

test('accepts bindings and, from 6.0, backtick expressions on dynamic properties', () => {
  assert.deepEqual(run(flow([{ type: 'TextBody', text: 'x', visible: '${data.show}' }, footer], '4.0')), []);
  assert.deepEqual(run(flow([{ type: 'TextBody', text: 'x', visible: '`${form.n} > 2`' }, footer], '6.0')), []);
  expectOnly(flow([{ type: 'TextBody', text: 'x', visible: '`${form.n} > 2`' }, footer], '5.1'), 'INVALID_PROPERTY_TYPE', '/screens/0/layout/children/0/visible');
});

test('checks DatePicker dates as timestamps before 5.0 and as YYYY-MM-DD from 5.0', () => {
  const picker = (date: string) => ({ type: 'DatePicker', name: 'd', label: 'D', 'min-date': date });
  assert.deepEqual(run(flow([picker('1693569600000'), footer], '4.0')), []);
  assert.deepEqual(run(flow([picker('2024-10-21'), footer], '5.0')), []);
  expectOnly(flow([picker('1693569600000'), footer], '5.0'), 'INVALID_PROPERTY_VALUE_FORMAT', '/screens/0/layout/children/0/min-date');
  expectOnly(flow([picker('2024-02-30'), footer], '7.3'), 'INVALID_PROPERTY_VALUE_FORMAT', '/screens/0/layout/children/0/min-date');
});

test('accepts CalendarPicker range objects and rejects unknown keys inside them', () => {
  const range = { type: 'CalendarPicker', name: 'c', mode: 'range', label: { 'start-date': 'From', 'end-date': 'To' } };
  assert.deepEqual(run(flow([range, footer], '6.1')), []);
  expectOnly(flow([{ ...range, label: { start: 'From' } }, footer], '6.1'), 'INVALID_PROPERTY_KEY', '/screens/0/layout/children/0/label/start');
});

test('never throws on arbitrary JSON values', () => {
  for (const doc of [null, 1, 'x', [], {}, { screens: 'x' }, { version: '7.3', screens: [null, 1, { layout: 3 }] }, flow([null, [], 'x', { type: 1 }])]) {
    assert.doesNotThrow(() => run(doc));
  }
});
