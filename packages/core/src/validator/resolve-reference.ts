import type { ExprType, Reference } from '../expression/index.js';
import { inputValueType, isInputComponent } from './component-facts.js';
import type { ComponentInfo, FlowIndex, ScreenInfo } from './flow-index.js';
import { isJsonObject, type JsonObject } from '../json/is-json-object.js';

/** Why a reference does not resolve. */
export type ReferenceFailure =
  | { readonly reason: 'unknown-screen'; readonly screen: string }
  | { readonly reason: 'current-screen' }
  | { readonly reason: 'missing-data'; readonly screen: ScreenInfo }
  | { readonly reason: 'missing-schema'; readonly segment: string }
  | { readonly reason: 'array-items'; readonly segment: string }
  | { readonly reason: 'missing-input'; readonly screen: ScreenInfo }
  | { readonly reason: 'form-container' };

/** What a reference points at: its static type, and the input or data schema behind it. */
export type ReferenceResolution =
  | { readonly ok: true; readonly type: ExprType; readonly input?: ComponentInfo; readonly schema?: JsonObject }
  | ({ readonly ok: false } & ReferenceFailure);

/** Resolves `${data…}`, `${form…}` and `${screen.S…}` against the data models and inputs of the Flow. */
export function resolveReference(index: FlowIndex, current: ScreenInfo, ref: Reference): ReferenceResolution {
  let screen = current;
  if (ref.screen !== undefined) {
    const target = index.byId.get(ref.screen);
    if (target === undefined) return { ok: false, reason: 'unknown-screen', screen: ref.screen };
    if (target === current) return { ok: false, reason: 'current-screen' };
    screen = target;
  }
  const [head, ...rest] = ref.path;
  if (head === undefined) return { ok: false, reason: 'missing-schema', segment: '' };
  if (ref.scope === 'form') return resolveForm(screen, head, rest);
  const field = screen.data?.[head];
  if (!isJsonObject(field)) return { ok: false, reason: 'missing-data', screen };
  return resolveSchemaPath(field, rest);
}

/** What a name on a screen denotes for `${form.name}`: its Form, or its first input. */
type NamedComponent = { readonly form: true } | { readonly form: false; readonly input: ComponentInfo };

const namesByScreen = new WeakMap<ScreenInfo, ReadonlyMap<string, NamedComponent>>();

// Built once per screen: rules resolve many form references against the same screen.
function namesOf(screen: ScreenInfo): ReadonlyMap<string, NamedComponent> {
  let names = namesByScreen.get(screen);
  if (names === undefined) {
    const built = new Map<string, NamedComponent>();
    for (const component of screen.components) {
      if (component.name === undefined || built.get(component.name)?.form === true) continue;
      if (component.type === 'Form') built.set(component.name, { form: true });
      else if (!built.has(component.name) && isInputComponent(component.type)) built.set(component.name, { form: false, input: component });
    }
    names = built;
    namesByScreen.set(screen, names);
  }
  return names;
}

function resolveForm(screen: ScreenInfo, name: string, rest: readonly string[]): ReferenceResolution {
  const named = namesOf(screen).get(name);
  if (named?.form === true) return { ok: false, reason: 'form-container' };
  const input = named?.input;
  if (input === undefined) return { ok: false, reason: 'missing-input', screen };
  const type = inputValueType(input.type, input.node);
  if (rest.length === 0) return { ok: true, type, input };
  // Object-valued inputs (CalendarPicker range) expose fields; anything deeper is unknown.
  if (type === 'object' || type === 'unknown') return { ok: true, type: 'unknown', input };
  return { ok: false, reason: 'missing-schema', segment: rest[0] ?? '' };
}

/** Follows `properties` of object schemas along a path; arrays cannot be entered. */
export function resolveSchemaPath(schema: JsonObject, path: readonly string[]): ReferenceResolution {
  let current = schema;
  for (const segment of path) {
    const type = current['type'];
    if (type === 'array') return { ok: false, reason: 'array-items', segment };
    const properties = current['properties'];
    if (!isJsonObject(properties)) {
      // An object without declared properties may hold anything.
      if (type === 'object' || type === undefined) return { ok: true, type: 'unknown' };
      return { ok: false, reason: 'missing-schema', segment };
    }
    const next = properties[segment];
    if (!isJsonObject(next)) return { ok: false, reason: 'missing-schema', segment };
    current = next;
  }
  return { ok: true, type: schemaType(current), schema: current };
}

/** The declared JSON type of a data-model schema node. */
export function schemaType(schema: JsonObject): ExprType {
  const type = schema['type'];
  if (type === 'integer') return 'number';
  if (type === 'string' || type === 'number' || type === 'boolean' || type === 'object' || type === 'array') return type;
  return 'unknown';
}
