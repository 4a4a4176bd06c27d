import type { ComponentSpec, PropertySpec } from './property-spec.js';
import { DISPLAY_COMPONENTS } from './display-components.js';
import { INPUT_COMPONENTS } from './input-components.js';
import { SELECTION_COMPONENTS } from './selection-components.js';
import { STRUCTURE_COMPONENTS } from './structure-components.js';

/** The component table as declared, with literal types (the source the TypeScript types derive from). */
export const COMPONENT_TABLE = {
  ...DISPLAY_COMPONENTS,
  ...INPUT_COMPONENTS,
  ...SELECTION_COMPONENTS,
  ...STRUCTURE_COMPONENTS,
} as const;

/** A component type of Flow JSON ("TextHeading", "Form", …). */
export type ComponentType = keyof typeof COMPONENT_TABLE;

/** Every component type, in registry order. */
export const COMPONENT_TYPES = Object.keys(COMPONENT_TABLE) as ComponentType[]; // keys of a const object literal

/** A component property with defaults filled in: `since`, `dynamic` and `required` are always present. */
export interface ResolvedPropertySpec extends PropertySpec {
  readonly since: NonNullable<PropertySpec['since']>;
  readonly dynamic: boolean;
  readonly required: boolean;
}

/** A component with every property resolved. */
export interface ResolvedComponentSpec extends ComponentSpec {
  readonly type: ComponentType;
  readonly properties: Readonly<Record<string, ResolvedPropertySpec>>;
}

function resolve(type: ComponentType, spec: ComponentSpec): ResolvedComponentSpec {
  const properties: Record<string, ResolvedPropertySpec> = {};
  for (const [key, prop] of Object.entries(spec.properties)) {
    properties[key] = { ...prop, since: prop.since ?? spec.since, dynamic: prop.dynamic ?? true, required: prop.required ?? false };
  }
  return { ...spec, type, properties };
}

const table: Readonly<Record<string, ComponentSpec>> = COMPONENT_TABLE;

/** Every component of Flow JSON keyed by type, with properties resolved (since, dynamic, required). */
export const COMPONENTS = Object.fromEntries(
  Object.entries(table).map(([type, spec]) => [type, resolve(type as ComponentType, spec)]),
) as Readonly<Record<ComponentType, ResolvedComponentSpec>>; // built from every entry of COMPONENT_TABLE

const byType: ReadonlyMap<string, ResolvedComponentSpec> = new Map(Object.entries(COMPONENTS));

/** Whether `type` names a component of Flow JSON. */
export function isComponentType(type: string): type is ComponentType {
  return byType.has(type);
}

/** The registry entry of a component type, or undefined when unknown. */
export function findComponent(type: string): ResolvedComponentSpec | undefined {
  return byType.get(type);
}

/** The registry entry of a component type; throws when the type is unknown. */
export function getComponent(type: string): ResolvedComponentSpec {
  const spec = byType.get(type);
  if (spec === undefined) throw new Error(`Unknown Flow JSON component type '${type}'`);
  return spec;
}
