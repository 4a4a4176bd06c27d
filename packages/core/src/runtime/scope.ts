import {
  classifyValue,
  evaluateExpression,
  parseCondition,
  type DynamicValue,
  type Reference,
} from '../expression/index.js';
import type { CompiledFlow } from './compile-flow.js';
import { readPath, toFormValue } from './form-value.js';
import type { RuntimeState } from './runtime-state.js';
import { isJsonObject } from '../json/is-json-object.js';

/** Where dynamic values are resolved: a screen of a Flow in a given state. */
export interface Scope {
  readonly flow: CompiledFlow;
  readonly state: RuntimeState;
  readonly screenId: string;
}

type ParsedCondition = ReturnType<typeof parseCondition>;

const MEMO_LIMIT = 5000;
const valueMemo = new Map<string, DynamicValue>();
const conditionMemo = new Map<string, ParsedCondition>();

function memo<T>(map: Map<string, T>, key: string, make: (key: string) => T): T {
  const hit = map.get(key);
  if (hit !== undefined) return hit;
  // Parsing is pure, so a shared memo is safe; clear it rather than grow without bound.
  if (map.size >= MEMO_LIMIT) map.clear();
  const made = make(key);
  map.set(key, made);
  return made;
}

/** Reads `${data…}`, `${form…}` and `${screen.S.(data|form)…}`; unvisited screens read as empty. */
export function resolveReference(scope: Scope, ref: Reference): unknown {
  const screenId = ref.screen ?? scope.screenId;
  const screenState = scope.state.screens[screenId];
  const [head, ...rest] = ref.path;
  if (head === undefined) return undefined;
  if (ref.scope === 'data') return readPath(screenState?.data, ref.path);
  const input = scope.flow.screens.get(screenId)?.inputs.get(head);
  if (input === undefined) return readPath(screenState?.form, ref.path);
  return readPath(toFormValue(input, screenState?.form[head]), rest);
}

/**
 * Resolves a property value: literals stay as they are, a `${…}` binding reads its reference,
 * a backtick expression is evaluated with Meta's semantics; arrays and objects (payloads,
 * data-sources) are resolved member by member. Invalid dynamic strings resolve to undefined.
 */
export function resolveValue(scope: Scope, value: unknown): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${') && !value.startsWith('`')) return value;
    const dynamic = memo(valueMemo, value, classifyValue);
    switch (dynamic.kind) {
      case 'literal':
        return value;
      case 'binding':
        return resolveReference(scope, dynamic.ref);
      case 'expression':
        return evaluateExpression(dynamic.ast, (ref) => resolveReference(scope, ref));
      case 'invalid':
        return undefined;
    }
  }
  if (Array.isArray(value)) return value.map((item) => resolveValue(scope, item));
  if (isJsonObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const resolved = resolveValue(scope, item);
      if (resolved !== undefined) out[key] = resolved;
    }
    return out;
  }
  return value;
}

/** Evaluates an If `condition` (no backticks); anything but a true boolean counts as false. */
export function evaluateCondition(scope: Scope, condition: unknown): boolean {
  if (typeof condition === 'boolean') return condition;
  if (typeof condition !== 'string') return false;
  const parsed = memo(conditionMemo, condition, parseCondition);
  if (!parsed.ok) return false;
  return evaluateExpression(parsed.ast, (ref) => resolveReference(scope, ref)) === true;
}

/** Resolves a boolean property such as `visible`/`enabled`, with its default when unset or invalid. */
export function resolveFlag(scope: Scope, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  const resolved = resolveValue(scope, value);
  return typeof resolved === 'boolean' ? resolved : fallback;
}
