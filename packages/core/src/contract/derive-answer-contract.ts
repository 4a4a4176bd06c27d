import { classifyValue, inferExpressionType, type ExprType, type Reference } from '../expression/index.js';
import { indexFlow, type ActionInfo, type FlowIndex, type ScreenInfo } from '../validator/flow-index.js';
import { resolveReference } from '../validator/resolve-reference.js';
import { buildFlowGraph } from '../flow-graph/index.js';
import { DRAFT_07, type JsonSchema } from './json-schema.js';
import { isJsonObject, type JsonObject } from '../json/is-json-object.js';

/** The fields one `complete` or `data_exchange` action can carry. */
export interface ActionContract {
  readonly action: 'complete' | 'data_exchange';
  /** The screen holding the action. */
  readonly screen: string;
  /** JSON pointer of the action in the Flow JSON. */
  readonly pointer: string;
  readonly schema: JsonSchema;
}

/** What a Flow's answers can contain: per action, per screen for `data_exchange`, and combined for completion. */
export interface AnswerContract {
  readonly actions: readonly ActionContract[];
  /** `data_exchange` payload schema per screen id (several actions on a screen are combined). */
  readonly dataExchange: Readonly<Record<string, JsonSchema>>;
  /**
   * Any completion answer (the webhook's `response_json`): the union of all `complete` payloads,
   * a field required only when every terminal action always carries it. `flow_token` is allowed.
   * For a Flow with a data endpoint, which may also close with the endpoint's `SUCCESS` params, no
   * field is required and other fields are allowed.
   */
  readonly completion: JsonSchema;
}

interface FieldSchema {
  readonly schema: JsonSchema;
  readonly always: boolean;
}

/**
 * Derives the answer contract of a Flow (any JSON value; a non-Flow yields an empty contract):
 * field types come from literals, the inputs and data models the bindings name, and expressions;
 * a field is optional when its input is not required, sits in an If/Switch branch, or is read from
 * a screen the customer may not have passed through.
 */
export function deriveAnswerContract(doc: unknown): AnswerContract {
  const index = indexFlow(doc);
  const actions: ActionContract[] = [];
  if (index !== undefined) {
    const passes = dominators(index);
    for (const screen of index.screens) {
      for (const action of screen.actions) {
        if (action.name !== 'complete' && action.name !== 'data_exchange') continue;
        actions.push({
          action: action.name,
          screen: screen.id ?? String(screen.index),
          pointer: action.pointer,
          schema: payloadSchema(index, screen, action, passes),
        });
      }
    }
  }
  const dataExchange: Record<string, JsonSchema> = {};
  for (const screen of new Set(actions.filter((a) => a.action === 'data_exchange').map((a) => a.screen))) {
    setOwn(dataExchange, screen, combine(actions.filter((a) => a.action === 'data_exchange' && a.screen === screen).map((a) => a.schema), false));
  }
  const completion = combine(actions.filter((a) => a.action === 'complete').map((a) => a.schema), true);
  return { actions, dataExchange, completion: closesThroughEndpoint(doc) ? openToEndpointParams(completion) : completion };
}

/**
 * A Flow with a data endpoint may also finish when its endpoint answers `SUCCESS`; the webhook then
 * carries the `extension_message_response.params` the endpoint chose, which the Flow JSON cannot describe.
 */
function closesThroughEndpoint(doc: unknown): boolean {
  return isJsonObject(doc) && typeof doc['data_api_version'] === 'string';
}

/** The completion schema of a Flow that may close through its endpoint: known fields keep their types, none is required, others are allowed. */
function openToEndpointParams(schema: JsonSchema): JsonSchema {
  return {
    ...schema,
    title: 'Completion answer (complete payloads, or the params of the endpoint\'s SUCCESS response)',
    required: [],
    additionalProperties: true,
  };
}

function payloadSchema(index: FlowIndex, screen: ScreenInfo, action: ActionInfo, passes: Passes): JsonSchema {
  const payload = action.node['payload'];
  const fields = isJsonObject(payload) ? objectFields(index, screen, payload, passes) : {};
  return objectSchema(fields, { $schema: DRAFT_07, title: `${action.name ?? ''} payload on ${screen.id ?? screen.index}` });
}

function objectFields(index: FlowIndex, screen: ScreenInfo, value: JsonObject, passes: Passes): Record<string, FieldSchema> {
  const out: Record<string, FieldSchema> = {};
  for (const [key, item] of Object.entries(value)) setOwn(out, key, fieldSchema(index, screen, item, passes));
  return out;
}

function objectSchema(fields: Readonly<Record<string, FieldSchema>>, extra: JsonSchema = {}): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [key, field] of Object.entries(fields)) {
    setOwn(properties, key, field.schema);
    if (field.always) required.push(key);
  }
  return { ...extra, type: 'object', properties, required, additionalProperties: false };
}

function typeSchema(type: ExprType): JsonSchema {
  return type === 'unknown' ? {} : { type };
}

function fieldSchema(index: FlowIndex, screen: ScreenInfo, value: unknown, passes: Passes): FieldSchema {
  if (value === null) return { schema: { type: 'null' }, always: true };
  if (typeof value === 'number' || typeof value === 'boolean') {
    return { schema: { type: typeof value === 'number' ? 'number' : 'boolean', const: value }, always: true };
  }
  if (Array.isArray(value)) return { schema: { type: 'array' }, always: true };
  if (isJsonObject(value)) return { schema: objectSchema(objectFields(index, screen, value, passes)), always: true };
  if (typeof value !== 'string') return { schema: {}, always: false };
  const classified = classifyValue(value);
  const resolveType = (ref: Reference): ExprType | undefined => {
    const r = resolveReference(index, screen, ref);
    return r.ok ? r.type : undefined;
  };
  switch (classified.kind) {
    case 'literal':
      return { schema: { type: 'string', const: value }, always: true };
    case 'invalid':
      return { schema: {}, always: false };
    case 'expression':
      return { schema: typeSchema(inferExpressionType(classified.ast, resolveType)), always: true };
    case 'binding':
      return bindingSchema(index, screen, classified.ref, passes);
  }
}

function bindingSchema(index: FlowIndex, screen: ScreenInfo, ref: Reference, passes: Passes): FieldSchema {
  const resolved = resolveReference(index, screen, ref);
  if (!resolved.ok) return { schema: {}, always: false };
  // A global reference reads a screen the customer may have skipped, unless every path passes it.
  const visited = ref.screen === undefined || (screen.id !== undefined && passes(ref.screen, screen.id));
  if (resolved.input !== undefined) {
    const input = resolved.input;
    // Values of the submitted form travel as the input's own value type (a number TextInput is a string).
    const type = input.node['input-type'] === 'number' ? 'string' : resolved.type;
    const always = visited && input.node['required'] === true && !input.conditional;
    return { schema: typeSchema(type), always };
  }
  return { schema: typeSchema(resolved.type), always: visited };
}

/** Whether every route from an entry screen to `target` passes through `through`. */
type Passes = (through: string, target: string) => boolean;

function dominators(index: FlowIndex): Passes {
  const { routes, entries } = buildFlowGraph(index.doc);
  const cache = new Map<string, boolean>();
  return (through, target) => {
    const key = `${through}>${target}`;
    const known = cache.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (through === target) {
      result = true;
    } else if (entries.includes(through) && entries.length === 1) {
      result = true;
    } else {
      const seen = new Set<string>(entries.filter((e) => e !== through));
      const queue = [...seen];
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        for (const next of routes.get(id) ?? []) {
          if (next === through || seen.has(next)) continue;
          seen.add(next);
          queue.push(next);
        }
      }
      result = !seen.has(target) && !entries.includes(target);
    }
    cache.set(key, result);
    return result;
  };
}

/** Combines payload schemas: properties united, a field required only when every schema requires it. */
function combine(schemas: readonly JsonSchema[], completion: boolean): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const counts = new Map<string, number>();
  for (const schema of schemas) {
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      const existing = Object.hasOwn(properties, key) ? properties[key] : undefined;
      if (existing === undefined) setOwn(properties, key, sub);
      else if (JSON.stringify(existing) !== JSON.stringify(sub)) setOwn(properties, key, mergeAlternatives(existing, sub));
    }
    for (const key of schema.required ?? []) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const required = [...counts].filter(([, n]) => n === schemas.length && schemas.length > 0).map(([key]) => key);
  if (completion && !Object.hasOwn(properties, 'flow_token')) properties['flow_token'] = { type: 'string' };
  return {
    $schema: DRAFT_07,
    title: completion ? 'Completion answer' : 'data_exchange payload',
    type: 'object',
    properties,
    required,
    additionalProperties: false,
  };
}

function mergeAlternatives(a: JsonSchema, b: JsonSchema): JsonSchema {
  const list = [...(a.anyOf ?? [a]), ...(b.anyOf ?? [b])];
  const unique = list.filter((s, i) => list.findIndex((t) => JSON.stringify(t) === JSON.stringify(s)) === i);
  if (unique.some((s) => Object.keys(s).length === 0)) return {};
  return { anyOf: unique };
}

/** Sets an own, enumerable property even for keys such as `__proto__` (payload keys come from the document). */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
