import type { FlowIndex } from '../flow-index.js';
import { isJsonObject } from '../../json/is-json-object.js';

/** A forward routing graph over screen ids: the declared `routing_model` or the one derived from `navigate`. */
export interface RoutingGraph {
  /** Edges keyed by source screen id, targets in declaration order (no duplicates). */
  readonly edges: ReadonlyMap<string, readonly string[]>;
  /** Whether the graph is the Flow's declared `routing_model` (else derived from navigate actions). */
  readonly declared: boolean;
}

/** The `navigate` edges of the Flow's actions, to existing screens other than the source itself. */
export function navigateEdges(index: FlowIndex): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const screen of index.screens) {
    if (screen.id === undefined) continue;
    const targets: string[] = [];
    for (const action of screen.actions) {
      const target = navigateTarget(action.node);
      if (target === undefined || target === screen.id || !index.byId.has(target)) continue;
      if (!targets.includes(target)) targets.push(target);
    }
    const existing = edges.get(screen.id);
    if (existing === undefined) edges.set(screen.id, targets);
    else for (const t of targets) if (!existing.includes(t)) existing.push(t);
  }
  return edges;
}

/** The `next.name` of a navigate action, if it is one. */
export function navigateTarget(action: { readonly [key: string]: unknown }): string | undefined {
  if (action['name'] !== 'navigate') return undefined;
  const next = action['next'];
  if (!isJsonObject(next)) return undefined;
  return typeof next['name'] === 'string' ? next['name'] : undefined;
}

/** The routing graph that applies to the Flow: `routing_model` when declared, else derived from navigate actions. */
export function routingGraph(index: FlowIndex): RoutingGraph {
  const model = index.routingModel;
  if (model === undefined) return { edges: navigateEdges(index), declared: false };
  const edges = new Map<string, string[]>();
  for (const [source, targets] of Object.entries(model)) {
    const list: string[] = [];
    if (Array.isArray(targets)) {
      for (const t of targets) if (typeof t === 'string' && !list.includes(t)) list.push(t);
    }
    edges.set(source, list);
  }
  return { edges, declared: true };
}

/** Screens reachable along forward edges from the given start screens. */
export function reachableFrom(edges: ReadonlyMap<string, readonly string[]>, starts: readonly string[]): Set<string> {
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
