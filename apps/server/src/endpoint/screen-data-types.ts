/** The TypeScript type of a value declared by a data-model schema (`{type: 'string'}` → string, …). */
export type FromSchema<S> = S extends { readonly type: 'string' }
  ? string
  : S extends { readonly type: 'number' | 'integer' }
    ? number
    : S extends { readonly type: 'boolean' }
      ? boolean
      : S extends { readonly type: 'array'; readonly items: infer I }
        ? FromSchema<I>[]
        : S extends { readonly type: 'array' }
          ? unknown[]
          : S extends { readonly type: 'object'; readonly properties: infer P }
            ? { [K in keyof P]?: FromSchema<P[K]> }
            : S extends { readonly type: 'object' }
              ? Record<string, unknown>
              : unknown;

/** The minimal shape of a Flow JSON document this module reads types from. */
export interface FlowShape {
  readonly screens: readonly { readonly id: string; readonly data?: Readonly<Record<string, unknown>> }[];
}

/** The screen ids of a Flow typed `as const` (string for a Flow loaded at runtime). */
export type ScreenIdOf<F extends FlowShape> = F['screens'][number]['id'];

type ScreenOf<F extends FlowShape, S extends string> = Extract<F['screens'][number], { readonly id: S }>;

/** The data a screen receives, derived from its declared data model (plus the optional error_message). */
export type ScreenDataOf<F extends FlowShape, S extends string> =
  ScreenOf<F, S> extends { readonly data: infer D }
    ? string extends keyof D
      ? Record<string, unknown>
      : { -readonly [K in keyof D]: FromSchema<D[K]> } & { error_message?: string }
    : Record<string, unknown>;
