import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffFlowVersions } from '../../../server/src/admin/api/diff-flow-versions.js';
import { toDiffLines, toDiffSummary } from './diff-view.js';

const v1 = JSON.stringify({ version: '7.2', screens: [{ id: 'A', title: 'One', layout: { type: 'SingleColumnLayout', children: [{ type: 'TextHeading', text: 'Hi' }] } }] });
const v2 = JSON.stringify({ version: '7.2', screens: [{ id: 'A', title: 'Two', layout: { type: 'SingleColumnLayout', children: [{ type: 'TextHeading', text: 'Hi' }] } }, { id: 'B', layout: { type: 'SingleColumnLayout', children: [] } }] });

test('reads the API diff (unified text) into added, removed and header lines', () => {
  const lines = toDiffLines(diffFlowVersions(v1, v2));
  assert.ok(lines.some((l) => l.kind === 'add' && l.text.includes('"Two"')));
  assert.ok(lines.some((l) => l.kind === 'del' && l.text.includes('"One"')));
  assert.ok(lines.some((l) => l.kind === 'hunk'));
  assert.ok(!lines.some((l) => l.kind === 'del' && l.text.startsWith('--')), 'file headers are not removed lines');
});

test('reads the structural summary as sentences', () => {
  const summary = toDiffSummary(diffFlowVersions(v1, v2));
  assert.ok(summary.includes('screens added: B'), summary.join(' | '));
  assert.ok(summary.includes('screens changed: A'), summary.join(' | '));
});

test('reads line lists and tolerates bodies it does not know', () => {
  assert.deepEqual(toDiffLines({ lines: [{ op: 'add', text: 'x' }, { op: '-', text: 'y' }, 'plain'] }).map((l) => l.kind), ['add', 'del', 'same']);
  assert.deepEqual(toDiffLines(null), []);
  assert.deepEqual(toDiffSummary({ summary: 3 }), []);
});
