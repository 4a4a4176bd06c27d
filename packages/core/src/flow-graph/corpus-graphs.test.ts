import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { deriveAnswerContract } from '../contract/index.js';
import { compileFlow } from '../runtime/compile-flow.js';
import { findNavigateEdges } from '../upgrade/navigate-edges.js';
import { indexFlow, screenIds } from '../validator/flow-index.js';
import { navigateEdges, reachableFrom, routingGraph } from '../validator/rules/routing-graph.js';
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
  const index = indexFlow(doc);
  const validation = validateFlowDocument(doc);
  const routingProblems = [...validation.errors, ...validation.warnings]
    .filter((p) => p.code === 'INVALID_ROUTING_MODEL' || p.code === 'FLOWLINE_UNREACHABLE_SCREEN')
    .map((p) => `${p.code} ${p.pointer} ${p.message}`);
  let validator: unknown = null;
  if (index !== undefined) {
    const graph = routingGraph(index);
    const ids = screenIds(index);
    const inbound = new Set([...graph.edges.values()].flat());
    validator = {
      declared: graph.declared,
      routingEdges: toObject(graph.edges),
      navigateEdges: toObject(navigateEdges(index)),
      upgradeNavigateEdges: toObject(findNavigateEdges(index)),
      // derive-answer-contract's entry screens: no inbound edge in the routing graph.
      contractEntries: ids.filter((id) => !inbound.has(id)),
      // warn-flow-hygiene: screens reachable from the first screen.
      reachableFromFirst: ids[0] === undefined ? [] : [...reachableFrom(graph.edges, [ids[0]])],
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
