import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { deriveAnswerContract } from '../contract/index.js';
import { compileFlow } from '../runtime/compile-flow.js';
import { findNavigateEdges } from '../upgrade/navigate-edges.js';
import { buildFlowGraph, reachableFrom } from './index.js';
import { validateFlowDocument } from '../validator/index.js';


// What every computation of a Flow's graph answers for the corpus and for edge cases, recorded
// before the graph moved into one module (issue 16): the move must not change any of it.
// FLOWLINE_WRITE_GOLDEN=1 rewrites the golden file from the code as it is.
const root = process.env.FLOWLINE_REPO_ROOT ?? path.join(process.cwd(), '..', '..');
const corpus = path.join(root, '..', 'shared', 'corpus');
const here = path.join(root, 'packages', 'core', 'src', 'flow-graph');
const goldenFile = path.join(here, 'corpus-graphs.golden.json');
const edgeCases = JSON.parse(readFileSync(path.join(here, 'test-support', 'graph-edge-cases.json'), 'utf8')) as Record<string, unknown>;

function documents(): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const folder of ['flows', 'invalid']) {
    for (const file of readdirSync(path.join(corpus, folder)).sort()) {
      if (!file.endsWith('.json') || file === 'expected.json') continue;
      out.push([`${folder}/${file}`, JSON.parse(readFileSync(path.join(corpus, folder, file), 'utf8'))]);
    }
  }
  for (const [name, doc] of Object.entries(edgeCases)) out.push([`edge/${name}`, doc]);
  return out;
}

const toObject = (edges: ReadonlyMap<string, readonly string[]>): Record<string, readonly string[]> => Object.fromEntries(edges);

/** What each graph computation produces for one document. */
function observe(doc: unknown): unknown {
  const compiled = compileFlow(doc);
  const graph = buildFlowGraph(doc);
  const validation = validateFlowDocument(doc);
  const routingProblems = [...validation.errors, ...validation.warnings]
    .filter((p) => p.code === 'INVALID_ROUTING_MODEL' || p.code === 'FLOWLINE_UNREACHABLE_SCREEN')
    .map((p) => `${p.code} ${p.pointer} ${p.message}`);
  let validator: unknown = null;
  if (Array.isArray((doc as { screens?: unknown } | null)?.screens)) {
    const first = graph.ids[0];
    validator = {
      declared: graph.declared,
      routingEdges: toObject(graph.routes),
      navigateEdges: toObject(graph.navigateEdges),
      upgradeNavigateEdges: toObject(findNavigateEdges(doc)),
      // derive-answer-contract's entry screens: no inbound edge in the routing graph.
      contractEntries: graph.entries,
      // warn-flow-hygiene: screens reachable from the first screen.
      reachableFromFirst: first === undefined ? [] : [...reachableFrom(graph.routes, [first])],
    };
  }
  return {
    runtime: {
      entry: compiled.firstScreenId ?? null,
      terminals: [...compiled.screens.values()].filter((s) => s.terminal).map((s) => s.id),
    },
    validator,
    routingProblems,
    // The whole answer contract, by its digest (its "always" flags read the routing graph).
    contract: createHash('sha256').update(JSON.stringify(deriveAnswerContract(doc))).digest('hex'),
  };
}

describe('the graph of every corpus Flow and edge case, as the runtime, validator, contract and upgrade compute it', () => {
  const docs = documents();
  const observed = Object.fromEntries(docs.map(([name, doc]) => [name, observe(doc)]));
  if (process.env.FLOWLINE_WRITE_GOLDEN === '1') writeFileSync(goldenFile, `${JSON.stringify(observed, null, 1)}\n`);
  const golden = JSON.parse(readFileSync(goldenFile, 'utf8')) as Record<string, unknown>;

  it('covers every document of the corpus and every edge case', () => {
    assert.deepEqual(Object.keys(golden).sort(), Object.keys(observed).sort());
    assert.ok(docs.length > 80);
  });
  for (const [name] of docs) {
    it(`answers as recorded for ${name}`, () => {
      assert.deepEqual(JSON.parse(JSON.stringify(observed[name])), golden[name]);
    });
  }
});
