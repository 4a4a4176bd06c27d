import { buildFlowGraph } from '../flow-graph/index.js';

/**
 * Forward edges the Flow's `navigate` actions make, as the upgrade writes them into a `routing_model`:
 * screen id → the screens it navigates to, in document order, unknown screens kept (the validator
 * reports them), self routes dropped; a repeated screen id takes the last screen's routes.
 */
export function findNavigateEdges(doc: unknown): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const screen of buildFlowGraph(doc).screens) {
    const from = screen.id;
    if (from !== undefined) edges.set(from, screen.navigate.filter((t) => t !== from));
  }
  return edges;
}
