import { isJsonObject } from '@flowline/core';

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

/** Collects navigate targets anywhere inside a screen's layout. */
function navigateTargets(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) navigateTargets(item, out);
    return;
  }
  if (!isJsonObject(node)) return;
  if (node['name'] === 'navigate' && isJsonObject(node['next']) && typeof node['next']['name'] === 'string') out.add(node['next']['name']);
  for (const value of Object.values(node)) navigateTargets(value, out);
}

/** Screens and routes of a Flow JSON document, laid out in layers by distance from the entry screens. */
export function toFlowGraph(doc: unknown): { nodes: GraphNode[]; edges: GraphEdge[] } {
  if (!isJsonObject(doc) || !Array.isArray(doc['screens'])) return { nodes: [], edges: [] };
  const screens = doc['screens'].filter(isJsonObject).filter((s) => typeof s['id'] === 'string');
  const ids = new Set(screens.map((s) => String(s['id'])));
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  const add = (from: string, to: string, kind: GraphEdge['kind']) => {
    const key = `${from}->${to}`;
    if (seen.has(key) || !ids.has(to)) return;
    seen.add(key);
    edges.push({ from, to, kind });
  };
  const routing = doc['routing_model'];
  if (isJsonObject(routing)) {
    for (const [from, targets] of Object.entries(routing)) if (Array.isArray(targets)) for (const t of targets) if (typeof t === 'string') add(from, t, 'routing_model');
  }
  for (const s of screens) {
    const targets = new Set<string>();
    navigateTargets(s['layout'], targets);
    for (const t of targets) add(String(s['id']), t, 'navigate');
  }
  const inbound = new Set(edges.map((e) => e.to));
  const layer = new Map<string, number>();
  const queue = screens.map((s) => String(s['id'])).filter((id) => !inbound.has(id));
  if (queue.length === 0 && screens[0] !== undefined) queue.push(String(screens[0]['id']));
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
    const id = String(s['id']);
    const l = layer.get(id) ?? Math.max(0, ...layer.values()) + 1;
    const row = rows.get(l) ?? 0;
    rows.set(l, row + 1);
    return { id, title: typeof s['title'] === 'string' ? s['title'] : id, terminal: s['terminal'] === true, layer: l, row };
  });
  return { nodes, edges };
}
