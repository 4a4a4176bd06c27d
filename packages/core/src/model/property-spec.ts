import type { FlowJsonVersion } from './flow-json-versions.js';

/** A JSON type a property value may have ('integer' is a whole 'number'). */
export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';

/**
 * String formats the schema checks: `uri` (absolute URI), `date` ("YYYY-MM-DD"),
 * `date-or-timestamp` (a "YYYY-MM-DD" date or a millisecond timestamp string, DatePicker before 5.0),
 * `color` (6-digit hex), `base64` (image data, not checked: too large to scan cheaply).
 */
export type StringFormat = 'uri' | 'date' | 'date-or-timestamp' | 'color' | 'base64';

/** Where a component array sits, which decides what components it may hold. */
export type ChildContext = 'layout' | 'form' | 'if' | 'switch';

/** An action a trigger property accepts, from a given version. */
export interface ActionAllowance {
  readonly name: string;
  readonly since: FlowJsonVersion;
}

/** The shape of a JSON value: its type(s) and the limits on it. */
export interface ValueSpec {
  readonly type: JsonType | readonly JsonType[];
  readonly description?: string;
  /** Whether a binding string (`${…}`) or, from 6.0, a backtick expression is accepted instead. */
  readonly dynamic?: boolean;
  /**
   * Whether a literal string here is text the customer reads, translated per language (docs/localization.md).
   * Every string property without an `enum` or `format` says so either way, checked by l10n's registry test.
   */
  readonly translatable?: boolean;
  readonly enum?: readonly string[];
  readonly default?: string | number | boolean | readonly string[];
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Whether a whitespace-only string is rejected (`PATTERN_MISMATCH`). */
  readonly notBlank?: boolean;
  /** Regular expression the string must match (`PATTERN_MISMATCH`), with the message's description. */
  readonly pattern?: { readonly source: string; readonly description: string };
  readonly format?: StringFormat;
  readonly min?: number;
  readonly max?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  /** Fewest keys of an open map (Switch `cases` must not be empty). */
  readonly minProperties?: number;
  /** The item shape of an array. */
  readonly items?: ValueSpec;
  /** The known keys of an object; any other key is `INVALID_PROPERTY_KEY`. */
  readonly properties?: Readonly<Record<string, PropertySpec>>;
  /** The value shape of an open map (payloads, init-values, Switch cases). */
  readonly values?: ValueSpec;
  /** The value is an action object; these are the actions the trigger accepts. */
  readonly actions?: readonly ActionAllowance[];
  /** The value is an array of components in this context. */
  readonly components?: ChildContext;
}

/** A change to a property's shape from a given version on (e.g. TextBody `text` may be an array from 5.1). */
export interface VersionChange extends Partial<Omit<ValueSpec, 'properties'>> {
  readonly since: FlowJsonVersion;
}

/** A property of a component, screen or sub-object: its shape plus since when and whether required. */
export interface PropertySpec extends ValueSpec {
  /** The first version accepting the property (defaults to the owner's version). */
  readonly since?: FlowJsonVersion;
  /** The last version accepting the property (e.g. `data_channel_uri`: 2.1). */
  readonly until?: FlowJsonVersion;
  readonly required?: boolean;
  /** The property becomes required from this version (e.g. CheckboxGroup `label` from 4.0). */
  readonly requiredSince?: FlowJsonVersion;
  readonly changes?: readonly VersionChange[];
}

/** One component type of Flow JSON and its rules. */
export interface ComponentSpec {
  readonly description: string;
  readonly since: FlowJsonVersion;
  readonly properties: Readonly<Record<string, PropertySpec>>;
  /** Whether the component collects a value the customer enters (`${form.<name>}`). */
  readonly isInput: boolean;
  /** The JSON type of the value in `${form.<name>}` (inputs only). */
  readonly valueType?: 'string' | 'array' | 'boolean' | 'object';
  /** From which version it may sit in an If (`then`/`else`) or a Switch case. */
  readonly allowedInIf?: FlowJsonVersion;
  readonly allowedInSwitch?: FlowJsonVersion;
  /** Before 4.0 inputs must sit inside a Form (`KEYWORD_ONE_OF`). */
  readonly formOnlyBefore?: FlowJsonVersion;
  /** Meta's per-screen maximum, counted by the semantic rules. */
  readonly maxPerScreen?: number;
  /** Properties that must be given together (`INVALID_DEPENDENCIES`). */
  readonly dependentPairs?: readonly (readonly [string, string])[];
  /** A property that excludes others (`NOT_KEYWORD_SCHEMA_VALIDATION_FAILED`). */
  readonly exclusive?: readonly { readonly property: string; readonly others: readonly string[] }[];
  /** Min/max property pairs where min must not exceed max (`MIN_VALUE_GREATER_THAN_MAX`). */
  readonly minMaxPairs?: readonly (readonly [string, string])[];
}
