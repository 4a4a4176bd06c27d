import { isJsonObject, parseRoutingRule } from '@flowline/core';
import { fromActionDraft, toActionDraft, type ActionDraft, type DraftProblem } from './action-draft.js';
import { formatList, formatOperand, parseList, parseOperand } from './operand-text.js';

/** The operators the editor offers; `between` writes `gte` and `lte`, `missing` writes `exists: false`. */
export const CONDITION_OPERATORS = ['equals', 'notEquals', 'in', 'notIn', 'between', 'gt', 'gte', 'lt', 'lte', 'contains', 'exists', 'missing'] as const;

/** One operator of the editor. */
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** A field condition as the form holds it: texts, converted to JSON when the rule is saved or tested. */
export interface ConditionDraft {
  readonly field: string;
  readonly operator: ConditionOperator;
  readonly value: string;
  /** The upper bound of `between`. */
  readonly upper: string;
}

/** When a rule applies: all/any of its conditions, always, or only when no other rule matched. */
export const MATCH_MODES = ['all', 'any', 'always', 'default'] as const;

/** One of the match modes. */
export type MatchMode = (typeof MATCH_MODES)[number];

/** A routing rule being edited. `advancedWhen` keeps, as JSON text, a condition the simple form cannot show. */
export interface RuleDraft {
  readonly key: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly stop: boolean;
  readonly mode: MatchMode;
  readonly conditions: readonly ConditionDraft[];
  readonly advancedWhen: string | undefined;
  readonly actions: readonly ActionDraft[];
}

/** An empty condition row. */
export function newConditionDraft(): ConditionDraft {
  return { field: '', operator: 'equals', value: '', upper: '' };
}

/** A new rule: always applies, opens a ticket in the `general` queue. */
export function newRuleDraft(key: string, name: string): RuleDraft {
  return { key, name, enabled: true, stop: false, mode: 'all', conditions: [newConditionDraft()], advancedWhen: undefined, actions: [{ type: 'ticket', options: { queue: 'general' } }] };
}

/** Reads a rule as the API lists it (`{id, name, enabled, when?, stop, default, actions}`) into a form draft. */
export function toRuleDraft(value: unknown, key: string): RuleDraft {
  const rule = isJsonObject(value) ? value : {};
  const name = typeof rule['name'] === 'string' ? rule['name'] : 'Rule';
  const base = { key, name, enabled: rule['enabled'] !== false, stop: rule['stop'] === true, actions: toActionDrafts(rule['actions']) };
  if (rule['default'] === true) return { ...base, mode: 'default', conditions: [], advancedWhen: undefined };
  const when = rule['when'];
  if (when === undefined) return { ...base, mode: 'always', conditions: [], advancedWhen: undefined };
  const simple = toSimpleConditions(when);
  if (simple === undefined) return { ...base, mode: 'all', conditions: [], advancedWhen: JSON.stringify(when, null, 2) };
  return { ...base, mode: simple.mode, conditions: simple.conditions, advancedWhen: undefined };
}

function toActionDrafts(value: unknown): ActionDraft[] {
  return Array.isArray(value) ? value.flatMap((action: unknown) => toActionDraft(action) ?? []) : [];
}

function toSimpleConditions(when: unknown): { mode: 'all' | 'any'; conditions: ConditionDraft[] } | undefined {
  if (!isJsonObject(when)) return undefined;
  const group = Array.isArray(when['all']) ? 'all' : Array.isArray(when['any']) ? 'any' : undefined;
  const grouped = group === undefined ? undefined : when[group];
  const items: readonly unknown[] = Array.isArray(grouped) ? grouped : [when];
  const conditions: ConditionDraft[] = [];
  for (const item of items) {
    const condition = toConditionDraft(item);
    if (condition === undefined) return undefined;
    conditions.push(condition);
  }
  return { mode: group ?? 'all', conditions };
}

function toConditionDraft(value: unknown): ConditionDraft | undefined {
  if (!isJsonObject(value) || typeof value['field'] !== 'string') return undefined;
  const field = value['field'];
  const ops = Object.keys(value).filter((k) => k !== 'field');
  if (ops.length === 2 && typeof value['gte'] === 'number' && typeof value['lte'] === 'number') {
    return { field, operator: 'between', value: String(value['gte']), upper: String(value['lte']) };
  }
  if (ops.length !== 1) return undefined;
  const op = ops[0] ?? '';
  const operand = value[op];
  switch (op) {
    case 'exists':
      return typeof operand === 'boolean' ? { field, operator: operand ? 'exists' : 'missing', value: '', upper: '' } : undefined;
    case 'in':
    case 'notIn':
      return Array.isArray(operand) ? { field, operator: op, value: formatList(operand), upper: '' } : undefined;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return typeof operand === 'number' ? { field, operator: op, value: String(operand), upper: '' } : undefined;
    case 'equals':
    case 'notEquals':
    case 'contains':
      return { field, operator: op, value: formatOperand(operand), upper: '' };
    default:
      return undefined;
  }
}

/** Converts a draft to the API's rule JSON, checked by core `parseRoutingRule`; problems point into the rule. */
export function fromRuleDraft(draft: RuleDraft): { ok: true; rule: Record<string, unknown> } | { ok: false; problems: DraftProblem[] } {
  const problems: DraftProblem[] = [];
  const rule: Record<string, unknown> = { name: draft.name.trim() === '' ? 'Rule' : draft.name.trim(), enabled: draft.enabled, stop: draft.stop };
  if (draft.mode === 'default') rule['default'] = true;
  else if (draft.mode !== 'always') {
    const when = toWhen(draft, problems);
    if (when !== undefined) rule['when'] = when;
  }
  rule['actions'] = draft.actions.map((action, i) => fromActionDraft(action, `/actions/${i}`, problems));
  if (problems.length > 0) return { ok: false, problems };
  const parsed = parseRoutingRule(rule, { fallbackId: draft.key });
  if (!parsed.ok) return { ok: false, problems: parsed.problems.map((p) => ({ pointer: p.pointer, message: p.message })) };
  return { ok: true, rule };
}

function toWhen(draft: RuleDraft, problems: DraftProblem[]): unknown {
  if (draft.advancedWhen !== undefined) {
    try {
      return JSON.parse(draft.advancedWhen) as unknown;
    } catch {
      problems.push({ pointer: '/when', message: 'the condition is not valid JSON' });
      return undefined;
    }
  }
  const conditions = draft.conditions.map((c, i) => fromConditionDraft(c, `/when/${draft.mode}/${i}`, problems));
  if (conditions.length === 0) return undefined;
  if (conditions.length === 1 && draft.mode === 'all') return conditions[0];
  return { [draft.mode]: conditions };
}

function fromConditionDraft(c: ConditionDraft, pointer: string, problems: DraftProblem[]): Record<string, unknown> {
  const field = c.field.trim();
  if (field === '') problems.push({ pointer: `${pointer}/field`, message: 'choose the answer field this condition reads' });
  const number = (text: string, what: string): number => {
    const n = Number(text.trim());
    if (text.trim() === '' || !Number.isFinite(n)) problems.push({ pointer, message: `${what} must be a number` });
    return n;
  };
  switch (c.operator) {
    case 'exists':
      return { field, exists: true };
    case 'missing':
      return { field, exists: false };
    case 'between':
      return { field, gte: number(c.value, 'the lower bound'), lte: number(c.upper, 'the upper bound') };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { field, [c.operator]: number(c.value, 'the bound') };
    case 'in':
    case 'notIn': {
      const list = parseList(c.value);
      if (list === undefined) problems.push({ pointer, message: 'list the values separated by commas, or as a JSON array' });
      return { field, [c.operator]: list ?? [] };
    }
    case 'equals':
    case 'notEquals':
    case 'contains':
      return { field, [c.operator]: parseOperand(c.value) };
  }
}
