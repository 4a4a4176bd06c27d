import type { Component, FlowJson, Screen } from '../model/index.js';
import type { DataField, DataFieldSchema } from './data-field.js';
import type { Expression } from './expression.js';
import { screenRef, type ScreenRefs } from './refs.js';
import { toFlowValue } from './to-flow-value.js';

/** A screen as the builder takes it: the screen's properties with `children` in place of `layout`. */
export interface ScreenDefinition {
  readonly id: string;
  readonly title?: string | Expression;
  readonly terminal?: boolean;
  readonly success?: boolean;
  /** The data model, as Flow JSON or as a list of `dataField(...)` declarations. */
  readonly data?: Readonly<Record<string, DataFieldSchema>> | readonly DataField<unknown>[];
  readonly refresh_on_back?: boolean;
  readonly sensitive?: readonly string[];
  readonly children: readonly Component[];
}

/** Global references to another screen: `screen('S').form('x')` → `${screen.S.form.x}` (v4.0+). */
export function screen(id: string): ScreenRefs;
/** Builds a screen (spec §1.5) with a SingleColumnLayout around `children`. */
export function screen(definition: ScreenDefinition): Screen;
export function screen(arg: string | ScreenDefinition): ScreenRefs | Screen {
  return typeof arg === 'string' ? screenRef(arg) : buildScreen(arg);
}

function isFieldList(data: NonNullable<ScreenDefinition['data']>): data is readonly DataField<unknown>[] {
  return Array.isArray(data);
}

function buildScreen(definition: ScreenDefinition): Screen {
  const { children, data, title, ...rest } = definition;
  const out: Record<string, unknown> = { id: definition.id };
  if (title !== undefined) out.title = toFlowValue(title);
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) out[key] = value;
  if (data !== undefined) {
    out.data = isFieldList(data) ? Object.fromEntries(data.map((field) => [field.key, field.schema])) : data;
  }
  out.layout = { type: 'SingleColumnLayout', children };
  // Every key above is a screen property of the registry, with the value type it declares.
  return out as Screen;
}

/** What `flow(...)` takes. */
export interface FlowDefinition {
  readonly version: string;
  readonly screens: readonly Screen[];
  readonly data_api_version?: string;
  readonly routing_model?: Readonly<Record<string, readonly string[]>>;
}

/** Builds a Flow JSON document (spec §1.1). */
export function flow(definition: FlowDefinition): FlowJson {
  const out: Record<string, unknown> = { version: definition.version };
  if (definition.data_api_version !== undefined) out.data_api_version = definition.data_api_version;
  if (definition.routing_model !== undefined) out.routing_model = definition.routing_model;
  out.screens = definition.screens;
  // The keys are the document properties of the registry, with their declared value types.
  return out as FlowJson;
}
