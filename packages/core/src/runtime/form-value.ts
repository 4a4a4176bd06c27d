import type { InputDeclaration } from './compile-flow.js';
import { toNumberOrUndefined } from './json-value.js';
import { isJsonObject } from '../json/is-json-object.js';

/**
 * The value `${form.name}` yields for an input: unset inputs read as empty ('' / [] / false)
 * so that conditions such as `${screen.S.form.x} != ''` work for screens not yet visited
 * (Meta's forward-reference example relies on this). A TextInput with `input-type: number`
 * yields a number when its text is numeric, so `${form.n} > 10` compares numbers.
 */
export function toFormValue(input: InputDeclaration, raw: unknown): unknown {
  if (raw === undefined || raw === null) return emptyValue(input);
  if (input.kind === 'text' && input.node['input-type'] === 'number' && typeof raw === 'string') {
    return toNumberOrUndefined(raw) ?? raw;
  }
  return raw;
}

/** The empty value of an input of this kind. */
export function emptyValue(input: InputDeclaration): unknown {
  switch (input.kind) {
    case 'multi':
    case 'media':
      return [];
    case 'boolean':
      return false;
    case 'calendar':
      return input.node['mode'] === 'range' ? { 'start-date': '', 'end-date': '' } : '';
    case 'text':
    case 'single':
    case 'date':
      return '';
  }
}

/** Reads a nested path (`a.b.0.c`) from a value; undefined when any step is missing. */
export function readPath(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (Array.isArray(current)) {
      const index = Number(key);
      current = Number.isInteger(index) ? current[index] : undefined;
    } else if (isJsonObject(current)) {
      current = Object.hasOwn(current, key) ? current[key] : undefined;
    } else {
      return undefined;
    }
  }
  return current;
}
