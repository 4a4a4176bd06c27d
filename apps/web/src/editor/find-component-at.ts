import { isComponentType, parseJsonWithPositions, parsePointer } from '@flowline/core';

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
 * The component the cursor is in: the last component object (`type` is a component type) that
 * starts at or before the offset, in document order.
 */
export function findComponentAt(text: string, offset: number): { pointer: string; component: Record<string, unknown> } | undefined {
  const parsed = parseJsonWithPositions(text);
  if (!parsed.ok) return undefined;
  let best: { pointer: string; component: Record<string, unknown> } | undefined;
  for (const pointer of parsed.index.pointers()) {
    if (!pointer.endsWith('/type')) continue;
    const owner = pointer.slice(0, -'/type'.length);
    const start = parsed.index.find(owner)?.value.offset;
    if (start === undefined || start > offset) continue;
    const node = valueAt(parsed.value, owner);
    if (typeof node !== 'object' || node === null || Array.isArray(node)) continue;
    const type = (node as Record<string, unknown>)['type'];
    if (typeof type === 'string' && isComponentType(type)) best = { pointer: owner, component: node as Record<string, unknown> };
  }
  return best;
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
