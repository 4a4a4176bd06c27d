import { findComponent, isVersionAtLeast } from '../model/index.js';
import type { JsonType } from '../model/index.js';
import type { ExprType } from '../expression/index.js';

/** Whether a component type takes user input (its value is `${form.<name>}`), per the registry. */
export function isInputComponent(type: string | undefined): boolean {
  if (type === undefined) return false;
  return findComponent(type)?.isInput === true;
}

/**
 * The JSON type of the value an input component produces, per the registry; a TextInput with
 * `input-type: number` compares as a number in expressions (Meta's own examples rely on it).
 */
export function inputValueType(type: string | undefined, node?: { readonly [key: string]: unknown }): ExprType {
  if (type === undefined) return 'unknown';
  if (type === 'TextInput' && node?.['input-type'] === 'number') return 'number';
  return findComponent(type)?.valueType ?? 'unknown';
}

function toExprType(type: JsonType): ExprType {
  return type === 'integer' ? 'number' : type;
}

/**
 * The JSON types a component property accepts in `version` (for binding type checks), per the
 * registry; undefined when the registry does not know the component or the property.
 */
export function propertyTypes(type: string | undefined, property: string, version: string | undefined): readonly ExprType[] | undefined {
  if (type === undefined) return undefined;
  const spec = findComponent(type)?.properties[property];
  if (spec === undefined) return undefined;
  let current: JsonType | readonly JsonType[] = spec.type;
  for (const change of spec.changes ?? []) {
    if (change.type !== undefined && (version === undefined || isVersionAtLeast(version, change.since))) current = change.type;
  }
  const list: readonly JsonType[] = typeof current === 'string' ? [current] : current;
  return [...new Set(list.map(toExprType))];
}
