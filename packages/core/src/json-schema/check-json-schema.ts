import { isJsonObject, type JsonObject } from '../json/is-json-object.js';
import { escapePointerSegment } from '../json/json-pointer.js';

/** A JSON Schema keyword this checker understands. */
export type SchemaKeyword =
  | '$ref'
  | 'type'
  | 'const'
  | 'enum'
  | 'minLength'
  | 'maxLength'
  | 'pattern'
  | 'minimum'
  | 'maximum'
  | 'minItems'
  | 'maxItems'
  | 'items'
  | 'required'
  | 'minProperties'
  | 'properties'
  | 'additionalProperties'
  | 'anyOf'
  | 'allOf';

/** Where and how a value breaks its schema; `pointer` is the JSON pointer of the value concerned. */
export type SchemaMismatch =
  | { readonly keyword: 'type'; readonly pointer: string; readonly expected: readonly string[]; readonly actual: string }
  /** `pointer` is the object's; `property` the missing key. */
  | { readonly keyword: 'required'; readonly pointer: string; readonly property: string }
  /** `pointer` is the property's. */
  | { readonly keyword: 'additionalProperties'; readonly pointer: string; readonly property: string }
  | { readonly keyword: 'const'; readonly pointer: string; readonly expected: unknown }
  | { readonly keyword: 'anyOf'; readonly pointer: string; readonly alternatives: readonly (readonly SchemaMismatch[])[] }
  | {
      readonly keyword: Exclude<SchemaKeyword, 'type' | 'required' | 'additionalProperties' | 'const' | 'anyOf' | 'items' | 'properties' | 'allOf'>;
      readonly pointer: string;
    };

/** How far the check goes. */
export interface CheckJsonSchemaOptions {
  /**
   * The keywords honoured; the others are ignored as if absent. Default: all of them. A screen's data
   * model (Flow JSON §1.5) uses Meta's subset `type`, `enum`, `items`, `properties`: its objects list
   * no `required` and may carry other keys (`__example__`) that mean nothing here.
   */
  readonly keywords?: ReadonlySet<SchemaKeyword>;
  /** Stop once this many mismatches are found (a hostile value could otherwise yield millions). */
  readonly limit?: number;
}

/**
 * Checks a value against a JSON Schema (draft-07) of the keywords Flowline's schemas use: `type`
 * (one or several), `const`, `enum`, string lengths and `pattern`, `minimum`/`maximum`, item counts
 * and `items`, `required`, `minProperties`, `properties` and `additionalProperties`, `anyOf`,
 * `allOf` (with `if`/`then`) and `$ref` to `#/definitions/…`. A schema that is not an object (`true`,
 * a missing `items`) and a `type` name it does not know accept anything. A number must be finite (as
 * any number read from JSON). Returns the mismatches, empty when the value fits; never throws.
 */
export function checkJsonSchema(schema: unknown, value: unknown, options: CheckJsonSchemaOptions = {}): SchemaMismatch[] {
  const out: SchemaMismatch[] = [];
  const root = isJsonObject(schema) ? schema : {};
  check(root, schema, value, '', out, { keywords: options.keywords, limit: options.limit ?? Number.POSITIVE_INFINITY, depth: 0 });
  return out;
}

interface Walk {
  readonly keywords: ReadonlySet<SchemaKeyword> | undefined;
  readonly limit: number;
  readonly depth: number;
}

/** Guards `$ref` cycles and hostile nesting; Flowline's schemas nest a few dozen levels at most. */
const MAX_DEPTH = 256;

function check(root: JsonObject, schema: unknown, value: unknown, pointer: string, out: SchemaMismatch[], walk: Walk): void {
  if (!isJsonObject(schema) || out.length >= walk.limit || walk.depth > MAX_DEPTH) return;
  const uses = (keyword: SchemaKeyword): boolean => walk.keywords === undefined || walk.keywords.has(keyword);
  const inner: Walk = { ...walk, depth: walk.depth + 1 };
  const ref = schema['$ref'];
  if (typeof ref === 'string' && uses('$ref')) {
    const target = resolveRef(root, ref);
    if (target === undefined) out.push({ keyword: '$ref', pointer });
    else check(root, target, value, pointer, out, inner);
    return;
  }
  if (schema['type'] !== undefined && uses('type')) {
    const expected = (Array.isArray(schema['type']) ? schema['type'] : [schema['type']]).filter((t): t is string => typeof t === 'string');
    if (expected.length > 0 && !expected.some((t) => matchesJsonType(t, value))) {
      out.push({ keyword: 'type', pointer, expected, actual: describeJsonType(value) });
      return;
    }
  }
  if (Object.hasOwn(schema, 'const') && uses('const') && schema['const'] !== value) out.push({ keyword: 'const', pointer, expected: schema['const'] });
  const allowed = schema['enum'];
  if (Array.isArray(allowed) && uses('enum') && !allowed.includes(value)) out.push({ keyword: 'enum', pointer });
  if (typeof value === 'string') checkString(schema, value, pointer, out, uses);
  else if (typeof value === 'number') checkNumber(schema, value, pointer, out, uses);
  else if (Array.isArray(value)) {
    checkCount(schema, value.length, 'minItems', 'maxItems', pointer, out, uses);
    if (uses('items')) value.forEach((item: unknown, i) => check(root, schema['items'], item, `${pointer}/${i}`, out, inner));
  } else if (isJsonObject(value)) {
    checkObject(root, schema, value, pointer, out, inner, uses);
  }
  const anyOf = schema['anyOf'];
  if (Array.isArray(anyOf) && uses('anyOf')) {
    const alternatives: SchemaMismatch[][] = [];
    for (const option of anyOf) {
      const found: SchemaMismatch[] = [];
      check(root, option, value, pointer, found, inner);
      if (found.length === 0) break;
      alternatives.push(found);
    }
    if (alternatives.length === anyOf.length) out.push({ keyword: 'anyOf', pointer, alternatives });
  }
  const allOf = schema['allOf'];
  if (Array.isArray(allOf) && uses('allOf')) {
    for (const sub of allOf) {
      if (isJsonObject(sub) && isJsonObject(sub['if'])) {
        const condition: SchemaMismatch[] = [];
        check(root, sub['if'], value, pointer, condition, inner);
        if (condition.length === 0) check(root, sub['then'], value, pointer, out, inner);
      } else {
        check(root, sub, value, pointer, out, inner);
      }
    }
  }
}

function checkString(schema: JsonObject, value: string, pointer: string, out: SchemaMismatch[], uses: (k: SchemaKeyword) => boolean): void {
  const { maxLength, minLength, pattern } = schema;
  if (typeof maxLength === 'number' && uses('maxLength') && value.length > maxLength) out.push({ keyword: 'maxLength', pointer });
  if (typeof minLength === 'number' && uses('minLength') && value.length < minLength) out.push({ keyword: 'minLength', pointer });
  if (typeof pattern === 'string' && uses('pattern') && !patternOf(pattern)?.test(value)) out.push({ keyword: 'pattern', pointer });
}

function checkNumber(schema: JsonObject, value: number, pointer: string, out: SchemaMismatch[], uses: (k: SchemaKeyword) => boolean): void {
  const { minimum, maximum } = schema;
  if (typeof minimum === 'number' && uses('minimum') && value < minimum) out.push({ keyword: 'minimum', pointer });
  if (typeof maximum === 'number' && uses('maximum') && value > maximum) out.push({ keyword: 'maximum', pointer });
}

function checkCount(
  schema: JsonObject,
  count: number,
  min: 'minItems' | 'minProperties',
  max: 'maxItems' | undefined,
  pointer: string,
  out: SchemaMismatch[],
  uses: (k: SchemaKeyword) => boolean,
): void {
  const low = schema[min];
  if (typeof low === 'number' && uses(min) && count < low) out.push({ keyword: min, pointer });
  const high = max === undefined ? undefined : schema[max];
  if (max !== undefined && typeof high === 'number' && uses(max) && count > high) out.push({ keyword: max, pointer });
}

function checkObject(
  root: JsonObject,
  schema: JsonObject,
  value: JsonObject,
  pointer: string,
  out: SchemaMismatch[],
  inner: Walk,
  uses: (k: SchemaKeyword) => boolean,
): void {
  const required = schema['required'];
  if (Array.isArray(required) && uses('required')) {
    for (const key of required) if (typeof key === 'string' && !Object.hasOwn(value, key)) out.push({ keyword: 'required', pointer, property: key });
  }
  checkCount(schema, Object.keys(value).length, 'minProperties', undefined, pointer, out, uses);
  const properties = isJsonObject(schema['properties']) && uses('properties') ? schema['properties'] : undefined;
  const additional = uses('additionalProperties') ? schema['additionalProperties'] : undefined;
  for (const key of Object.keys(value)) {
    const at = `${pointer}/${escapePointerSegment(key)}`;
    if (properties !== undefined && Object.hasOwn(properties, key)) check(root, properties[key], value[key], at, out, inner);
    else if (additional === false) out.push({ keyword: 'additionalProperties', pointer: at, property: key });
    else check(root, additional, value[key], at, out, inner);
  }
}

/** Whether a value has a JSON Schema type; a type name it does not know matches anything. */
export function matchesJsonType(type: string, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isJsonObject(value);
    case 'null':
      return value === null;
    default:
      return true;
  }
}

/** The JSON type name of a value for messages: `null`, `array`, `object`, `string`, `number`, `boolean`. */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function resolveRef(root: JsonObject, ref: string): unknown {
  if (!ref.startsWith('#/definitions/')) return undefined;
  const definitions = root['definitions'];
  const name = ref.slice('#/definitions/'.length);
  return isJsonObject(definitions) && Object.hasOwn(definitions, name) && isJsonObject(definitions[name]) ? definitions[name] : undefined;
}

const patterns = new Map<string, RegExp | undefined>();

/** A schema's pattern compiled once; an invalid one (undefined) matches nothing. */
function patternOf(source: string): RegExp | undefined {
  if (!patterns.has(source)) {
    let compiled: RegExp | undefined;
    try {
      compiled = new RegExp(source);
    } catch {
      compiled = undefined;
    }
    patterns.set(source, compiled);
  }
  return patterns.get(source);
}
