import type { DynamicValue } from '../expression/index.js';
import { joinPointer } from './join-pointer.js';
import { isJsonObject, type JsonObject } from '../json/is-json-object.js';

/** One component found while walking a screen's layout, with where it sits. */
export interface ComponentInfo {
  readonly node: JsonObject;
  readonly type: string | undefined;
  readonly name: string | undefined;
  readonly pointer: string;
  readonly screen: ScreenInfo;
  /** The enclosing Form, when the component sits inside one. */
  readonly form: ComponentInfo | undefined;
  /** Inside an If branch or a Switch case: rendered only under a condition. */
  readonly conditional: boolean;
  /** Number of enclosing If components. */
  readonly ifDepth: number;
}

/** One action object (`on-click-action`, `on-select-action`, `on-unselect-action`). */
export interface ActionInfo {
  readonly node: JsonObject;
  readonly name: string | undefined;
  readonly pointer: string;
  /** The property holding the action, for example `on-click-action`. */
  readonly trigger: string;
  /** The component carrying the action (for item actions: the component owning the item). */
  readonly host: ComponentInfo;
  /** Whether the action sits on a data-source or list item rather than on the component. */
  readonly onItem: boolean;
}

/** A string value that may hold a binding or an expression, with where it sits. */
export interface DynamicSite {
  readonly value: string;
  readonly pointer: string;
  /** The component property (first level) holding the value, for example `text`. */
  readonly property: string;
  readonly component: ComponentInfo | undefined;
  readonly screen: ScreenInfo;
  /** The action whose payload holds the value, if any. */
  readonly action: ActionInfo | undefined;
  /** Memo of `classifySite` (filled on first use; several rules classify every site). */
  classified?: DynamicValue;
}

/** One screen of the Flow with its components and actions. */
export interface ScreenInfo {
  readonly index: number;
  readonly pointer: string;
  readonly node: JsonObject;
  readonly id: string | undefined;
  readonly terminal: boolean;
  /** The screen's data model when it is an object. */
  readonly data: JsonObject | undefined;
  readonly components: ComponentInfo[];
  readonly actions: ActionInfo[];
  readonly sites: DynamicSite[];
}

/** A walked view of a Flow JSON document shared by the semantic rules. */
export interface FlowIndex {
  readonly doc: JsonObject;
  readonly screens: readonly ScreenInfo[];
  /** First screen for each id. */
  readonly byId: ReadonlyMap<string, ScreenInfo>;
  /** Whether the Flow declares `data_api_version` (talks to an endpoint). */
  readonly endpoint: boolean;
  readonly routingModel: JsonObject | undefined;
}

// A Map, not an object: component types come from the document ("__proto__", "constructor", …).
const CONTAINER_KEYS: ReadonlyMap<string, readonly string[]> = new Map([
  ['Form', ['children']],
  ['If', ['then', 'else']],
  ['Switch', ['cases']],
]);
const ACTION_KEYS = ['on-click-action', 'on-select-action', 'on-unselect-action'] as const;
const ITEM_LIST_KEYS = ['data-source', 'list-items'] as const;
/** Guards recursion on hostile documents; real layouts nest a few levels at most. */
const MAX_DEPTH = 32;

const cache = new WeakMap<object, FlowIndex | null>();

/** Walks a document once (memoised per document object); undefined when it is not a Flow-shaped object. */
export function indexFlow(doc: unknown): FlowIndex | undefined {
  if (!isJsonObject(doc)) return undefined;
  const cached = cache.get(doc);
  if (cached !== undefined) return cached ?? undefined;
  const built = buildIndex(doc);
  cache.set(doc, built ?? null);
  return built;
}

function buildIndex(doc: JsonObject): FlowIndex | undefined {
  const rawScreens = doc['screens'];
  if (!Array.isArray(rawScreens)) return undefined;
  const screens: ScreenInfo[] = [];
  const byId = new Map<string, ScreenInfo>();
  rawScreens.forEach((node: unknown, index) => {
    if (!isJsonObject(node)) return;
    const id = typeof node['id'] === 'string' ? node['id'] : undefined;
    const data = isJsonObject(node['data']) ? node['data'] : undefined;
    const screen: ScreenInfo = {
      index,
      pointer: joinPointer('/screens', index),
      node,
      id,
      terminal: node['terminal'] === true,
      data,
      components: [],
      actions: [],
      sites: [],
    };
    if (typeof node['title'] === 'string' && isDynamicCandidate(node['title'])) {
      screen.sites.push({
        value: node['title'],
        pointer: joinPointer(screen.pointer, 'title'),
        property: 'title',
        component: undefined,
        screen,
        action: undefined,
      });
    }
    const layout = node['layout'];
    if (isJsonObject(layout)) {
      walkChildren(layout['children'], joinPointer(screen.pointer, 'layout', 'children'), screen, undefined, false, 0, 0);
    }
    screens.push(screen);
    if (id !== undefined && !byId.has(id)) byId.set(id, screen);
  });
  return {
    doc,
    screens,
    byId,
    endpoint: doc['data_api_version'] !== undefined,
    routingModel: isJsonObject(doc['routing_model']) ? doc['routing_model'] : undefined,
  };
}

function walkChildren(
  children: unknown,
  pointer: string,
  screen: ScreenInfo,
  form: ComponentInfo | undefined,
  conditional: boolean,
  ifDepth: number,
  depth: number,
): void {
  if (!Array.isArray(children) || depth > MAX_DEPTH) return;
  children.forEach((node: unknown, index) => {
    if (!isJsonObject(node)) return;
    const type = typeof node['type'] === 'string' ? node['type'] : undefined;
    const info: ComponentInfo = {
      node,
      type,
      name: typeof node['name'] === 'string' ? node['name'] : undefined,
      pointer: joinPointer(pointer, index),
      screen,
      form,
      conditional,
      ifDepth,
    };
    screen.components.push(info);
    collectOwnValues(info);
    const containerKeys = type === undefined ? undefined : CONTAINER_KEYS.get(type);
    if (type === 'Form') {
      walkChildren(node['children'], joinPointer(info.pointer, 'children'), screen, info, conditional, ifDepth, depth + 1);
    } else if (type === 'If') {
      for (const key of ['then', 'else']) {
        walkChildren(node[key], joinPointer(info.pointer, key), screen, form, true, ifDepth + 1, depth + 1);
      }
    } else if (type === 'Switch' && containerKeys !== undefined) {
      const cases = node['cases'];
      if (isJsonObject(cases)) {
        for (const [key, branch] of Object.entries(cases)) {
          walkChildren(branch, joinPointer(info.pointer, 'cases', key), screen, form, true, ifDepth, depth + 1);
        }
      }
    }
  });
}

/** Records the component's actions and dynamic strings, skipping nested child components. */
function collectOwnValues(component: ComponentInfo): void {
  const containerKeys = component.type === undefined ? undefined : CONTAINER_KEYS.get(component.type);
  const node = component.node;
  for (const key in node) {
    if (!Object.hasOwn(node, key)) continue;
    if (containerKeys?.includes(key) === true) continue;
    const value = node[key];
    // Most values are plain literals: skip them before building any pointer.
    if (typeof value === 'string') {
      if (isDynamicCandidate(value) || (key === 'condition' && component.type === 'If')) {
        // Conditions are checked even without a binding: "true" alone is an error.
        component.screen.sites.push({ value, pointer: joinPointer(component.pointer, key), property: key, component, screen: component.screen, action: undefined });
      }
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const pointer = joinPointer(component.pointer, key);
    if ((ACTION_KEYS as readonly string[]).includes(key) && isJsonObject(value)) {
      addAction(component, value, key, pointer, false);
      continue;
    }
    if ((ITEM_LIST_KEYS as readonly string[]).includes(key) && Array.isArray(value)) {
      value.forEach((item: unknown, i) => {
        if (!isJsonObject(item)) return;
        const itemPointer = joinPointer(pointer, i);
        for (const itemKey in item) {
          if (!Object.hasOwn(item, itemKey)) continue;
          const itemValue = item[itemKey];
          if ((ACTION_KEYS as readonly string[]).includes(itemKey) && isJsonObject(itemValue)) {
            addAction(component, itemValue, itemKey, joinPointer(itemPointer, itemKey), true);
          } else {
            collectSites(itemValue, itemPointer, itemKey, key, component, undefined, 0);
          }
        }
      });
      continue;
    }
    collectSites(value, component.pointer, key, key, component, undefined, 0);
  }
}

function addAction(host: ComponentInfo, node: JsonObject, trigger: string, pointer: string, onItem: boolean): void {
  const action: ActionInfo = {
    node,
    name: typeof node['name'] === 'string' ? node['name'] : undefined,
    pointer,
    trigger,
    host,
    onItem,
  };
  host.screen.actions.push(action);
  const payload = node['payload'];
  if (payload !== undefined) collectSites(payload, pointer, 'payload', trigger, host, action, 0);
}

/** Records dynamic strings in `value` (found at `parent` + `token`); pointers are built only on the way to a hit. */
function collectSites(
  value: unknown,
  parent: string,
  token: string | number,
  property: string,
  component: ComponentInfo,
  action: ActionInfo | undefined,
  depth: number,
): void {
  if (typeof value === 'string') {
    if (isDynamicCandidate(value)) {
      component.screen.sites.push({ value, pointer: joinPointer(parent, token), property, component, screen: component.screen, action });
    }
    return;
  }
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return;
  const pointer = joinPointer(parent, token);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) collectSites(value[i], pointer, i, property, component, action, depth + 1);
  } else if (isJsonObject(value)) {
    for (const key in value) {
      if (Object.hasOwn(value, key)) collectSites(value[key], pointer, key, property, component, action, depth + 1);
    }
  }
}

/** Cheap pre-filter: only strings with `${` or a leading backtick can be dynamic. */
function isDynamicCandidate(value: string): boolean {
  return value.charCodeAt(0) === 96 || value.includes('${');
}

/** Screens in the order they appear, with a usable id. */
export function screenIds(index: FlowIndex): string[] {
  return index.screens.flatMap((s) => (s.id === undefined ? [] : [s.id]));
}
