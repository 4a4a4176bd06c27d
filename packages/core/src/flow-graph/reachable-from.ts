import type { FlowEdges } from './build-flow-graph.js';

/** Screens reachable along forward edges from the given start screens (the starts included), in breadth-first order. */
export function reachableFrom(edges: FlowEdges, starts: readonly string[]): Set<string> {
  const seen = new Set<string>(starts);
  const queue = [...starts];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const next of edges.get(id) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}
