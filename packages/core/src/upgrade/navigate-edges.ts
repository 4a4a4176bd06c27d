import type { FlowIndex } from '../validator/flow-index.js';
import { isJsonObject } from '../json/is-json-object.js';

/** Forward edges the Flow's `navigate` actions make: screen id → the screens it navigates to, in document order. */
export function findNavigateEdges(index: FlowIndex): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const screen of index.screens) {
    if (screen.id === undefined) continue;
    const targets: string[] = [];
    for (const action of screen.actions) {
      if (action.name !== 'navigate') continue;
      const next = action.node['next'];
      const name = isJsonObject(next) ? next['name'] : undefined;
      if (typeof name === 'string' && name !== screen.id && !targets.includes(name)) targets.push(name);
    }
    edges.set(screen.id, targets);
  }
  return edges;
}
