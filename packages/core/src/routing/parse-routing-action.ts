import type { RawProblem } from '../problem.js';
import { ROUTING_ACTION_TYPES, type RoutingAction, type RoutingActionType } from './routing-rule.js';
import { isSecretValue } from './secret-value.js';
import { isJsonObject } from '../json/is-json-object.js';

/** `secret` and `secretMap` hold secrets: stored sealed, shown as `{"set": true}` (see secret-value.ts). */
type OptionKind = 'string' | 'url' | 'integer' | 'strings' | 'object' | 'stringMap' | 'secret' | 'secretMap';

interface OptionSpec {
  readonly kind: OptionKind;
  readonly required: boolean;
}

/** Each action type's configuration: what the connector of that name needs. */
export const ROUTING_ACTION_OPTIONS: Readonly<Record<RoutingActionType, Readonly<Record<string, OptionSpec>>>> = {
  webhook: { url: { kind: 'url', required: true }, secret: { kind: 'secret', required: true }, headers: { kind: 'secretMap', required: false }, timeoutMs: { kind: 'integer', required: false } },
  slack: { url: { kind: 'url', required: true }, text: { kind: 'string', required: false }, timeoutMs: { kind: 'integer', required: false } },
  ticket: { queue: { kind: 'string', required: true }, priority: { kind: 'integer', required: false }, assignee: { kind: 'string', required: false }, title: { kind: 'string', required: false } },
  assign: { assignee: { kind: 'string', required: true } },
  tag: { tags: { kind: 'strings', required: true } },
  set_fields: { fields: { kind: 'object', required: false }, copy: { kind: 'stringMap', required: false } },
  book_slot: { resourceId: { kind: 'string', required: true }, slotField: { kind: 'string', required: false } },
  exclude_from_campaign: { campaign: { kind: 'string', required: true } },
};

/** Parses one action (`{"type": "webhook", "url": …, "secret": …}`), checking its type's configuration. */
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
  const options = ROUTING_ACTION_OPTIONS[type];
  for (const [key, spec] of Object.entries(options)) {
    const v = value[key];
    if (v === undefined) {
      if (spec.required) report(`a ${type} action needs "${key}"`, pointer);
      continue;
    }
    const wrong = checkOption(spec.kind, v);
    if (wrong !== undefined) report(`"${key}" ${wrong}`, `${pointer}/${key}`);
  }
  for (const key of Object.keys(value)) {
    if (key !== 'type' && !(key in options)) report(`a ${type} action has no option "${key}"`, `${pointer}/${key}`);
  }
  if (type === 'set_fields' && value['fields'] === undefined && value['copy'] === undefined) report('a set_fields action needs "fields" (values to set) or "copy" (contact field ← answer field)', pointer);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, action: { ...value, type } };
}

function checkOption(kind: OptionKind, v: unknown): string | undefined {
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
