import { readField } from './read-field.js';
import type { FieldCondition, RoutingCondition, RoutingContext } from './routing-rule.js';
import { isJsonObject } from '../json/is-json-object.js';

/** Whether a condition holds for an answer and its context. */
export function matchesCondition(condition: RoutingCondition, answer: unknown, context: RoutingContext): boolean {
  switch (condition.kind) {
    case 'all':
      return condition.conditions.every((c) => matchesCondition(c, answer, context));
    case 'any':
      return condition.conditions.some((c) => matchesCondition(c, answer, context));
    case 'not':
      return !matchesCondition(condition.condition, answer, context);
    case 'field':
      return matchesField(condition, readField(condition.field, answer, context));
  }
}

function matchesField(c: FieldCondition, value: unknown): boolean {
  if (c.exists !== undefined && isPresent(value) !== c.exists) return false;
  if ('equals' in c && !looselyEqual(value, c.equals)) return false;
  if ('notEquals' in c && looselyEqual(value, c.notEquals)) return false;
  if (c.in !== undefined && !c.in.some((item) => looselyEqual(value, item))) return false;
  if (c.notIn?.some((item) => looselyEqual(value, item)) === true) return false;
  if (c.gt !== undefined || c.gte !== undefined || c.lt !== undefined || c.lte !== undefined) {
    const n = toNumber(value);
    if (n === undefined) return false;
    if (c.gt !== undefined && !(n > c.gt)) return false;
    if (c.gte !== undefined && !(n >= c.gte)) return false;
    if (c.lt !== undefined && !(n < c.lt)) return false;
    if (c.lte !== undefined && !(n <= c.lte)) return false;
  }
  if ('contains' in c && !contains(value, c.contains)) return false;
  return true;
}

/** Present means neither missing, null, an empty string nor an empty array (what an unanswered optional input yields). */
function isPresent(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  return !(Array.isArray(value) && value.length === 0);
}

/** A number, or a string holding a finite number (TextInput answers arrive as strings). */
function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** JSON equality, where a number and a numeric string with the same value are equal. */
function looselyEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') {
    const x = toNumber(a);
    const y = toNumber(b);
    return x !== undefined && x === y;
  }
  return deepEqual(a, b);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (!isJsonObject(a) || !isJsonObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}

/** A string contains a substring (case-insensitive); an array contains an element. */
function contains(value: unknown, needle: unknown): boolean {
  if (typeof value === 'string') return typeof needle === 'string' || typeof needle === 'number' ? value.toLowerCase().includes(String(needle).toLowerCase()) : false;
  if (Array.isArray(value)) return value.some((item) => looselyEqual(item, needle));
  return false;
}
