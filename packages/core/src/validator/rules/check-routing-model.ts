import type { RawProblem } from '../../problem.js';
import type { Rule } from '../rule.js';
import { indexFlow, screenIds, type FlowIndex } from '../flow-index.js';
import { joinPointer } from '../join-pointer.js';
import { buildFlowGraph, type FlowGraph } from '../../flow-graph/index.js';

const MAX_BRANCHES = 10;

function problem(message: string, pointer: string): RawProblem {
  return { code: 'INVALID_ROUTING_MODEL', severity: 'error', message, pointer };
}

/**
 * Routing model rules (Flow JSON §1.4): every screen in the model, no unknown screens, all screens
 * connected, an entry screen, no loops or backward routes, at most 10 branches, and (with a declared
 * model) every navigate edge present in it. Endpoint-less Flows are checked on the graph derived
 * from their navigate actions.
 */
export const checkRoutingModel: Rule = (ctx) => {
  const index = indexFlow(ctx.doc);
  if (index === undefined) return;
  const ids = screenIds(index);
  if (ids.length === 0) return;
  const graph = buildFlowGraph(ctx.doc);
  const modelPointer = graph.declared ? '/routing_model' : '/screens';
  if (graph.declared) {
    if (!checkDeclaredNodes(graph, ids, ctx.report)) return;
  }
  const known = new Set(ids);
  // Only edges between existing screens take part in the graph checks below.
  const edges = new Map<string, string[]>();
  for (const id of ids) edges.set(id, (graph.routes.get(id) ?? []).filter((t) => known.has(t)));

  for (const [source, targets] of edges) {
    if (targets.length > MAX_BRANCHES) {
      const suffix = graph.declared ? '' : ' Reduce navigate actions for the screen.';
      const pointer = graph.declared ? joinPointer(modelPointer, source) : (index.byId.get(source)?.pointer ?? modelPointer);
      ctx.report(problem(`Number of branches exceeds the max limit of ${MAX_BRANCHES} for screen: ${source}.${suffix}`, pointer));
    }
  }
  if (ids.length > 1) checkConnected(index, graph, edges, ids, ctx.report);

  const inbound = new Set<string>();
  for (const targets of edges.values()) for (const t of targets) inbound.add(t);
  if (ids.every((id) => inbound.has(id))) {
    ctx.report(
      problem(
        graph.declared
          ? 'No entry screen found in the routing model. Expected a screen with no inbound edges as the entry screen.'
          : 'No entry screen found in the routing model. Add a screen that is not used as the next screen in any of the navigate actions.',
        modelPointer,
      ),
    );
  }
  checkCycles(index, graph, edges, ctx.report);
  if (graph.declared) checkNavigateEdges(index, graph, ctx.report);
};

/** Unknown screens in the model and screens missing from it; false when the model is unusable. */
function checkDeclaredNodes(graph: FlowGraph, ids: readonly string[], report: (p: RawProblem) => void): boolean {
  const known = new Set(ids);
  const unknownSources = [...graph.routes.keys()].filter((id) => !known.has(id));
  for (const id of unknownSources) {
    report(problem(`Invalid screens found in the routing model: ${id}.`, joinPointer('/routing_model', id)));
  }
  for (const [source, targets] of graph.routes) {
    targets.forEach((target, i) => {
      if (!known.has(target)) {
        report(problem(`Invalid screen found in the routing model: ${target}.`, joinPointer('/routing_model', source, i)));
      }
    });
  }
  // Meta's own single-screen endpoint examples use `"routing_model": {}`.
  if (ids.length === 1 && graph.routes.size === 0) return false;
  const mentioned = new Set<string>();
  for (const [source, targets] of graph.routes) {
    mentioned.add(source);
    for (const t of targets) mentioned.add(t);
  }
  const missing = ids.filter((id) => !mentioned.has(id));
  if (missing.length > 0) {
    report(problem(`Following screens are missing in the routing model: ${missing.join(', ')}.`, '/routing_model'));
  }
  return true;
}

/** All screens must belong to one connected component (edges taken both ways). */
function checkConnected(
  index: FlowIndex,
  graph: FlowGraph,
  edges: ReadonlyMap<string, readonly string[]>,
  ids: readonly string[],
  report: (p: RawProblem) => void,
): void {
  const neighbours = new Map<string, Set<string>>();
  for (const id of ids) neighbours.set(id, new Set());
  for (const [source, targets] of edges) {
    for (const t of targets) {
      neighbours.get(source)?.add(t);
      neighbours.get(t)?.add(source);
    }
  }
  const first = ids[0];
  if (first === undefined) return;
  const seen = new Set<string>([first]);
  const queue = [first];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const n of neighbours.get(id) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  const apart = ids.filter((id) => !seen.has(id));
  if (apart.length === 0) return;
  const pointer = graph.declared ? '/routing_model' : (index.byId.get(apart[0] ?? '')?.pointer ?? '/screens');
  if (graph.declared) {
    report(problem(`Following screens are not connected with the rest of the screens : ${apart.join(', ')}. All screens should be connected.`, pointer));
    return;
  }
  const isolated = apart.filter((id) => (neighbours.get(id)?.size ?? 0) === 0);
  const linked = apart.filter((id) => (neighbours.get(id)?.size ?? 0) > 0);
  if (isolated.length > 0) {
    report(
      problem(
        `Following screens are not connected to any of the screens: ${isolated.join(', ')}. A connection is formed by the navigate screen action.`,
        index.byId.get(isolated[0] ?? '')?.pointer ?? pointer,
      ),
    );
  }
  if (linked.length > 0) {
    report(
      problem(
        `Following screens are not connected with the rest of the screens via navigate screen action: ${linked.join(', ')}. All screens should be connected.`,
        index.byId.get(linked[0] ?? '')?.pointer ?? pointer,
      ),
    );
  }
}

/** Backward routes (A→B with B→A), self routes and longer loops. */
function checkCycles(
  index: FlowIndex,
  graph: FlowGraph,
  edges: ReadonlyMap<string, readonly string[]>,
  report: (p: RawProblem) => void,
): void {
  const pointerOf = (id: string): string =>
    graph.declared ? joinPointer('/routing_model', id) : (index.byId.get(id)?.pointer ?? '/screens');
  const pairReported = new Set<string>();
  for (const [source, targets] of edges) {
    for (const target of targets) {
      if (target === source) {
        report(problem(`Loop detected in the routing model for screens: ${source}.`, pointerOf(source)));
      } else if (graph.declared && (edges.get(target) ?? []).includes(source) && !pairReported.has(`${target}>${source}`)) {
        pairReported.add(`${source}>${target}`);
        report(
          problem(
            `Backward route [${target}->${source}] corresponding to forward route [${source}->${target}] is not allowed in the routing model. Only forward routes can be specified.`,
            pointerOf(target),
          ),
        );
      }
    }
  }
  // Depth-first search for cycles longer than a backward pair (or any cycle in a derived graph).
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (id: string): void => {
    state.set(id, 1);
    stack.push(id);
    for (const next of edges.get(id) ?? []) {
      if (next === id) continue;
      const s = state.get(next);
      if (s === 1) {
        const loop = stack.slice(stack.indexOf(next));
        const key = [...loop].sort().join(',');
        const isBackwardPair = graph.declared && loop.length === 2;
        if (!isBackwardPair && !reported.has(key)) {
          reported.add(key);
          report(problem(`Loop detected in the routing model for screens: ${loop.join(', ')}.`, pointerOf(next)));
        }
      } else if (s === undefined) {
        visit(next);
      }
    }
    stack.pop();
    state.set(id, 2);
  };
  for (const id of edges.keys()) if (!state.has(id)) visit(id);
}

/** With a declared model, each navigate edge of the JSON must be a route of the model. */
function checkNavigateEdges(index: FlowIndex, graph: FlowGraph, report: (p: RawProblem) => void): void {
  for (const [source, targets] of graph.navigateEdges) {
    const declared = graph.routes.get(source) ?? [];
    for (const target of targets) {
      if (declared.includes(target)) continue;
      const screen = index.byId.get(source);
      const action = screen?.actions.find((a) => a.name === 'navigate' && JSON.stringify(a.node['next']).includes(JSON.stringify(target)));
      report(
        problem(
          `Missing direct route from screen '${source}' to screen '${target}' in the routing model, while it exists in the navigate screen action of screen '${source}'.`,
          action !== undefined ? joinPointer(action.pointer, 'next', 'name') : '/routing_model',
        ),
      );
    }
  }
}
