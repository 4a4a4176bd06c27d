import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffFlowVersions } from './diff-flow-versions.js';

const flow = (screens: unknown[], extra: Record<string, unknown> = {}): string => JSON.stringify({ version: '7.0', ...extra, screens });
const screen = (id: string, children: unknown[]): unknown => ({ id, title: id, layout: { type: 'SingleColumnLayout', children } });

test('reports screens and components added, removed and changed, identified by name or type and occurrence', () => {
  const from = flow([
    screen('A', [{ type: 'TextHeading', text: 'Hi' }, { type: 'TextInput', name: 'email', label: 'Email' }]),
    screen('B', [{ type: 'TextBody', text: 'bye' }]),
  ]);
  const to = flow([
    screen('A', [{ type: 'TextHeading', text: 'Hello' }, { type: 'TextInput', name: 'email', label: 'Email' }, { type: 'TextInput', name: 'phone', label: 'Phone' }]),
    screen('C', [{ type: 'TextBody', text: 'new' }]),
  ], { data_api_version: '3.0' });
  const { summary, stats } = diffFlowVersions(from, to);
  assert.deepEqual(summary.document, ['data_api_version']);
  assert.deepEqual(summary.screens, { added: ['C'], removed: ['B'], changed: ['A'] });
  assert.deepEqual(summary.components.added, [{ screen: 'A', key: 'phone', type: 'TextInput' }, { screen: 'C', key: 'TextBody#1', type: 'TextBody' }]);
  assert.deepEqual(summary.components.removed, [{ screen: 'B', key: 'TextBody#1', type: 'TextBody' }]);
  assert.deepEqual(summary.components.changed, [{ screen: 'A', key: 'TextHeading#1', type: 'TextHeading' }]);
  assert.ok(stats.added > 0 && stats.removed > 0);
});

test('a change inside an If marks the nested component, not the If; key order is not a change', () => {
  const inner = (text: string) => ({ type: 'If', condition: '${form.x}', then: [{ type: 'TextBody', text }] });
  const from = flow([screen('A', [inner('one')])]);
  const to = flow([screen('A', [inner('two')])]);
  const { summary } = diffFlowVersions(from, to);
  assert.deepEqual(summary.components.changed.map((c) => c.key), ['TextBody#1']);
  const reordered = JSON.stringify({ screens: JSON.parse(from).screens, version: '7.0' });
  const same = diffFlowVersions(from, reordered);
  assert.deepEqual(same.summary, { document: [], screens: { added: [], removed: [], changed: [] }, components: { added: [], removed: [], changed: [] } });
});

test('texts that are not JSON are still diffed line by line', () => {
  const d = diffFlowVersions('{"version":\n"7.0"', '{"version":\n"7.1"');
  assert.match(d.unified, /^\+"7\.1"$/m);
  assert.deepEqual(d.summary.screens, { added: [], removed: [], changed: [] });
});
