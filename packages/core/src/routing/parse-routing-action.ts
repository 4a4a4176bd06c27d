import type { RawProblem } from '../problem.js';
import { ROUTING_ACTION_TYPES, routingActionOptions, type RoutingAction, type RoutingActionType, type RoutingOptionKind } from './routing-action.js';
import { isSecretValue } from './secret-value.js';
import { isJsonObject } from '../json/is-json-object.js';

/**
 * Parses one action (`{"type": "webhook", "url": …, "secret": …}`, as stored and as the API takes it) into
 * the typed union, checking its type's configuration against the registry; problems point under `pointer`.
 */
export function parseRoutingAction(value: unknown, pointer: string): { ok: true; action: RoutingAction } | { ok: false; problems: RawProblem[] } {
  const problems: RawProblem[] = [];
  const report = (message: string, at: string, code = 'FLOWLINE_ROUTING_INVALID_ACTION'): void => {
    problems.push({ code, severity: 'error', message, pointer: at });
  };
  if (!isJsonObject(value)) {
    report('an action must be an object with a "type"', pointer);
    return { ok: false, problems };
  }
  const type = ROUTING_ACTION_TYPES.find((t) => t === value['type']);
  if (type === undefined) {
    report(`unknown action type ${JSON.stringify(value['type'])}; use one of ${ROUTING_ACTION_TYPES.join(', ')}`, `${pointer}/type`, 'FLOWLINE_ROUTING_UNKNOWN_ACTION');
    return { ok: false, problems };
  }
  const options = routingActionOptions(type);
  for (const [key, spec] of options) {
    const v = value[key];
    if (v === undefined) {
      if (spec.required) report(`a ${type} action needs "${key}"`, pointer);
      continue;
    }
    const wrong = checkOption(spec.kind, v);
    if (wrong !== undefined) report(`"${key}" ${wrong}`, `${pointer}/${key}`);
  }
  for (const key of Object.keys(value)) {
    if (key !== 'type' && !options.some(([name]) => name === key)) report(`a ${type} action has no option "${key}"`, `${pointer}/${key}`);
  }
  if (type === 'set_fields' && value['fields'] === undefined && value['copy'] === undefined) report('a set_fields action needs "fields" (values to set) or "copy" (contact field ← answer field)', pointer);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, action: checked(value, type) };
}

/** The action once every option has passed its check: the registry's types hold (the stored JSON shape is kept as is). */
function checked(value: Readonly<Record<string, unknown>>, type: RoutingActionType): RoutingAction {
  return { ...value, type } as RoutingAction;
}

function checkOption(kind: RoutingOptionKind, v: unknown): string | undefined {
  switch (kind) {
    case 'string':
      return typeof v === 'string' && v !== '' ? undefined : 'must be a non-empty string';
    case 'url':
      return typeof v === 'string' && /^https?:\/\/[^\s/]+/i.test(v) ? undefined : 'must be an http(s) URL';
    case 'integer':
      return Number.isInteger(v) ? undefined : 'must be an integer';
    case 'strings':
      return Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string' && s !== '') ? undefined : 'must be a non-empty array of non-empty strings';
    case 'object':
      return isJsonObject(v) ? undefined : 'must be an object';
    case 'stringMap':
      return isJsonObject(v) && Object.values(v).every((s) => typeof s === 'string') ? undefined : 'must be an object of strings';
    case 'secret':
      return isSecretValue(v) ? undefined : 'must be a non-empty string, or {"set": true} to keep the stored one';
    case 'secretMap':
      return isJsonObject(v) && Object.keys(v).length <= 50 && Object.keys(v).every((name) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) && Object.values(v).every(isSecretValue)
        ? undefined
        : 'must be an object of header names to strings (or {"set": true} to keep a stored value)';
  }
}
