import { isJsonObject } from '../json/is-json-object.js';
import { indexFlow } from '../validator/flow-index.js';
import { findEntryScreens } from './find-entry-screens.js';

/** Forward edges over screen ids: source id → target ids, in document (or declaration) order, no duplicates. */
export type FlowEdges = ReadonlyMap<string, readonly string[]>;

/** Where an edge of the graph comes from. */
export type FlowEdgeSource = 'routing_model' | 'navigate';

/** One route between two screens, as written: the target may be the source itself or a screen that does not exist. */
export interface FlowEdge {
  readonly from: string;
  readonly to: string;
  readonly source: FlowEdgeSource;
}

/** One screen object of the document, in document order (screens without an id and repeated ids included). */
export interface FlowGraphScreen {
  /** Position in the document's `screens` array. */
  readonly index: number;
  readonly id: string | undefined;
  readonly title: string | undefined;
  readonly terminal: boolean;
  /**
   * The `next.name` of the screen's `navigate` actions (`on-click-action`, `on-select-action`,
   * `on-unselect-action`, on components and on their items), once each, in document order, as
   * written: the screen itself and unknown screens included.
   */
  readonly navigate: readonly string[];
}

/** A Flow's screens and routes (Flow JSON §1.4), built once per document object. */
export interface FlowGraph {
  readonly screens: readonly FlowGraphScreen[];
  /** Ids of the screens that have one, in document order (a repeated id once). */
  readonly ids: readonly string[];
  /** Ids of the screens marked `terminal`, in document order. */
  readonly terminals: readonly string[];
  /**
   * `routing_model` when it is an object (even `{}`): each key's string targets, as written (unknown
   * screens included; a value that is not an array gives no targets).
   */
  readonly routingModel: FlowEdges | undefined;
  /** Navigate edges by screen id (screens repeating an id merged), to other existing screens only. */
  readonly navigateEdges: FlowEdges;
  /** Every `routing_model` route, then every navigate route of a screen with an id, as written (duplicates of the same source kept apart). */
  readonly edges: readonly FlowEdge[];
  /** The routes that apply: the declared `routing_model`, else the navigate edges. */
  readonly routes: FlowEdges;
  /** Whether `routes` is the declared `routing_model`. */
  readonly declared: boolean;
  /**
   * The entry screens: ids with no inbound route in `routes`, in document order. The first of them is
   * where the Flow starts; none means every screen is a route's target (an invalid Flow).
   */
  readonly entries: readonly string[];
}

const EMPTY: FlowGraph = {
  screens: [],
  ids: [],
  terminals: [],
  routingModel: undefined,
  navigateEdges: new Map(),
  edges: [],
  routes: new Map(),
  declared: false,
  entries: [],
};

const cache = new WeakMap<object, FlowGraph>();

/** Builds the graph of a Flow JSON document (any value; a non-Flow has no screens); memoised per document object. */
export function buildFlowGraph(doc: unknown): FlowGraph {
  if (!isJsonObject(doc)) return EMPTY;
  const cached = cache.get(doc);
  if (cached !== undefined) return cached;
  const built = build(doc);
  cache.set(doc, built);
  return built;
}

function build(doc: Readonly<Record<string, unknown>>): FlowGraph {
  const index = indexFlow(doc);
  if (index === undefined) return EMPTY;
  const screens: FlowGraphScreen[] = index.screens.map((screen) => {
    const navigate: string[] = [];
    for (const action of screen.actions) {
      const target = navigateTarget(action.node);
      if (target !== undefined && !navigate.includes(target)) navigate.push(target);
    }
    const title = screen.node['title'];
    return { index: screen.index, id: screen.id, title: typeof title === 'string' ? title : undefined, terminal: screen.terminal, navigate };
  });
  const ids = [...index.byId.keys()];
  const known = new Set(ids);
  const navigateEdges = new Map<string, string[]>();
  for (const screen of screens) {
    if (screen.id === undefined) continue;
    const from = screen.id;
    let targets = navigateEdges.get(from);
    if (targets === undefined) {
      targets = [];
      navigateEdges.set(from, targets);
    }
    for (const t of screen.navigate) if (t !== from && known.has(t) && !targets.includes(t)) targets.push(t);
  }
  const routingModel = index.routingModel === undefined ? undefined : readRoutingModel(index.routingModel);
  const edges: FlowEdge[] = [];
  for (const [from, targets] of routingModel ?? []) for (const to of targets) edges.push({ from, to, source: 'routing_model' });
  for (const screen of screens) {
    const from = screen.id;
    if (from !== undefined) for (const to of screen.navigate) edges.push({ from, to, source: 'navigate' });
  }
  const routes = routingModel ?? navigateEdges;
  return {
    screens,
    ids,
    terminals: screens.flatMap((s) => (s.terminal && s.id !== undefined ? [s.id] : [])),
    routingModel,
    navigateEdges,
    edges,
    routes,
    declared: routingModel !== undefined,
    entries: findEntryScreens(ids, routes),
  };
}

/** The `next.name` of a `navigate` action, if the object is one. */
function navigateTarget(action: Readonly<Record<string, unknown>>): string | undefined {
  if (action['name'] !== 'navigate') return undefined;
  const next = action['next'];
  if (!isJsonObject(next)) return undefined;
  return typeof next['name'] === 'string' ? next['name'] : undefined;
}

function readRoutingModel(model: Readonly<Record<string, unknown>>): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const [source, targets] of Object.entries(model)) {
    const list: string[] = [];
    if (Array.isArray(targets)) for (const t of targets) if (typeof t === 'string' && !list.includes(t)) list.push(t);
    edges.set(source, list);
  }
  return edges;
}
