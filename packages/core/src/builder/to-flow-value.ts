import { Condition, Expression } from './expression.js';

/**
 * A value as the builder accepts it: the Flow JSON value itself, or an expression where a string
 * may stand (a reference, a condition, math, a concatenated string), at any depth.
 */
export type Buildable<V> = V extends string | number | boolean
  ? V | Expression
  : V extends readonly (infer E)[]
    ? readonly Buildable<E>[]
    : V extends object
      ? { [K in keyof V]: Buildable<V[K]> }
      : V | Expression;

/** Converts builder values to plain Flow JSON: expressions become their property strings, recursively. */
export function toFlowValue(value: unknown): unknown {
  if (value instanceof Expression) return value.toString();
  if (Array.isArray(value)) return value.map(toFlowValue);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = toFlowValue(item);
    }
    return out;
  }
  return value;
}

/** An If `condition`: conditions without backticks (v4.0 syntax), references as `${…}`. */
export function toConditionString(condition: Condition | Expression | string): string {
  if (condition instanceof Condition) return condition.toCondition();
  return condition.toString();
}
