/** Reads a dotted path ("a.b.0.c") from a JSON value; undefined when any step is missing. */
export function readPath(value: unknown, path: string): unknown {
  if (path === '' || path === '.') return value;
  let current: unknown = value;
  for (const step of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

/**
 * Maps rows to items with a field mapping (output field → dotted path in the row); without a
 * mapping rows pass unchanged. Numbers and booleans mapped to `id`/`title` become strings,
 * since data-source items need string ids and titles.
 */
export function mapFields(rows: readonly unknown[], fields: Readonly<Record<string, string>> | undefined): unknown[] {
  if (fields === undefined) return [...rows];
  return rows.map((row) => {
    const item: Record<string, unknown> = {};
    for (const [target, path] of Object.entries(fields)) {
      const value = readPath(row, path);
      if (value === undefined) continue;
      item[target] = (target === 'id' || target === 'title') && (typeof value === 'number' || typeof value === 'boolean') ? String(value) : value;
    }
    return item;
  });
}
