import { isJsonObject } from '@flowline/core';
import { diffLines, toUnifiedDiff } from './diff-lines.js';

/** A component identified within its screen: by `name` when it has one, else by type and occurrence (`TextBody#2`). */
export interface ComponentRef {
  readonly screen: string;
  readonly key: string;
  readonly type: string;
}

/** A readable difference between two Flow JSON documents. */
export interface FlowDiff {
  /** A unified diff of the two documents pretty-printed (2-space indent), empty when they are equal. */
  readonly unified: string;
  readonly stats: { readonly added: number; readonly removed: number };
  readonly summary: {
    /** Top-level properties other than `screens` that changed (`version`, `routing_model`, …). */
    readonly document: readonly string[];
    readonly screens: { readonly added: readonly string[]; readonly removed: readonly string[]; readonly changed: readonly string[] };
    readonly components: { readonly added: readonly ComponentRef[]; readonly removed: readonly ComponentRef[]; readonly changed: readonly ComponentRef[] };
  };
}

type Json = unknown;
const CHILD_KEYS = ['children', 'then', 'else', 'cases'];

/** Diffs two stored Flow JSON texts: lines of their pretty-printed form, plus screens and components added, removed and changed. */
export function diffFlowVersions(fromText: string, toText: string): FlowDiff {
  const from = parseOrText(fromText);
  const to = parseOrText(toText);
  const changes = diffLines(pretty(from).split('\n'), pretty(to).split('\n'));
  const fromScreens = screensOf(from);
  const toScreens = screensOf(to);
  const fromComponents = componentsOf(fromScreens);
  const toComponents = componentsOf(toScreens);
  return {
    unified: toUnifiedDiff(changes, { from: 'from', to: 'to' }),
    stats: { added: changes.filter((c) => c.kind === 'insert').length, removed: changes.filter((c) => c.kind === 'delete').length },
    summary: {
      document: changedTopLevel(from, to),
      screens: compare(fromScreens, toScreens, (s) => canonical(s)),
      components: (() => {
        const r = compare(fromComponents, toComponents, (c) => canonical(c.own));
        const ref = (map: Map<string, { ref: ComponentRef }>) => (id: string): ComponentRef => (map.get(id) as { ref: ComponentRef }).ref;
        return { added: r.added.map(ref(toComponents)), removed: r.removed.map(ref(fromComponents)), changed: r.changed.map(ref(toComponents)) };
      })(),
    },
  };
}

function parseOrText(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

function pretty(doc: Json): string {
  return typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2);
}

/** JSON with object keys sorted, so key order does not count as a change. */
function canonical(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isJsonObject(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

function changedTopLevel(from: Json, to: Json): string[] {
  if (!isJsonObject(from) || !isJsonObject(to)) return canonical(from) === canonical(to) ? [] : ['(document)'];
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].filter((k) => k !== 'screens');
  return keys.filter((k) => canonical(from[k]) !== canonical(to[k])).sort();
}

function screensOf(doc: Json): Map<string, Record<string, unknown>> {
  const map = new Map<string, Record<string, unknown>>();
  const screens = isJsonObject(doc) ? doc['screens'] : undefined;
  if (!Array.isArray(screens)) return map;
  screens.forEach((s: unknown, i) => {
    if (isJsonObject(s)) map.set(typeof s['id'] === 'string' ? s['id'] : `#${i}`, s);
  });
  return map;
}

interface ComponentEntry {
  readonly ref: ComponentRef;
  /** The component without its nested components, so a change inside an If is not a change of the If. */
  readonly own: Record<string, unknown>;
}

function componentsOf(screens: Map<string, Record<string, unknown>>): Map<string, ComponentEntry> {
  const out = new Map<string, ComponentEntry>();
  for (const [screenId, screen] of screens) {
    const occurrences = new Map<string, number>();
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) {
        node.forEach(visit);
        return;
      }
      if (!isJsonObject(node)) return;
      const type = typeof node['type'] === 'string' ? node['type'] : 'unknown';
      let key: string;
      if (typeof node['name'] === 'string') key = node['name'];
      else {
        const n = (occurrences.get(type) ?? 0) + 1;
        occurrences.set(type, n);
        key = `${type}#${n}`;
      }
      const own = Object.fromEntries(Object.entries(node).filter(([k]) => !CHILD_KEYS.includes(k)));
      out.set(`${screenId}/${key}`, { ref: { screen: screenId, key, type }, own });
      for (const k of CHILD_KEYS) {
        const child = node[k];
        if (k === 'cases' && isJsonObject(child)) Object.values(child).forEach(visit);
        else visit(child);
      }
    };
    const layout = screen['layout'];
    if (isJsonObject(layout)) visit(layout['children']);
  }
  return out;
}

function compare<T>(from: Map<string, T>, to: Map<string, T>, fingerprint: (value: T) => string): { added: string[]; removed: string[]; changed: string[] } {
  const added = [...to.keys()].filter((k) => !from.has(k));
  const removed = [...from.keys()].filter((k) => !to.has(k));
  const changed = [...to.keys()].filter((k) => from.has(k) && fingerprint(from.get(k) as T) !== fingerprint(to.get(k) as T));
  return { added, removed, changed };
}
