import type { JsonType, PropertySpec, ValueSpec } from '../../model/index.js';
import { isAvailableAt, resolvePropertyAt, FLOW_JSON_VERSIONS } from '../../model/index.js';
import { checkAction } from './check-action.js';
import { checkComponents } from './check-components.js';
import { isStringInFormat } from './is-string-in-format.js';
import { childPointer, pointerToPath, type SchemaWalker } from './schema-walker.js';
import { isJsonObject, type JsonObject } from '../../json/is-json-object.js';
import { matchesJsonType } from '../../json-schema/check-json-schema.js';

/** The JSON type name of a parsed value, as Meta's messages print it. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value;
}

/** A properties table prepared for one version: each key's resolved spec (or why it is unavailable) and the required keys. */
interface CompiledTable {
  readonly byKey: ReadonlyMap<string, { readonly spec: PropertySpec; readonly unavailable?: string }>;
  readonly required: readonly string[];
}

/** Meta's advice for properties it removed from Flow JSON (its catalogue wording). */
const REMOVAL_ADVICE: Readonly<Record<string, string>> = {
  data_channel_uri: ' Please configure your endpoint URI using Flows API or Builder.',
};

const compiledByVersion = new Map<string, WeakMap<object, CompiledTable>>();

function nextVersionAfter(version: string): string {
  const index = FLOW_JSON_VERSIONS.findIndex((v) => v.version === version);
  return FLOW_JSON_VERSIONS[index + 1]?.version ?? version;
}

// Prepares a properties table for a version once, so the walk does one map lookup per key.
function compile(properties: Readonly<Record<string, PropertySpec>>, version: string): CompiledTable {
  let tables = compiledByVersion.get(version);
  if (tables === undefined) {
    tables = new WeakMap();
    compiledByVersion.set(version, tables);
  }
  let compiled = tables.get(properties);
  if (compiled === undefined) {
    const byKey = new Map<string, { spec: PropertySpec; unavailable?: string }>();
    const required: string[] = [];
    for (const [key, raw] of Object.entries(properties)) {
      if (isAvailableAt(version, raw.since, raw.until)) {
        const spec = resolvePropertyAt(raw, version);
        byKey.set(key, { spec });
        if (spec.required === true) required.push(key);
      } else {
        const unavailable =
          raw.until !== undefined && isAvailableAt(version, raw.since)
            ? `is no longer supported in Flow JSON as of version '${nextVersionAfter(raw.until)}'`
            : `is only available from Flow JSON version '${raw.since ?? ''}'`;
        byKey.set(key, { spec: raw, unavailable });
      }
    }
    compiled = { byKey, required };
    tables.set(properties, compiled);
  }
  return compiled;
}

/**
 * Checks an object's keys against a properties table at the walker's version: unknown or not yet
 * (no longer) available keys, missing required keys, then each value. `owner` names the object in messages.
 */
export function checkObject(
  w: SchemaWalker,
  obj: JsonObject,
  properties: Readonly<Record<string, PropertySpec>>,
  pointer: string,
  owner: string,
  skip?: string,
): void {
  const table = compile(properties, w.version);
  for (const key in obj) {
    if (key === skip) continue;
    const entry = table.byKey.get(key);
    if (entry === undefined) {
      w.error('INVALID_PROPERTY_KEY', childPointer(pointer, key), `Property '${key}' cannot be specified at ${owner} on ${pointerToPath(pointer)}.`, true);
    } else if (entry.unavailable !== undefined) {
      w.error(
        'INVALID_PROPERTY_KEY',
        childPointer(pointer, key),
        `Property '${key}' ${entry.unavailable}.${REMOVAL_ADVICE[key] ?? ''} It cannot be specified at ${owner} (the Flow uses version '${w.version}').`,
        true,
      );
    } else {
      checkValue(w, obj[key], entry.spec, childPointer(pointer, key), key);
    }
  }
  for (const key of table.required) {
    if (!Object.hasOwn(obj, key)) {
      // Meta reports every schema "required" miss with MISSING_REQUIRED_TYPE_PROPERTY (its catalogue's
      // example is a component without `type`); MISSING_REQUIRED_PROPERTY is for endpoint dependencies.
      w.error('MISSING_REQUIRED_TYPE_PROPERTY', pointer, `Required property '${key}' is missing at ${owner}.`);
    }
  }
}

/** Checks one value against its spec: type, enum, text limits, formats, ranges, items, nested objects and actions. */
export function checkValue(w: SchemaWalker, value: unknown, spec: ValueSpec, pointer: string, key: string): void {
  if (typeof value === 'string' && spec.dynamic !== false && w.isDynamic(value)) return;
  if (!matchesAnyType(spec.type, value)) {
    reportTypeMismatch(w, value, typeof spec.type === 'string' ? [spec.type] : spec.type, pointer, key);
    return;
  }
  if (typeof value === 'string') checkString(w, value, spec, pointer, key);
  else if (typeof value === 'number') checkNumber(w, value, spec, pointer, key);
  else if (Array.isArray(value)) checkArray(w, value, spec, pointer, key);
  else if (isJsonObject(value)) checkMap(w, value, spec, pointer, key);
}

function matchesAnyType(type: JsonType | readonly JsonType[], value: unknown): boolean {
  if (typeof type === 'string') return matchesJsonType(type, value);
  for (const option of type) if (matchesJsonType(option, value)) return true;
  return false;
}

function reportTypeMismatch(w: SchemaWalker, value: unknown, types: readonly JsonType[], pointer: string, key: string): void {
  const numeric = types.includes('number') || types.includes('integer');
  if (numeric && typeof value === 'string') {
    // Meta accepts numeric strings for numeric properties ("int/string", e.g. max-chars); anything else
    // must be a number or a binding (PATTERN_MISMATCH, its error-codes sample).
    if (/^\d+$/.test(value)) return;
    w.error(
      'PATTERN_MISMATCH',
      pointer,
      `Property '${key}' should be of type '${types.join("' or '")}' or have dynamic data format of the form \${screen.data.your_value} or \${data.your_value}.`,
    );
    return;
  }
  w.error(
    'INVALID_PROPERTY_TYPE',
    pointer,
    `Expected property '${pointerToPath(pointer)}' to be of type '${types.join("' or '")}', but found '${jsonTypeOf(value)}'.`,
  );
}

function checkString(w: SchemaWalker, value: string, spec: ValueSpec, pointer: string, key: string): void {
  if (spec.enum !== undefined && !spec.enum.includes(value)) {
    // Discriminating `type` values are reported as INVALID_PROPERTY_VALUE, as Meta does for unknown layouts.
    if (key === 'type') w.error('INVALID_PROPERTY_VALUE', pointer, `Invalid value found for property 'type' at ${pointerToPath(pointer)}.`);
    else w.error('INVALID_ENUM_VALUE', pointer, `Value should be one of: [${spec.enum.join(', ')}].`);
    return;
  }
  if (spec.minLength !== undefined && value.length < spec.minLength) {
    w.error('MIN_CHARS_REQUIRED', pointer, `Property '${key}' should have at least '${spec.minLength}' characters.`);
    return;
  }
  if (spec.notBlank === true && value.trim() === '') {
    w.error('PATTERN_MISMATCH', pointer, `Property '${key}' should not be blank or empty string.`);
    return;
  }
  if (spec.maxLength !== undefined && value.length > spec.maxLength) {
    // Meta documents no code for text limits; INVALID_PROPERTY_VALUE is its generic bad-value code.
    w.error('INVALID_PROPERTY_VALUE', pointer, `Property '${key}' should have at most ${spec.maxLength} characters, but has ${value.length}.`);
  }
  if (spec.pattern !== undefined && !patternOf(spec.pattern.source).test(value)) {
    w.error('PATTERN_MISMATCH', pointer, `Property '${key}' should only consist of ${spec.pattern.description}.`);
  }
  if (spec.format !== undefined && !isStringInFormat(value, spec.format)) {
    w.error('INVALID_PROPERTY_VALUE_FORMAT', pointer, `Property '${key}' should be in '${spec.format}' format.`);
  }
}

const patterns = new Map<string, RegExp>();

function patternOf(source: string): RegExp {
  let pattern = patterns.get(source);
  if (pattern === undefined) {
    pattern = new RegExp(source);
    patterns.set(source, pattern);
  }
  return pattern;
}

function checkNumber(w: SchemaWalker, value: number, spec: ValueSpec, pointer: string, key: string): void {
  if (spec.min !== undefined && value < spec.min) {
    w.error('MINIMUM_VALUE_REQUIRED', pointer, `The minimum value allowed for property '${key}' is ${spec.min}.`);
  } else if (spec.max !== undefined && value > spec.max) {
    w.error('MAXIMUM_VALUE_REQUIRED', pointer, `The maximum value allowed for property '${key}' is ${spec.max}.`);
  }
}

function checkArray(w: SchemaWalker, value: readonly unknown[], spec: ValueSpec, pointer: string, key: string): void {
  if (spec.minItems !== undefined && value.length < spec.minItems) {
    if (spec.components !== undefined) w.error('INVALID_PROPERTY_VALUE', pointer, 'Expected array to contain at least one component.');
    else w.error('MIN_ITEMS_REQUIRED', pointer, `Property '${key}' should have at least '${spec.minItems}' items.`);
  } else if (spec.maxItems !== undefined && value.length > spec.maxItems) {
    // No documented Meta code for too many items; INVALID_PROPERTY_VALUE is its generic bad-value code.
    w.error('INVALID_PROPERTY_VALUE', pointer, `Property '${key}' should have at most ${spec.maxItems} items, but has ${value.length}.`);
  }
  if (spec.components !== undefined) {
    checkComponents(w, value, pointer, spec.components);
  } else if (spec.items !== undefined) {
    for (let i = 0; i < value.length; i++) checkValue(w, value[i], spec.items, childPointer(pointer, i), key);
  }
}

function checkMap(w: SchemaWalker, value: JsonObject, spec: ValueSpec, pointer: string, key: string): void {
  if (spec.actions !== undefined) {
    checkAction(w, value, spec.actions, pointer, key);
  } else if (spec.properties !== undefined) {
    checkObject(w, value, spec.properties, pointer, `'${key}'`);
  } else if (spec.values !== undefined) {
    let count = 0;
    for (const entry in value) {
      count++;
      checkValue(w, value[entry], spec.values, childPointer(pointer, entry), entry);
    }
    if (spec.minProperties !== undefined && count < spec.minProperties) {
      w.error('INVALID_PROPERTY_VALUE', pointer, `Invalid empty property found at ${pointerToPath(pointer)}.`);
    }
  }
}
