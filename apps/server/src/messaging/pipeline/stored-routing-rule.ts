import { isJsonObject, parseRoutingRule, type ParseRoutingRuleResult, type RoutingAction } from '@flowline/core';
import type { RoutingRule as StoredRoutingRule, RoutingRuleInput } from '@flowline/storage';

/** A rule ready to store: its actions parsed into the typed union (stored as the same JSON they came in). */
export interface StoredRoutingRuleInput extends RoutingRuleInput {
  readonly actions: readonly RoutingAction[];
}

/**
 * How a rule is stored: the `conditions` column holds `{when?, stop?, default?}` (everything that
 * decides whether the rule applies) and the `actions` column the array of actions.
 */
export function toStoredRoutingRule(value: unknown): { ok: true; input: StoredRoutingRuleInput } | { ok: false; problems: ParseRoutingRuleResult & { ok: false } } {
  const parsed = parseRoutingRule(value, { fallbackId: 'new' });
  if (!parsed.ok) return { ok: false, problems: parsed };
  const { rule } = parsed;
  const conditions = { ...(rule.when === undefined ? {} : { when: whenOf(value) }), stop: rule.stop, default: rule.default };
  return { ok: true, input: { name: rule.name, enabled: rule.enabled, conditions, actions: rule.actions } };
}

/** Parses a stored rule back into an evaluable rule (the stored id becomes the rule id), its actions into the typed union. */
export function fromStoredRoutingRule(stored: StoredRoutingRule): ParseRoutingRuleResult {
  const conditions = isJsonObject(stored.conditions) ? stored.conditions : { when: stored.conditions };
  return parseRoutingRule({ ...conditions, id: stored.id, name: stored.name, enabled: stored.enabled, actions: stored.actions });
}

function whenOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null && 'when' in value ? value.when : undefined;
}
