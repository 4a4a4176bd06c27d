/**
 * Small schema objects for the admin API: each one both validates input (problems as values) and
 * describes itself as JSON Schema 2020-12 (the dialect of OpenAPI 3.1), so the OpenAPI document is
 * derived from the same definitions the routes validate with.
 */

/** A JSON Schema object as embedded in the OpenAPI document. */
export type JsonSchema = { readonly [key: string]: unknown };

/** One reason an input was refused: where (a JSON pointer into the input) and why. */
export interface SchemaIssue {
  readonly pointer: string;
  readonly message: string;
}

/** The outcome of parsing an input against a schema. */
export type SchemaResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly SchemaIssue[] };

/** A schema: parses unknown input into `T` and describes itself as JSON Schema. */
export interface Schema<T> {
  readonly json: JsonSchema;
  parse(value: unknown, pointer?: string): SchemaResult<T>;
}

/** A schema marked optional inside an object (the key may be absent). */
export interface OptionalSchema<T> extends Schema<T> {
  readonly optional: true;
}

/** The type a schema produces. */
export type Infer<S> = S extends Schema<infer T> ? T : never;

type Shape = Readonly<Record<string, Schema<unknown>>>;
type RequiredKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? never : K }[keyof S];
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] };
/** The object type an object shape produces (optional keys may be absent, never `undefined`). */
export type InferShape<S extends Shape> = Simplify<{ [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> }>;

const good = <T>(value: T): SchemaResult<T> => ({ ok: true, value });
const bad = <T>(pointer: string, message: string): SchemaResult<T> => ({ ok: false, issues: [{ pointer, message }] });

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

interface StringOptions {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly description?: string;
}

/** A string, optionally bounded in length or matching a pattern. */
export function string(options: StringOptions = {}): Schema<string> {
  const pattern = options.pattern === undefined ? undefined : new RegExp(options.pattern);
  return {
    json: { type: 'string', ...options },
    parse(value, pointer = '') {
      if (typeof value !== 'string') return bad(pointer, `expected a string, got ${describe(value)}`);
      if (options.minLength !== undefined && value.length < options.minLength) return bad(pointer, `must be at least ${options.minLength} characters`);
      if (options.maxLength !== undefined && value.length > options.maxLength) return bad(pointer, `must be at most ${options.maxLength} characters`);
      if (pattern !== undefined && !pattern.test(value)) return bad(pointer, `must match ${options.pattern ?? ''}`);
      return good(value);
    },
  };
}

/** One of a fixed list of strings. */
export function oneOf<const T extends string>(values: readonly T[], description?: string): Schema<T> {
  return {
    json: { type: 'string', enum: values, ...(description === undefined ? {} : { description }) },
    parse(value, pointer = '') {
      const found = values.find((v) => v === value);
      return found === undefined ? bad(pointer, `must be one of ${values.join(', ')}`) : good(found);
    },
  };
}

interface NumberOptions {
  readonly minimum?: number;
  readonly maximum?: number;
  readonly description?: string;
  /** Accept a decimal string too (query parameters arrive as text). */
  readonly fromString?: boolean;
}

/** An integer within bounds; with `fromString`, also its decimal text (for query parameters). */
export function integer(options: NumberOptions = {}): Schema<number> {
  const { fromString, ...json } = options;
  return {
    json: { type: 'integer', ...json },
    parse(value, pointer = '') {
      const n = fromString === true && typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isSafeInteger(n)) return bad(pointer, `expected an integer, got ${typeof value === 'string' ? JSON.stringify(value) : describe(value)}`);
      if (options.minimum !== undefined && n < options.minimum) return bad(pointer, `must be at least ${options.minimum}`);
      if (options.maximum !== undefined && n > options.maximum) return bad(pointer, `must be at most ${options.maximum}`);
      return good(n);
    },
  };
}

/** Any finite number. */
export function number(options: { readonly description?: string } = {}): Schema<number> {
  return {
    json: { type: 'number', ...options },
    parse: (value, pointer = '') => (typeof value === 'number' && Number.isFinite(value) ? good(value) : bad(pointer, `expected a number, got ${describe(value)}`)),
  };
}

/** A boolean; with `fromString`, also the text `true`/`false`. */
export function boolean(options: { readonly description?: string; readonly fromString?: boolean } = {}): Schema<boolean> {
  return {
    json: { type: 'boolean', ...(options.description === undefined ? {} : { description: options.description }) },
    parse(value, pointer = '') {
      if (typeof value === 'boolean') return good(value);
      if (options.fromString === true && (value === 'true' || value === 'false')) return good(value === 'true');
      return bad(pointer, `expected a boolean, got ${describe(value)}`);
    },
  };
}

/** Any JSON value (described, not checked). */
export function unknownValue(description?: string): Schema<unknown> {
  return { json: description === undefined ? {} : { description }, parse: (value) => good(value) };
}

/** A JSON object with string keys and any values. */
export function record(description?: string): Schema<Record<string, unknown>> {
  return {
    json: { type: 'object', ...(description === undefined ? {} : { description }) },
    parse(value, pointer = '') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad(pointer, `expected an object, got ${describe(value)}`);
      return good({ ...(value as Record<string, unknown>) });
    },
  };
}

/** An array of items, optionally bounded in size. */
export function array<T>(item: Schema<T>, options: { readonly maxItems?: number; readonly description?: string } = {}): Schema<T[]> {
  return {
    json: { type: 'array', items: item.json, ...options },
    parse(value, pointer = '') {
      if (!Array.isArray(value)) return bad(pointer, `expected an array, got ${describe(value)}`);
      if (options.maxItems !== undefined && value.length > options.maxItems) return bad(pointer, `must have at most ${options.maxItems} items`);
      const out: T[] = [];
      const issues: SchemaIssue[] = [];
      value.forEach((v: unknown, i) => {
        const r = item.parse(v, `${pointer}/${i}`);
        if (r.ok) out.push(r.value);
        else issues.push(...r.issues);
      });
      return issues.length > 0 ? { ok: false, issues } : good(out);
    },
  };
}

/** A value that may also be `null`. */
export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return {
    json: { anyOf: [inner.json, { type: 'null' }] },
    parse: (value, pointer = '') => (value === null ? good(null) : inner.parse(value, pointer)),
  };
}

/** Either of two schemas (the first that accepts wins). */
export function either<A, B>(a: Schema<A>, b: Schema<B>, description?: string): Schema<A | B> {
  return {
    json: { anyOf: [a.json, b.json], ...(description === undefined ? {} : { description }) },
    parse(value, pointer = '') {
      const first = a.parse(value, pointer);
      if (first.ok) return first;
      const second = b.parse(value, pointer);
      return second.ok ? second : { ok: false, issues: [...first.issues, ...second.issues] };
    },
  };
}

/** Marks a property of an object shape as optional. */
export function optional<T>(inner: Schema<T>): OptionalSchema<T> {
  return { ...inner, optional: true };
}

function isOptional(schema: Schema<unknown>): boolean {
  return 'optional' in schema && schema.optional === true;
}

/** A JSON object with the given properties; unknown properties are refused (they are usually typos). */
export function object<S extends Shape>(shape: S, description?: string): Schema<InferShape<S>> & { readonly shape: S } {
  const keys = Object.keys(shape);
  const required = keys.filter((k) => !isOptional(shape[k] as Schema<unknown>));
  return {
    shape,
    json: {
      type: 'object',
      properties: Object.fromEntries(keys.map((k) => [k, (shape[k] as Schema<unknown>).json])),
      ...(required.length > 0 ? { required } : {}),
      additionalProperties: false,
      ...(description === undefined ? {} : { description }),
    },
    parse(value, pointer = '') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad(pointer, `expected an object, got ${describe(value)}`);
      const input = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      const issues: SchemaIssue[] = [];
      for (const key of Object.keys(input)) {
        if (!(key in shape)) issues.push({ pointer: `${pointer}/${key}`, message: 'unknown property' });
      }
      for (const key of keys) {
        const schema = shape[key] as Schema<unknown>;
        if (input[key] === undefined) {
          if (!isOptional(schema)) issues.push({ pointer: `${pointer}/${key}`, message: 'is required' });
          continue;
        }
        const r = schema.parse(input[key], `${pointer}/${key}`);
        if (r.ok) out[key] = r.value;
        else issues.push(...r.issues);
      }
      // Boundary: every required key was parsed by its schema above, optional ones only when present.
      return issues.length > 0 ? { ok: false, issues } : good(out as InferShape<S>);
    },
  };
}

/** An object schema (its shape is kept so query parameters can be listed one by one). */
export type ObjectSchema<S extends Shape> = ReturnType<typeof object<S>>;
