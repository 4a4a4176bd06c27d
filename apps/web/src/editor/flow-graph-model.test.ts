import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toFlowGraph } from './flow-graph-model.js';

const corpus = join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus', 'flows');

test('draws navigate actions as edges and lays screens out by distance from the entry', () => {
  const doc = {
    version: '7.2',
    screens: [
      { id: 'A', layout: { children: [{ type: 'Footer', 'on-click-action': { name: 'navigate', next: { type: 'screen', name: 'B' } } }] } },
      { id: 'B', layout: { children: [{ type: 'If', condition: 'true', then: [{ type: 'EmbeddedLink', 'on-click-action': { name: 'navigate', next: { type: 'screen', name: 'C' } } }] }] } },
      { id: 'C', terminal: true, layout: { children: [] } },
    ],
  };
  const graph = toFlowGraph(doc);
  assert.deepEqual(graph.edges.map((e) => `${e.from}>${e.to}:${e.kind}`), ['A>B:navigate', 'B>C:navigate']);
  assert.deepEqual(graph.nodes.map((n) => [n.id, n.layer, n.terminal]), [['A', 0, false], ['B', 1, false], ['C', 2, true]]);
});

test('takes routing_model edges and ignores routes to screens that do not exist', () => {
  const graph = toFlowGraph({ screens: [{ id: 'A' }, { id: 'B' }], routing_model: { A: ['B', 'MISSING'], B: [] } });
  assert.deepEqual(graph.edges, [{ from: 'A', to: 'B', kind: 'routing_model' }]);
});

test('returns an empty graph for documents without screens instead of throwing', () => {
  for (const doc of [null, 42, 'x', {}, { screens: 'no' }, { screens: [null, 1, { title: 'no id' }] }]) {
    assert.deepEqual(toFlowGraph(doc).nodes, []);
  }
});

test('every corpus Flow gives a node per screen and only edges between known screens', () => {
  for (const file of readdirSync(corpus).filter((f) => f.endsWith('.json'))) {
    const doc = JSON.parse(readFileSync(join(corpus, file), 'utf8')) as { screens: { id: string }[] };
    const graph = toFlowGraph(doc);
    assert.equal(graph.nodes.length, doc.screens.length, file);
    const ids = new Set(doc.screens.map((s) => s.id));
    assert.ok(graph.edges.every((e) => ids.has(e.from) && ids.has(e.to)), file);
  }
});
