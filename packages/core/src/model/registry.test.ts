import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  COMPONENTS,
  COMPONENT_TYPES,
  DATA_API_VERSIONS,
  FLOW_JSON_VERSIONS,
  compareVersions,
  findComponent,
  getComponent,
  isVersionAtLeast,
  parseVersion,
  resolvePropertyAt,
  toComponentsMarkdown,
  toReferenceMarkdown,
  toVersionsMarkdown,
} from './index.js';

test('orders versions with minors counted independently', () => {
  assert.ok(compareVersions('1.9', '1.10') < 0);
  assert.ok(compareVersions('7.3', '6.3') > 0);
  assert.equal(compareVersions('4.0', '4.0'), 0);
  assert.ok(isVersionAtLeast('6.2', '6.2'));
  assert.ok(!isVersionAtLeast('6.1', '6.2'));
  assert.equal(parseVersion('A.B'), undefined);
  assert.deepEqual(parseVersion('10.12'), { major: 10, minor: 12 });
});

test('knows versions 2.1 to 7.3 in order, with the publishable set of spec §1.2', () => {
  const versions = FLOW_JSON_VERSIONS.map((v) => v.version);
  assert.deepEqual(versions, ['2.1', '3.0', '3.1', '4.0', '5.0', '5.1', '6.0', '6.1', '6.2', '6.3', '7.0', '7.1', '7.2', '7.3']);
  const publishable = FLOW_JSON_VERSIONS.filter((v) => v.status === 'publishable').map((v) => v.version);
  assert.deepEqual(publishable, ['5.1', '6.0', '6.1', '6.2', '6.3', '7.0', '7.1', '7.2', '7.3']);
  assert.deepEqual(DATA_API_VERSIONS.map((v) => v.version), ['3.0', '4.0']);
});

test('holds the 24 component types with their introducing versions', () => {
  assert.equal(COMPONENT_TYPES.length, 24);
  const since = Object.fromEntries(COMPONENT_TYPES.map((t) => [t, COMPONENTS[t].since]));
  assert.equal(since['RichText'], '5.1');
  assert.equal(since['CalendarPicker'], '6.1');
  assert.equal(since['NavigationList'], '6.2');
  assert.equal(since['ChipsSelector'], '6.3');
  assert.equal(since['ImageCarousel'], '7.1');
  assert.equal(since['PhotoPicker'], '4.0');
  assert.equal(since['If'], '4.0');
});

test('records input value types and If/Switch availability', () => {
  assert.equal(getComponent('OptIn').valueType, 'boolean');
  assert.equal(getComponent('CheckboxGroup').valueType, 'array');
  assert.equal(getComponent('CalendarPicker').valueType, 'object');
  assert.equal(getComponent('ChipsSelector').allowedInIf, '7.1');
  assert.equal(getComponent('PhotoPicker').allowedInIf, undefined);
  assert.equal(getComponent('Switch').allowedInSwitch, undefined);
  assert.equal(findComponent('Nope'), undefined);
  assert.throws(() => getComponent('Nope'));
});

test('resolves property defaults and version changes', () => {
  const label = getComponent('CheckboxGroup').properties['label'];
  assert.ok(label !== undefined);
  assert.equal(resolvePropertyAt(label, '3.1').required, false);
  assert.equal(resolvePropertyAt(label, '4.0').required, true);
  const text = getComponent('TextBody').properties['text'];
  assert.ok(text !== undefined);
  assert.equal(resolvePropertyAt(text, '5.0').type, 'string');
  assert.deepEqual(resolvePropertyAt(text, '5.1').type, ['string', 'array']);
  assert.equal(getComponent('TextInput').properties['pattern']?.since, '6.2');
  assert.equal(getComponent('TextInput').properties['name']?.dynamic, false);
  assert.equal(getComponent('TextInput').properties['label']?.dynamic, true);
});

test('renders reference Markdown naming every component and version', () => {
  const components = toComponentsMarkdown();
  for (const type of COMPONENT_TYPES) assert.match(components, new RegExp(`### ${type}\\n`));
  const versions = toVersionsMarkdown();
  for (const v of FLOW_JSON_VERSIONS) assert.ok(versions.includes(`| ${v.version} |`));
  assert.equal(toReferenceMarkdown(), `${versions}\n${components}`);
});
