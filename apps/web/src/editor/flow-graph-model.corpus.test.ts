import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toFlowGraph } from './flow-graph-model.js';

// The studio's graph of every corpus Flow and of core's graph edge cases, recorded before the graph
// moved into core's one module (issue 16). FLOWLINE_WRITE_GOLDEN=1 rewrites the golden file.
const root = process.env['FLOWLINE_REPO_ROOT'] ?? join(process.cwd(), '..', '..');
const corpus = join(root, '..', 'shared', 'corpus');
const goldenFile = join(root, 'apps', 'web', 'src', 'editor', 'flow-graph-model.corpus.golden.json');
const edgeCasesFile = join(root, 'packages', 'core', 'src', 'flow-graph', 'test-support', 'graph-edge-cases.json');

function documents(): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const folder of ['flows', 'invalid']) {
    for (const file of readdirSync(join(corpus, folder)).sort()) {
      if (!file.endsWith('.json') || file === 'expected.json') continue;
      out.push([`${folder}/${file}`, JSON.parse(readFileSync(join(corpus, folder, file), 'utf8'))]);
    }
  }
  const edgeCases = JSON.parse(readFileSync(edgeCasesFile, 'utf8')) as Record<string, unknown>;
  for (const [name, doc] of Object.entries(edgeCases)) out.push([`edge/${name}`, doc]);
  return out;
}

function observe(doc: unknown): unknown {
  const graph = toFlowGraph(doc);
  return {
    nodes: graph.nodes.map((n) => `${n.id} layer ${n.layer} row ${n.row}${n.terminal ? ' terminal' : ''} "${n.title}"`),
    edges: graph.edges.map((e) => `${e.from}>${e.to}:${e.kind}`),
  };
}

test('draws every corpus Flow and edge case as it did before the graph moved to core', () => {
  const docs = documents();
  const observed = Object.fromEntries(docs.map(([name, doc]) => [name, observe(doc)]));
  if (process.env['FLOWLINE_WRITE_GOLDEN'] === '1') writeFileSync(goldenFile, `${JSON.stringify(observed, null, 1)}\n`);
  const golden = JSON.parse(readFileSync(goldenFile, 'utf8')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(golden).sort(), Object.keys(observed).sort());
  for (const [name] of docs) assert.deepEqual(observed[name], golden[name], name);
});
