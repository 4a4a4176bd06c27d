import { classifyValue } from '../expression/index.js';
import { escapePointerSegment, formatPointer } from '../json/index.js';
import { findComponent, SCREEN_PROPERTIES, type ValueSpec } from '../model/index.js';
import { hashSourceText } from './hash-source-text.js';
import type { SourceText } from './source-text.js';
import { isJsonObject } from '../json/is-json-object.js';

/** What one screen's walk keeps: the component segments already given out and the count per type. */
interface ScreenWalk {
  readonly id: string;
  readonly out: SourceText[];
  readonly used: Set<string>;
  readonly perType: Map<string, number>;
}

type Path = readonly (string | number)[];

/**
 * Every text a customer reads in a Flow version, in document order, with a key from its place.
 * Which properties are text is the registry's `translatable` mark (one source of truth): a new
 * component is covered as soon as its properties are marked. Bindings and nested expressions are
 * data, not text, and are left out; so are empty strings.
 */
export function extractTexts(doc: unknown): SourceText[] {
  const out: SourceText[] = [];
  if (!isJsonObject(doc) || !Array.isArray(doc['screens'])) return out;
  doc['screens'].forEach((screen, index) => {
    if (!isJsonObject(screen) || typeof screen['id'] !== 'string') return;
    const walk: ScreenWalk = { id: screen['id'], out, used: new Set(), perType: new Map() };
    walkValue(walk, screen['title'], SCREEN_PROPERTIES.title, ['title'], ['screens', index, 'title']);
    const layout = screen['layout'];
    if (isJsonObject(layout)) walkComponents(walk, layout['children'], ['screens', index, 'layout', 'children']);
  });
  return out;
}

function walkComponents(walk: ScreenWalk, children: unknown, pointer: Path): void {
  if (!Array.isArray(children)) return;
  children.forEach((child, index) => {
    if (!isJsonObject(child) || typeof child['type'] !== 'string') return;
    const spec = findComponent(child['type']);
    if (spec === undefined) return;
    const segment = componentSegment(walk, child['type'], child['name']);
    for (const [property, propertySpec] of Object.entries(spec.properties)) {
      const value = child[property];
      if (value === undefined) continue;
      const at = [...pointer, index, property];
      if (propertySpec.components !== undefined) walkComponents(walk, value, at);
      else if (propertySpec.values?.components !== undefined && isJsonObject(value)) {
        for (const [branch, components] of Object.entries(value)) walkComponents(walk, components, [...at, branch]);
      } else walkValue(walk, value, propertySpec, [segment, property], at);
    }
  });
}

/** An input's name when it is unique on the screen, else `Type#n`: the n-th component of its type. */
function componentSegment(walk: ScreenWalk, type: string, name: unknown): string {
  const count = (walk.perType.get(type) ?? 0) + 1;
  walk.perType.set(type, count);
  const wanted = typeof name === 'string' && name !== '' && !walk.used.has(name) ? name : `${type}#${count}`;
  walk.used.add(wanted);
  return wanted;
}

function walkValue(walk: ScreenWalk, value: unknown, spec: ValueSpec, key: Path, pointer: Path): void {
  if (typeof value === 'string') {
    if (spec.translatable === true && value.trim() !== '' && classifyValue(value).kind === 'literal') addText(walk, value, spec, key, pointer);
    return;
  }
  if (Array.isArray(value)) {
    // A text property that is also an array (TextBody from 5.1, RichText) holds one text per paragraph.
    const items: ValueSpec | undefined = spec.items ?? (spec.translatable === true ? { type: 'string', translatable: true } : undefined);
    if (items === undefined) return;
    const seen = new Set<string>();
    value.forEach((item, index) => {
      const id = isJsonObject(item) && typeof item['id'] === 'string' && !seen.has(item['id']) ? item['id'] : String(index);
      seen.add(id);
      walkValue(walk, item, items, [...key, id], [...pointer, index]);
    });
    return;
  }
  if (!isJsonObject(value)) return;
  if (spec.properties !== undefined) {
    for (const [name, sub] of Object.entries(spec.properties)) walkValue(walk, value[name], sub, [...key, name], [...pointer, name]);
  } else if (spec.values !== undefined) {
    for (const [name, item] of Object.entries(value)) walkValue(walk, item, spec.values, [...key, name], [...pointer, name]);
  }
}

function addText(walk: ScreenWalk, text: string, spec: ValueSpec, key: Path, pointer: Path): void {
  walk.out.push({
    key: [walk.id, ...key].map((segment) => escapePointerSegment(String(segment))).join('/'),
    pointer: formatPointer(pointer),
    text,
    hash: hashSourceText(text),
    screen: walk.id,
    ...(spec.maxLength !== undefined ? { maxLength: spec.maxLength } : {}),
    ...(spec.description !== undefined ? { description: spec.description } : {}),
  });
}
