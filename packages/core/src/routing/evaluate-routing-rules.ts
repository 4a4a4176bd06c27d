import { matchesCondition } from './matches-condition.js';
import type { RoutedAction, RoutingContext, RoutingResult, RoutingRule } from './routing-rule.js';

/**
 * Evaluates ordered rules for one answer: each enabled rule whose condition holds contributes its
 * actions; a matching rule with `stop` ends evaluation; when no ordinary rule matched, the enabled
 * `default` rules contribute theirs.
 */
export function evaluateRoutingRules(rules: readonly RoutingRule[], answer: unknown, context: RoutingContext = {}): RoutingResult {
  const matchedRuleIds: string[] = [];
  const actions: RoutedAction[] = [];
  for (const rule of rules) {
    if (!rule.enabled || rule.default) continue;
    if (rule.when !== undefined && !matchesCondition(rule.when, answer, context)) continue;
    matchedRuleIds.push(rule.id);
    for (const action of rule.actions) actions.push({ ruleId: rule.id, action });
    if (rule.stop) break;
  }
  if (matchedRuleIds.length > 0) return { matchedRuleIds, actions, usedDefault: false };
  for (const rule of rules) {
    if (!rule.enabled || !rule.default) continue;
    matchedRuleIds.push(rule.id);
    for (const action of rule.actions) actions.push({ ruleId: rule.id, action });
  }
  return { matchedRuleIds, actions, usedDefault: true };
}
