import { Ref, type Untyped } from './expression.js';
import { screenRef } from './refs.js';

/** A JSON Schema declaration of one screen data field, with its `__example__` (spec §1.7). */
export interface DataFieldSchema {
  readonly type: 'string' | 'number' | 'boolean' | 'object' | 'array';
  readonly __example__: unknown;
  readonly [extra: string]: unknown;
}

/** A screen data field: its key, its schema, and references to it (pywa's `ScreenData`). */
export interface DataField<T = Untyped> {
  readonly key: string;
  readonly schema: DataFieldSchema;
  readonly ref: Ref<T>;
  refIn(screen: string): Ref<T>;
}

function typeOf(example: unknown): DataFieldSchema['type'] {
  if (Array.isArray(example)) return 'array';
  if (typeof example === 'string') return 'string';
  if (typeof example === 'number') return 'number';
  if (typeof example === 'boolean') return 'boolean';
  return 'object';
}

/**
 * Declares a screen data field from its example; the type is taken from the example unless given,
 * and extra schema keywords (`items`, `properties`) may be passed.
 */
export function dataField<T = Untyped>(key: string, example: T, schema: Partial<DataFieldSchema> = {}): DataField<T> {
  return {
    key,
    schema: { type: typeOf(example), ...schema, __example__: example },
    ref: new Ref<T>(`\${data.${key}}`),
    refIn: (screen) => screenRef(screen).data<T>(key),
  };
}
