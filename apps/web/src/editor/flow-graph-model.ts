import { buildFlowGraph } from '@flowline/core';

/** A screen in the graph. */
export interface GraphNode {
  readonly id: string;
  readonly title: string;
  readonly terminal: boolean;
  readonly layer: number;
  readonly row: number;
}

/** A route from one screen to another (`routing_model` or a `navigate` action). */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: 'routing_model' | 'navigate';
}

/**
 * Screens and routes of a Flow JSON document (core's flow graph), laid out in layers by distance from
 * the screens no drawn route enters. Both kinds of route are drawn, so a navigate missing from the
 * `routing_model` shows; routes to screens that do not exist are not.
 */
export function toFlowGraph(doc: unknown): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const graph = buildFlowGraph(doc);
  const screens = graph.screens.flatMap((s) => (s.id === undefined ? [] : [{ ...s, id: s.id }]));
  const ids = new Set(screens.map((s) => s.id));
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  for (const { from, to, source } of graph.edges) {
    const key = `${from}->${to}`;
    if (seen.has(key) || !ids.has(to)) continue;
    seen.add(key);
    edges.push({ from, to, kind: source });
  }
  const inbound = new Set(edges.map((e) => e.to));
  const layer = new Map<string, number>();
  const queue = screens.map((s) => s.id).filter((id) => !inbound.has(id));
  if (queue.length === 0 && screens[0] !== undefined) queue.push(screens[0].id);
  for (const id of queue) layer.set(id, 0);
  while (queue.length > 0) {
    const id = queue.shift() ?? '';
    for (const e of edges) {
      if (e.from !== id || layer.has(e.to)) continue;
      layer.set(e.to, (layer.get(id) ?? 0) + 1);
      queue.push(e.to);
    }
  }
  const rows = new Map<number, number>();
  const nodes = screens.map((s): GraphNode => {
    const l = layer.get(s.id) ?? Math.max(0, ...layer.values()) + 1;
    const row = rows.get(l) ?? 0;
    rows.set(l, row + 1);
    return { id: s.id, title: s.title ?? s.id, terminal: s.terminal, layer: l, row };
  });
  return { nodes, edges };
}
