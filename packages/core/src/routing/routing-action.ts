import type { JsonObject } from '../json/is-json-object.js';
import type { SecretValue } from './secret-value.js';

/**
 * The kinds of option value an action can hold. `secret` and `secretMap` hold secrets: stored sealed,
 * shown as `{"set": true}` (see secret-value.ts).
 */
export type RoutingOptionKind = 'string' | 'url' | 'integer' | 'strings' | 'object' | 'stringMap' | 'secret' | 'secretMap';

/** The value each option kind holds once checked by `parseRoutingAction`. */
export interface RoutingOptionValues {
  readonly string: string;
  readonly url: string;
  readonly integer: number;
  readonly strings: readonly string[];
  readonly object: JsonObject;
  readonly stringMap: Readonly<Record<string, string>>;
  readonly secret: SecretValue;
  readonly secretMap: Readonly<Record<string, SecretValue>>;
}

/**
 * One option of an action type. `reads` says that the connector reads answer fields through it:
 * `template` a text with `{{field}}` placeholders, `paths` an object whose values are field paths,
 * `path` one field path (`default` when the option is left out).
 */
export interface RoutingOptionSpec {
  readonly kind: RoutingOptionKind;
  readonly required: boolean;
  readonly reads?: 'template' | 'paths' | 'path';
  readonly default?: string;
}

/**
 * The action registry: each action type's configuration, what the connector of that name needs. The one
 * source of the action types, of the `RoutingAction` union, of `parseRoutingAction`'s checks, of the
 * fields a rule reads, of which options are secrets and of the studio's action forms.
 */
export const ROUTING_ACTION_OPTIONS = {
  webhook: { url: { kind: 'url', required: true }, secret: { kind: 'secret', required: true }, headers: { kind: 'secretMap', required: false }, timeoutMs: { kind: 'integer', required: false } },
  slack: { url: { kind: 'url', required: true }, text: { kind: 'string', required: false, reads: 'template' }, timeoutMs: { kind: 'integer', required: false } },
  ticket: { queue: { kind: 'string', required: true }, priority: { kind: 'integer', required: false }, assignee: { kind: 'string', required: false }, title: { kind: 'string', required: false, reads: 'template' } },
  assign: { assignee: { kind: 'string', required: true } },
  tag: { tags: { kind: 'strings', required: true } },
  set_fields: { fields: { kind: 'object', required: false }, copy: { kind: 'stringMap', required: false, reads: 'paths' } },
  book_slot: { resourceId: { kind: 'string', required: true }, slotField: { kind: 'string', required: false, reads: 'path', default: 'slot' } },
  exclude_from_campaign: { campaign: { kind: 'string', required: true } },
} as const satisfies Readonly<Record<string, Readonly<Record<string, RoutingOptionSpec>>>>;

type Registry = typeof ROUTING_ACTION_OPTIONS;

/** One of the action kinds; each is delivered by a connector of the same name. */
export type RoutingActionType = keyof Registry;

/** The kinds of action a rule can create, in the registry's order. */
export const ROUTING_ACTION_TYPES: readonly RoutingActionType[] = Object.freeze(
  // Object.keys loses the key type; the keys are exactly the registry's.
  Object.keys(ROUTING_ACTION_OPTIONS) as RoutingActionType[],
);

type OptionsOf<T extends RoutingActionType> = Registry[T];
type RequiredKeys<O> = { [K in keyof O]: O[K] extends { readonly required: true } ? K : never }[keyof O];
type ValueOf<S> = S extends { readonly kind: infer K extends RoutingOptionKind } ? RoutingOptionValues[K] : never;
type Flatten<T> = { [K in keyof T]: T[K] };

/** The configuration of one action type, derived from the registry: required options present, the others optional. */
export type RoutingActionConfig<T extends RoutingActionType> = Flatten<
  { readonly [K in RequiredKeys<OptionsOf<T>>]: ValueOf<OptionsOf<T>[K]> } & { readonly [K in Exclude<keyof OptionsOf<T>, RequiredKeys<OptionsOf<T>>>]?: ValueOf<OptionsOf<T>[K]> }
>;

/** An action of one type: `{"type": T, …its configuration}` (the stored JSON shape). */
export type RoutingActionOf<T extends RoutingActionType> = { [P in T]: Flatten<{ readonly type: P } & RoutingActionConfig<P>> }[T];

/** An action a rule creates: the discriminated union of every action type with its typed configuration. */
export type RoutingAction = RoutingActionOf<RoutingActionType>;

/** The option names of an action type with their specs, in the registry's order. */
export function routingActionOptions(type: RoutingActionType): [string, RoutingOptionSpec][] {
  const options: Readonly<Record<string, RoutingOptionSpec>> = ROUTING_ACTION_OPTIONS[type];
  return Object.entries(options);
}
