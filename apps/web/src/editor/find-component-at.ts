import { isComponentType, isJsonObject, parseJsonWithPositions, parsePointer, type PositionIndex } from '@flowline/core';

/** The component being edited: where it is (JSON pointer) and its object. */
export interface ComponentSelection {
  readonly pointer: string;
  readonly component: Record<string, unknown>;
}

/** The value at a JSON pointer, or undefined. */
export function valueAt(doc: unknown, pointer: string): unknown {
  const segments = parsePointer(pointer);
  if (segments === undefined) return undefined;
  let node: unknown = doc;
  for (const s of segments) {
    if (Array.isArray(node)) node = node[Number(s)];
    else if (typeof node === 'object' && node !== null) node = (node as Record<string, unknown>)[s];
    else return undefined;
  }
  return node;
}

/**
 * Where each node's text spans: from its value's first character to the start of the next node
 * that is not inside it (or the end of the text), for every pointer in document order.
 */
function nodeSpans(index: PositionIndex, textLength: number): Map<string, { from: number; to: number }> {
  const spans = new Map<string, { from: number; to: number }>();
  const open: string[] = [];
  const close = (at: number, keep: (pointer: string) => boolean) => {
    while (open.length > 0 && !keep(open[open.length - 1] ?? '')) {
      const done = open.pop() ?? '';
      const span = spans.get(done);
      if (span !== undefined) spans.set(done, { from: span.from, to: at });
    }
  };
  for (const pointer of index.pointers()) {
    const from = index.find(pointer)?.value.offset;
    if (from === undefined) continue;
    close(from, (outer) => outer === '' || pointer.startsWith(`${outer}/`));
    spans.set(pointer, { from, to: textLength });
    open.push(pointer);
  }
  close(textLength, () => false);
  return spans;
}

/**
 * The component the cursor is in: the innermost component object (its `type` a component type)
 * whose text contains the offset. A cursor between components (on a screen's `id`, say) is in none.
 */
export function findComponentAt(text: string, offset: number): ComponentSelection | undefined {
  const parsed = parseJsonWithPositions(text);
  if (!parsed.ok) return undefined;
  const spans = nodeSpans(parsed.index, text.length);
  let best: ComponentSelection | undefined;
  for (const [pointer, span] of spans) {
    if (offset < span.from || offset >= span.to) continue;
    if (best !== undefined && pointer.length <= best.pointer.length) continue;
    const node = valueAt(parsed.value, pointer);
    if (typeof node !== 'object' || node === null || Array.isArray(node)) continue;
    const type = (node as Record<string, unknown>)['type'];
    if (typeof type === 'string' && isComponentType(type)) best = { pointer, component: node as Record<string, unknown> };
  }
  return best;
}

/** The id of the screen whose text contains the offset, or undefined. */
export function findScreenAt(text: string, offset: number): string | undefined {
  const parsed = parseJsonWithPositions(text);
  if (!parsed.ok) return undefined;
  for (const [pointer, span] of nodeSpans(parsed.index, text.length)) {
    if (!/^\/screens\/\d+$/.test(pointer) || offset < span.from || offset >= span.to) continue;
    const id = valueAt(parsed.value, `${pointer}/id`);
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
}

/**
 * Where to go when a screen is chosen in the graph: the first component of its layout (the one the
 * property panel then shows), else the screen itself; undefined for an unknown screen.
 */
export function findScreenTarget(text: string, screenId: string): { offset: number; selection: ComponentSelection | undefined } | undefined {
  const parsed = parseJsonWithPositions(text);
  if (!parsed.ok) return undefined;
  const screens = valueAt(parsed.value, '/screens');
  if (!Array.isArray(screens)) return undefined;
  const index = screens.findIndex((s: unknown) => typeof s === 'object' && s !== null && (s as Record<string, unknown>)['id'] === screenId);
  if (index < 0) return undefined;
  const first = `/screens/${index}/layout/children/0`;
  const node = valueAt(parsed.value, first);
  const type = isJsonObject(node) ? node['type'] : undefined;
  const offset = parsed.index.find(first)?.value.offset;
  if (typeof type === 'string' && isComponentType(type) && offset !== undefined) {
    return { offset, selection: { pointer: first, component: node as Record<string, unknown> } };
  }
  const screenOffset = parsed.index.find(`/screens/${index}`)?.value.offset;
  return screenOffset === undefined ? undefined : { offset: screenOffset, selection: undefined };
}

/** Sets (or removes, for undefined) a property of the object at `pointer`; returns the new document text. */
export function setPropertyAt(text: string, pointer: string, key: string, value: unknown): string | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const node = valueAt(doc, pointer);
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  const record = node as Record<string, unknown>;
  if (value === undefined) delete record[key];
  else record[key] = value;
  return `${JSON.stringify(doc, null, 2)}\n`;
}
