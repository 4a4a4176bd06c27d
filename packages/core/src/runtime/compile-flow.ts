import { findInputKind, type InputKind } from './input-kind.js';
import { toArray, toStringOrUndefined } from './json-value.js';
import { isJsonObject, type JsonObject } from '../json/is-json-object.js';
import { buildFlowGraph } from '../flow-graph/build-flow-graph.js';

/** An input component found in a screen (in any If/Switch branch), with its Form if it has one. */
export interface InputDeclaration {
  readonly name: string;
  readonly type: string;
  readonly kind: InputKind;
  readonly node: JsonObject;
  readonly form: JsonObject | undefined;
}

/** A screen with the indexes the runtime needs. */
export interface CompiledScreen {
  readonly id: string;
  readonly raw: JsonObject;
  readonly children: readonly unknown[];
  readonly terminal: boolean;
  readonly refreshOnBack: boolean;
  readonly sensitive: readonly string[];
  /** Declared data fields (the screen's `data` object), possibly empty. */
  readonly dataModel: JsonObject;
  /** Input components by name, in document order, across all branches. */
  readonly inputs: ReadonlyMap<string, InputDeclaration>;
}

/** A Flow JSON document indexed for stepping; built once per document object and cached. */
export interface CompiledFlow {
  readonly doc: unknown;
  readonly version: string | undefined;
  readonly screens: ReadonlyMap<string, CompiledScreen>;
  /**
   * The entry screen (spec §1.4): the flow graph's first entry screen (no inbound route: from
   * `routing_model` when declared, else never the `next` of another screen's `navigate`), or the
   * first screen when every screen has one.
   */
  readonly firstScreenId: string | undefined;
  /** Whether the Flow declares a data endpoint (`data_api_version`). */
  readonly hasEndpoint: boolean;
}

const cache = new WeakMap<object, CompiledFlow>();

/** Indexes a Flow JSON document (any value; malformed parts are skipped, never thrown on). */
export function compileFlow(doc: unknown): CompiledFlow {
  if (typeof doc === 'object' && doc !== null) {
    const hit = cache.get(doc);
    if (hit !== undefined) return hit;
  }
  const root = isJsonObject(doc) ? doc : {};
  const screens = new Map<string, CompiledScreen>();
  let documentFirst: string | undefined;
  for (const raw of toArray(root['screens'])) {
    if (!isJsonObject(raw)) continue;
    const id = toStringOrUndefined(raw['id']);
    if (id === undefined || screens.has(id)) continue;
    documentFirst ??= id;
    const layout = isJsonObject(raw['layout']) ? raw['layout'] : {};
    const children = toArray(layout['children']);
    const inputs = new Map<string, InputDeclaration>();
    collectInputs(children, undefined, inputs);
    screens.set(id, {
      id,
      raw,
      children,
      terminal: raw['terminal'] === true,
      refreshOnBack: raw['refresh_on_back'] === true,
      sensitive: toArray(raw['sensitive']).filter((s): s is string => typeof s === 'string'),
      dataModel: isJsonObject(raw['data']) ? raw['data'] : {},
      inputs,
    });
  }
  const firstScreenId = buildFlowGraph(doc).entries[0] ?? documentFirst;
  const compiled: CompiledFlow = {
    doc,
    version: toStringOrUndefined(root['version']),
    screens,
    firstScreenId,
    hasEndpoint: typeof root['data_api_version'] === 'string',
  };
  if (typeof doc === 'object' && doc !== null) cache.set(doc, compiled);
  return compiled;
}

function collectInputs(nodes: readonly unknown[], form: JsonObject | undefined, out: Map<string, InputDeclaration>): void {
  for (const node of nodes) {
    if (!isJsonObject(node)) continue;
    const type = toStringOrUndefined(node['type']) ?? '';
    if (type === 'Form') {
      collectInputs(toArray(node['children']), node, out);
      continue;
    }
    if (type === 'If') {
      collectInputs(toArray(node['then']), form, out);
      collectInputs(toArray(node['else']), form, out);
      continue;
    }
    if (type === 'Switch') {
      const cases = isJsonObject(node['cases']) ? node['cases'] : {};
      for (const branch of Object.values(cases)) collectInputs(toArray(branch), form, out);
      continue;
    }
    const kind = findInputKind(type);
    const name = toStringOrUndefined(node['name']);
    if (kind !== undefined && name !== undefined && !out.has(name)) {
      out.set(name, { name, type, kind, node, form });
    }
  }
}
