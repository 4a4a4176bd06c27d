import type { ChildContext, ResolvedComponentSpec } from '../../model/index.js';
import { COMPONENTS, compareVersions, findComponent, isAvailableAt } from '../../model/index.js';
import { checkObject, jsonTypeOf } from './check-value.js';
import { isCalendarDate } from './is-string-in-format.js';
import { childPointer, pointerToPath, type SchemaWalker } from './schema-walker.js';
import { isJsonObject, type JsonObject } from '../../json/is-json-object.js';

/** Meta allows If components nested at most this deep (spec §2.15). */
export const MAX_IF_NESTING = 3;

/** Checks an array of components in its context (screen layout, Form, If branch or Switch case). */
export function checkComponents(w: SchemaWalker, items: readonly unknown[], pointer: string, context: ChildContext): void {
  for (let i = 0; i < items.length; i++) checkComponent(w, items[i], childPointer(pointer, i), context);
}

function checkComponent(w: SchemaWalker, item: unknown, pointer: string, context: ChildContext): void {
  if (!isJsonObject(item)) {
    w.error('INVALID_PROPERTY_TYPE', pointer, `Expected property '${pointerToPath(pointer)}' to be of type 'object', but found '${jsonTypeOf(item)}'.`);
    return;
  }
  const type = item['type'];
  if (type === undefined) {
    w.error('MISSING_REQUIRED_TYPE_PROPERTY', pointer, "Required property 'type' is missing.");
    return;
  }
  const typePointer = childPointer(pointer, 'type');
  if (typeof type !== 'string') {
    w.error('INVALID_PROPERTY_TYPE', typePointer, `Expected property '${pointerToPath(typePointer)}' to be of type 'string', but found '${jsonTypeOf(type)}'.`);
    return;
  }
  const spec = findComponent(type);
  if (spec === undefined) {
    w.error('INVALID_PROPERTY_VALUE', typePointer, `Invalid value found for property 'type' at ${pointerToPath(typePointer)}: unknown component '${type}'.`);
    return;
  }
  if (!isAvailableAt(w.version, spec.since)) {
    w.error(
      'INVALID_PROPERTY_VALUE',
      typePointer,
      `Invalid value found for property 'type' at ${pointerToPath(typePointer)}: component '${type}' is only available from Flow JSON version '${spec.since}' (the Flow uses version '${w.version}').`,
    );
    return;
  }
  if (!checkPlacement(w, spec, item, pointer, context)) return;
  const isForm = type === 'Form';
  const isIf = type === 'If';
  if (isForm) w.formDepth++;
  if (isIf) w.ifDepth++;
  checkObject(w, item, spec.properties, pointer, type, 'type');
  if (isForm) w.formDepth--;
  if (isIf) w.ifDepth--;
  checkPropertyRelations(w, spec, item, pointer);
}

// Where the component sits: If/Switch allowed children, Forms not nested, inputs inside a Form before 4.0, If depth.
function checkPlacement(w: SchemaWalker, spec: ResolvedComponentSpec, item: JsonObject, pointer: string, context: ChildContext): boolean {
  const typePointer = childPointer(pointer, 'type');
  if (context === 'if' || context === 'switch') {
    const since = context === 'if' ? spec.allowedInIf : spec.allowedInSwitch;
    if (since === undefined || !isAvailableAt(w.version, since)) {
      const host = context === 'if' ? 'If' : 'Switch';
      const allowed = allowedChildren(w.version, context);
      w.error(
        'INVALID_PROPERTY_VALUE',
        typePointer,
        `Component '${spec.type}' is not allowed inside ${host}${since === undefined ? '' : ` before Flow JSON version '${since}'`}. Allowed components: [${allowed.join(', ')}].`,
      );
      return false;
    }
  }
  if (spec.type === 'Form' && w.formDepth > 0) {
    w.error('INVALID_PROPERTY_VALUE', typePointer, 'A Form cannot be placed inside another Form.');
    return false;
  }
  if (spec.type === 'If' && w.ifDepth >= MAX_IF_NESTING) {
    w.error('INVALID_PROPERTY_VALUE', typePointer, `If components can be nested at most ${MAX_IF_NESTING} levels deep.`);
    return false;
  }
  if (spec.formOnlyBefore !== undefined && w.formDepth === 0 && compareVersions(w.version, spec.formOnlyBefore) < 0) {
    const name = typeof item['name'] === 'string' ? item['name'] : spec.type;
    w.error('KEYWORD_ONE_OF', pointer, `Property '${name}' must be defined inside parent property 'Form'.`);
  }
  return true;
}

const allowedCache = new Map<string, readonly string[]>();

function allowedChildren(version: string, context: 'if' | 'switch'): readonly string[] {
  const key = `${context}@${version}`;
  let list = allowedCache.get(key);
  if (list === undefined) {
    list = Object.values(COMPONENTS)
      .filter((c) => {
        const since = context === 'if' ? c.allowedInIf : c.allowedInSwitch;
        return since !== undefined && isAvailableAt(version, since);
      })
      .map((c) => c.type);
    allowedCache.set(key, list);
  }
  return list;
}

// Pairs that go together, mutually exclusive properties, and min/max pairs.
function checkPropertyRelations(w: SchemaWalker, spec: ResolvedComponentSpec, item: JsonObject, pointer: string): void {
  for (const [a, b] of spec.dependentPairs ?? []) {
    const hasA = Object.hasOwn(item, a);
    if (hasA !== Object.hasOwn(item, b)) {
      const [present, missing] = hasA ? [a, b] : [b, a];
      w.error('INVALID_DEPENDENCIES', pointer, `${spec.type} should have property ${missing} when property ${present} is present.`);
    }
  }
  for (const rule of spec.exclusive ?? []) {
    const clashing = rule.others.filter((other) => Object.hasOwn(item, other));
    if (Object.hasOwn(item, rule.property) && clashing.length > 0) {
      w.error(
        'NOT_KEYWORD_SCHEMA_VALIDATION_FAILED',
        pointer,
        `Properties '${rule.property}' and [${clashing.map((c) => `'${c}'`).join(', ')}] must be present exclusively at ${spec.type}.`,
      );
    }
  }
  for (const [minKey, maxKey] of spec.minMaxPairs ?? []) {
    const min = comparable(item[minKey]);
    const max = comparable(item[maxKey]);
    if (min !== undefined && max !== undefined && min > max) {
      const name = typeof item['name'] === 'string' ? ` ${item['name']}` : '';
      w.error('MIN_VALUE_GREATER_THAN_MAX', childPointer(pointer, minKey), `${minKey} cannot be greater than ${maxKey} for ${spec.type}${name}.`);
    }
  }
}

// A number to compare min/max values by: numbers, numeric strings (timestamps) and "YYYY-MM-DD" dates.
function comparable(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  return isCalendarDate(value) ? Date.parse(`${value}T00:00:00Z`) : undefined;
}
