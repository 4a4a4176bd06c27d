import type { FlowEdges } from './build-flow-graph.js';

/** The screens with no inbound edge (Flow JSON §1.4: the entry screen has none), in the order given. */
export function findEntryScreens(ids: readonly string[], edges: FlowEdges): string[] {
  const inbound = new Set<string>();
  for (const targets of edges.values()) for (const t of targets) inbound.add(t);
  return ids.filter((id) => !inbound.has(id));
}
