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
  const walk: Walk = { root: isJsonObject(schema) ? schema : {}, keywords: options.keywords, limit: options.limit ?? Number.POSITIVE_INFINITY };
  check(walk, schema, value, '', out, 0);
  return out;
}

/**
 * What stays the same through one check. The walk allocates nothing per node beyond the pointers of the
 * values it visits (it runs on the data endpoint's reply path: screen data is checked before it is sent).
 */
interface Walk {
  readonly root: JsonObject;
  readonly keywords: ReadonlySet<SchemaKeyword> | undefined;
  readonly limit: number;
}

const uses = (walk: Walk, keyword: SchemaKeyword): boolean => walk.keywords === undefined || walk.keywords.has(keyword);

/** Guards `$ref` cycles and hostile nesting; Flowline's schemas nest a few dozen levels at most. */
const MAX_DEPTH = 256;

function check(walk: Walk, schema: unknown, value: unknown, pointer: string, out: SchemaMismatch[], depth: number): void {
  if (!isJsonObject(schema) || out.length >= walk.limit || depth > MAX_DEPTH) return;
  const inner = depth + 1;
  const ref = schema['$ref'];
  if (typeof ref === 'string' && uses(walk, '$ref')) {
    const target = resolveRef(walk.root, ref);
    if (target === undefined) out.push({ keyword: '$ref', pointer });
    else check(walk, target, value, pointer, out, inner);
    return;
  }
  const type = schema['type'];
  if (type !== undefined && uses(walk, 'type')) {
    // One type name (the usual case) is checked without building a list.
    const fits = typeof type === 'string' ? matchesJsonType(type, value) : !Array.isArray(type) || !type.some((t) => typeof t === 'string') || type.some((t) => typeof t === 'string' && matchesJsonType(t, value));
    if (!fits) {
      const expected = (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string');
      out.push({ keyword: 'type', pointer, expected, actual: describeJsonType(value) });
      return;
    }
  }
  if (Object.hasOwn(schema, 'const') && uses(walk, 'const') && schema['const'] !== value) out.push({ keyword: 'const', pointer, expected: schema['const'] });
  const allowed = schema['enum'];
  if (Array.isArray(allowed) && uses(walk, 'enum') && !allowed.includes(value)) out.push({ keyword: 'enum', pointer });
  if (typeof value === 'string') checkString(walk, schema, value, pointer, out);
  else if (typeof value === 'number') checkNumber(walk, schema, value, pointer, out);
  else if (Array.isArray(value)) {
    checkCount(walk, schema, value.length, 'minItems', 'maxItems', pointer, out);
    const items = schema['items'];
    if (isJsonObject(items) && uses(walk, 'items')) {
      for (let i = 0; i < value.length; i += 1) check(walk, items, value[i], `${pointer}/${i}`, out, inner);
    }
  } else if (isJsonObject(value)) {
    checkObject(walk, schema, value, pointer, out, inner);
  }
  const anyOf = schema['anyOf'];
  if (Array.isArray(anyOf) && uses(walk, 'anyOf')) {
    const alternatives: SchemaMismatch[][] = [];
    for (const option of anyOf) {
      const found: SchemaMismatch[] = [];
      check(walk, option, value, pointer, found, inner);
      if (found.length === 0) break;
      alternatives.push(found);
    }
    if (alternatives.length === anyOf.length) out.push({ keyword: 'anyOf', pointer, alternatives });
  }
  const allOf = schema['allOf'];
  if (Array.isArray(allOf) && uses(walk, 'allOf')) {
    for (const sub of allOf) {
      if (isJsonObject(sub) && isJsonObject(sub['if'])) {
        const condition: SchemaMismatch[] = [];
        check(walk, sub['if'], value, pointer, condition, inner);
        if (condition.length === 0) check(walk, sub['then'], value, pointer, out, inner);
      } else {
        check(walk, sub, value, pointer, out, inner);
      }
    }
  }
}

function checkString(walk: Walk, schema: JsonObject, value: string, pointer: string, out: SchemaMismatch[]): void {
  const { maxLength, minLength, pattern } = schema;
  if (typeof maxLength === 'number' && uses(walk, 'maxLength') && value.length > maxLength) out.push({ keyword: 'maxLength', pointer });
  if (typeof minLength === 'number' && uses(walk, 'minLength') && value.length < minLength) out.push({ keyword: 'minLength', pointer });
  if (typeof pattern === 'string' && uses(walk, 'pattern') && !patternOf(pattern)?.test(value)) out.push({ keyword: 'pattern', pointer });
}

function checkNumber(walk: Walk, schema: JsonObject, value: number, pointer: string, out: SchemaMismatch[]): void {
  const { minimum, maximum } = schema;
  if (typeof minimum === 'number' && uses(walk, 'minimum') && value < minimum) out.push({ keyword: 'minimum', pointer });
  if (typeof maximum === 'number' && uses(walk, 'maximum') && value > maximum) out.push({ keyword: 'maximum', pointer });
}

function checkCount(
  walk: Walk,
  schema: JsonObject,
  count: number,
  min: 'minItems' | 'minProperties',
  max: 'maxItems' | undefined,
  pointer: string,
  out: SchemaMismatch[],
): void {
  const low = schema[min];
  if (typeof low === 'number' && uses(walk, min) && count < low) out.push({ keyword: min, pointer });
  const high = max === undefined ? undefined : schema[max];
  if (max !== undefined && typeof high === 'number' && uses(walk, max) && count > high) out.push({ keyword: max, pointer });
}

function checkObject(walk: Walk, schema: JsonObject, value: JsonObject, pointer: string, out: SchemaMismatch[], inner: number): void {
  const required = schema['required'];
  if (Array.isArray(required) && uses(walk, 'required')) {
    for (const key of required) if (typeof key === 'string' && !Object.hasOwn(value, key)) out.push({ keyword: 'required', pointer, property: key });
  }
  const keys = Object.keys(value);
  checkCount(walk, schema, keys.length, 'minProperties', undefined, pointer, out);
  const properties = isJsonObject(schema['properties']) && uses(walk, 'properties') ? schema['properties'] : undefined;
  const additional = uses(walk, 'additionalProperties') ? schema['additionalProperties'] : undefined;
  // A property nothing checks (no schema of its own, additional properties allowed) is not visited.
  const visitOthers = isJsonObject(additional);
  for (const key of keys) {
    const own = properties !== undefined && Object.hasOwn(properties, key);
    if (!own && additional !== false && !visitOthers) continue;
    const at = `${pointer}/${escapePointerSegment(key)}`;
    if (own) check(walk, properties[key], value[key], at, out, inner);
    else if (additional === false) out.push({ keyword: 'additionalProperties', pointer: at, property: key });
    else check(walk, additional, value[key], at, out, inner);
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
/** Compiled patterns kept at most; past it the cache starts again (schemas are Flowline's own, a few patterns each). */
const MAX_PATTERNS = 256;

/** A schema's pattern compiled once; an invalid one (undefined) matches nothing. */
function patternOf(source: string): RegExp | undefined {
  if (!patterns.has(source)) {
    if (patterns.size >= MAX_PATTERNS) patterns.clear();
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
