import type { ACTIONS } from './actions.js';
import type { COMPONENT_TABLE, ComponentType } from './components.js';
import type { DOCUMENT_PROPERTIES, LAYOUT_PROPERTIES, SCREEN_PROPERTIES } from './document-properties.js';

// TypeScript types of Flow JSON, inferred from the registry tables (never written by hand).

/** A binding (`${data.x}`) or, from 6.0, a backtick expression, accepted where a property is dynamic. */
export type DynamicString = `\${${string}}` | `\`${string}\``;

type ScalarOf<T, S> = T extends 'string'
  ? S extends { readonly enum: readonly (infer E)[] }
    ? E
    : string
  : T extends 'number' | 'integer'
    ? number
    : T extends 'boolean'
      ? boolean
      : T extends 'array'
        ? S extends { readonly components: string }
          ? Component[]
          : S extends { readonly items: infer I }
            ? ValueOf<I>[]
            : unknown[]
        : T extends 'object'
          ? S extends { readonly actions: readonly { readonly name: infer N }[] }
            ? ActionOf<N>
            : S extends { readonly properties: infer P }
              ? PropertiesOf<P>
              : S extends { readonly values: infer V }
                ? Record<string, ValueOf<V>>
                : Record<string, unknown>
          : never;

type ChangedOf<S> = S extends { readonly changes: readonly (infer C)[] } ? (C extends { readonly type: infer T } ? ScalarsOf<T, C> : never) : never;

type ScalarsOf<T, S> = T extends readonly (infer U)[] ? ScalarOf<U, S> : ScalarOf<T, S>;

/** The TypeScript type of a value described by a registry property spec. */
export type ValueOf<S> = S extends { readonly type: infer T }
  ? ScalarsOf<T, S> | ChangedOf<S> | (S extends { readonly dynamic: false } ? never : DynamicString)
  : unknown;

type RequiredKeys<P> = { [K in keyof P]: P[K] extends { readonly required: true } ? K : never }[keyof P];

/** The object type described by a registry `properties` table. */
export type PropertiesOf<P> = { -readonly [K in RequiredKeys<P>]: ValueOf<P[K]> } & {
  -readonly [K in Exclude<keyof P, RequiredKeys<P>>]?: ValueOf<P[K]>;
};

/** A Flow JSON action object ("navigate", "complete", …). */
export type ActionOf<N> = N extends keyof typeof ACTIONS ? { name: N } & PropertiesOf<(typeof ACTIONS)[N]['properties']> : never;

/** Any action object. */
export type Action = ActionOf<keyof typeof ACTIONS>;

/** One component of a given type, e.g. `ComponentOf<'TextInput'>`. */
export type ComponentOf<K extends ComponentType> = { type: K } & PropertiesOf<(typeof COMPONENT_TABLE)[K]['properties']>;

/** Any component of Flow JSON. */
export type Component = { [K in ComponentType]: ComponentOf<K> }[ComponentType];

/** The `layout` of a screen. */
export type Layout = PropertiesOf<typeof LAYOUT_PROPERTIES>;

/** A screen of a Flow. */
export type Screen = PropertiesOf<typeof SCREEN_PROPERTIES>;

/** A whole Flow JSON document. */
export type FlowJson = PropertiesOf<typeof DOCUMENT_PROPERTIES>;
