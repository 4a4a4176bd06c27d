import type { RoutingContext } from './routing-rule.js';
import { isJsonObject } from '../json/is-json-object.js';

/**
 * Reads a field path from the answer, or from the context when the first segment starts with `$`
 * (`['$contact', 'tags']` reads `context.contact.tags`). Numeric segments index arrays.
 */
export function readField(path: readonly string[], answer: unknown, context: RoutingContext): unknown {
  const [first, ...rest] = path;
  if (first === undefined) return answer;
  let current: unknown = first.startsWith('$') ? context[first.slice(1)] : step(answer, first);
  for (const segment of rest) current = step(current, segment);
  return current;
}

function step(value: unknown, segment: string): unknown {
  if (Array.isArray(value)) {
    if (!/^(0|[1-9][0-9]*)$/.test(segment)) return undefined;
    const item: unknown = value[Number(segment)];
    return item;
  }
  return isJsonObject(value) && Object.prototype.hasOwnProperty.call(value, segment) ? value[segment] : undefined;
}

/** Splits a dotted field path (`address.city`, `items.0`, `$contact.tags`) into segments. */
export function splitFieldPath(path: string): string[] {
  return path.split('.');
}
