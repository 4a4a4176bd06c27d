import type { RawProblem } from '../problem.js';
import { parseRoutingAction } from './parse-routing-action.js';
import { splitFieldPath } from './read-field.js';
import type { RoutingAction } from './routing-action.js';
import type { FieldCondition, RoutingCondition, RoutingRule } from './routing-rule.js';
import { isJsonObject, type JsonObject } from '../json/is-json-object.js';

/** A parsed rule, or the problems that kept it from parsing (with JSON pointers into the input). */
export type ParseRoutingRuleResult = { readonly ok: true; readonly rule: RoutingRule } | { readonly ok: false; readonly problems: readonly RawProblem[] };

const RULE_KEYS = new Set(['id', 'name', 'enabled', 'when', 'stop', 'default', 'actions']);
const FIELD_OPERATORS = new Set(['equals', 'notEquals', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'contains', 'exists']);
const MAX_DEPTH = 16;

/** Parses a routing rule from JSON (`{id?, name, enabled?, when?, stop?, default?, actions}`); `fallbackId` names a rule without `id`. */
export function parseRoutingRule(value: unknown, options: { fallbackId?: string; pointer?: string } = {}): ParseRoutingRuleResult {
  const base = options.pointer ?? '';
  const problems: RawProblem[] = [];
  const report = (code: string, message: string, pointer: string): void => {
    problems.push({ code, severity: 'error', message, pointer });
  };
  if (!isJsonObject(value)) {
    report('FLOWLINE_ROUTING_INVALID_RULE', 'a routing rule must be an object', base);
    return { ok: false, problems };
  }
  for (const key of Object.keys(value)) {
    if (!RULE_KEYS.has(key)) report('FLOWLINE_ROUTING_UNKNOWN_PROPERTY', `unknown rule property "${key}"`, `${base}/${escape(key)}`);
  }
  const id = optionalString(value, 'id', base, report) ?? options.fallbackId ?? 'rule';
  const name = optionalString(value, 'name', base, report) ?? id;
  const enabled = optionalBoolean(value, 'enabled', base, report) ?? true;
  const stop = optionalBoolean(value, 'stop', base, report) ?? false;
  const isDefault = optionalBoolean(value, 'default', base, report) ?? false;
  let when: RoutingCondition | undefined;
  if (value['when'] !== undefined) {
    if (isDefault) report('FLOWLINE_ROUTING_INVALID_RULE', 'a default rule applies when no other rule matched; it cannot have "when"', `${base}/when`);
    when = parseCondition(value['when'], `${base}/when`, 0, report);
  }
  const actions: RoutingAction[] = [];
  const rawActions = value['actions'];
  if (!Array.isArray(rawActions)) {
    report('FLOWLINE_ROUTING_INVALID_RULE', '"actions" must be an array of actions', `${base}/actions`);
  } else {
    rawActions.forEach((raw: unknown, i) => {
      const parsed = parseRoutingAction(raw, `${base}/actions/${i}`);
      if (parsed.ok) actions.push(parsed.action);
      else problems.push(...parsed.problems);
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, rule: when === undefined ? { id, name, enabled, stop, default: isDefault, actions } : { id, name, enabled, when, stop, default: isDefault, actions } };
}

type Report = (code: string, message: string, pointer: string) => void;

function parseCondition(value: unknown, pointer: string, depth: number, report: Report): RoutingCondition | undefined {
  if (depth > MAX_DEPTH) {
    report('FLOWLINE_ROUTING_INVALID_CONDITION', `conditions nest at most ${MAX_DEPTH} levels`, pointer);
    return undefined;
  }
  if (!isJsonObject(value)) {
    report('FLOWLINE_ROUTING_INVALID_CONDITION', 'a condition must be an object: {"field", …operators} or {"all"|"any": [...]} or {"not": {...}}', pointer);
    return undefined;
  }
  const keys = Object.keys(value);
  for (const group of ['all', 'any'] as const) {
    if (!(group in value)) continue;
    const list = value[group];
    if (keys.length !== 1 || !Array.isArray(list) || list.length === 0) {
      report('FLOWLINE_ROUTING_INVALID_CONDITION', `"${group}" must be the only key and hold a non-empty array of conditions`, pointer);
      return undefined;
    }
    const conditions: RoutingCondition[] = [];
    list.forEach((item: unknown, i) => {
      const c = parseCondition(item, `${pointer}/${group}/${i}`, depth + 1, report);
      if (c !== undefined) conditions.push(c);
    });
    return conditions.length === list.length ? { kind: group, conditions } : undefined;
  }
  if ('not' in value) {
    if (keys.length !== 1) {
      report('FLOWLINE_ROUTING_INVALID_CONDITION', '"not" must be the only key', pointer);
      return undefined;
    }
    const inner = parseCondition(value['not'], `${pointer}/not`, depth + 1, report);
    return inner === undefined ? undefined : { kind: 'not', condition: inner };
  }
  const field = parseField(value, pointer, report);
  if (field === undefined) return undefined;
  return { kind: 'field', ...field };
}

function parseField(value: JsonObject, pointer: string, report: Report): FieldCondition | undefined {
  const before = countingReport(report);
  const rawField = value['field'];
  if (typeof rawField !== 'string' || rawField === '' || splitFieldPath(rawField).some((s) => s === '')) {
    before.report('FLOWLINE_ROUTING_INVALID_CONDITION', '"field" must be a dotted path such as "budget", "address.city" or "$contact.tags"', `${pointer}/field`);
  }
  const operators = Object.keys(value).filter((k) => k !== 'field');
  if (operators.length === 0) before.report('FLOWLINE_ROUTING_INVALID_CONDITION', `a field condition needs an operator: ${[...FIELD_OPERATORS].join(', ')}`, pointer);
  const out: { -readonly [K in keyof FieldCondition]: FieldCondition[K] } = { field: typeof rawField === 'string' ? splitFieldPath(rawField) : [] };
  for (const op of operators) {
    const at = `${pointer}/${escape(op)}`;
    const operand = value[op];
    switch (op) {
      case 'equals':
      case 'notEquals':
      case 'contains':
        if (operand === undefined) before.report('FLOWLINE_ROUTING_INVALID_CONDITION', `"${op}" needs a value`, at);
        else out[op] = operand;
        break;
      case 'in':
      case 'notIn':
        if (Array.isArray(operand)) out[op] = operand;
        else before.report('FLOWLINE_ROUTING_INVALID_CONDITION', `"${op}" needs an array of values`, at);
        break;
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        if (typeof operand === 'number' && Number.isFinite(operand)) out[op] = operand;
        else before.report('FLOWLINE_ROUTING_INVALID_CONDITION', `"${op}" needs a number`, at);
        break;
      case 'exists':
        if (typeof operand === 'boolean') out.exists = operand;
        else before.report('FLOWLINE_ROUTING_INVALID_CONDITION', '"exists" needs true or false', at);
        break;
      default:
        before.report('FLOWLINE_ROUTING_UNKNOWN_OPERATOR', `unknown operator "${op}"; use one of ${[...FIELD_OPERATORS].join(', ')}`, at);
    }
  }
  return before.count() > 0 ? undefined : out;
}

function countingReport(report: Report): { report: Report; count: () => number } {
  let n = 0;
  return {
    report: (code, message, pointer) => {
      n += 1;
      report(code, message, pointer);
    },
    count: () => n,
  };
}

function optionalString(value: JsonObject, key: string, base: string, report: Report): string | undefined {
  const v = value[key];
  if (v === undefined) return undefined;
  if (typeof v === 'string' && v !== '') return v;
  report('FLOWLINE_ROUTING_INVALID_RULE', `"${key}" must be a non-empty string`, `${base}/${key}`);
  return undefined;
}

function optionalBoolean(value: JsonObject, key: string, base: string, report: Report): boolean | undefined {
  const v = value[key];
  if (v === undefined) return undefined;
  if (typeof v === 'boolean') return v;
  report('FLOWLINE_ROUTING_INVALID_RULE', `"${key}" must be true or false`, `${base}/${key}`);
  return undefined;
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
