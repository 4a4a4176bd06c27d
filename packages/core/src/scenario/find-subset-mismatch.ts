import { isJsonObject } from '../json/is-json-object.js';

/** Where an actual value departs from an expected subset, with both sides for the message. */
export interface Mismatch {
  /** Dotted path from the compared root, e.g. `slots.0.title` ('' for the root). */
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

const join = (path: string, key: string | number): string => (path === '' ? String(key) : `${path}.${key}`);

/**
 * Finds the first place where `actual` does not contain `expected`: objects match when every
 * expected key matches (extra keys are fine), arrays must have the same length with matching
 * items, and anything else must be equal. Returns undefined when `actual` contains `expected`.
 */
export function findSubsetMismatch(expected: unknown, actual: unknown, path = ''): Mismatch | undefined {
  if (isJsonObject(expected)) {
    if (!isJsonObject(actual)) return { path, expected, actual };
    for (const [key, value] of Object.entries(expected)) {
      const inner = Object.hasOwn(actual, key) ? actual[key] : undefined;
      const mismatch = findSubsetMismatch(value, inner, join(path, key));
      if (mismatch !== undefined) return mismatch;
    }
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return { path, expected, actual };
    for (let i = 0; i < expected.length; i++) {
      const mismatch = findSubsetMismatch(expected[i], actual[i], join(path, i));
      if (mismatch !== undefined) return mismatch;
    }
    return undefined;
  }
  return Object.is(expected, actual) ? undefined : { path, expected, actual };
}
