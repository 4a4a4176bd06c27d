import type { RoutingAction } from './routing-action.js';

/** A condition on one field of the answer (or, with a `$` prefix, of the context): every operator given must hold. */
export interface FieldCondition {
  readonly field: readonly string[];
  readonly equals?: unknown;
  readonly notEquals?: unknown;
  readonly in?: readonly unknown[];
  readonly notIn?: readonly unknown[];
  readonly gt?: number;
  readonly gte?: number;
  readonly lt?: number;
  readonly lte?: number;
  readonly contains?: unknown;
  readonly exists?: boolean;
}

/** A routing condition: a field test, or an `all` / `any` / `not` group of conditions. */
export type RoutingCondition =
  | ({ readonly kind: 'field' } & FieldCondition)
  | { readonly kind: 'all'; readonly conditions: readonly RoutingCondition[] }
  | { readonly kind: 'any'; readonly conditions: readonly RoutingCondition[] }
  | { readonly kind: 'not'; readonly condition: RoutingCondition };

/**
 * One ordered routing rule. A rule without `when` always matches; `stop` ends evaluation when it
 * matches (first-match), otherwise later rules are evaluated too (all-matches); a `default` rule
 * applies only when no other rule matched.
 */
export interface RoutingRule {
  readonly id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly when?: RoutingCondition;
  readonly stop: boolean;
  readonly default: boolean;
  readonly actions: readonly RoutingAction[];
}

/** What rules can read besides the answer, under `$`-prefixed fields (`$contact.tags`, `$flow.id`). */
export type RoutingContext = Readonly<Record<string, unknown>>;

/** An action chosen by evaluation, with the rule that chose it. */
export interface RoutedAction {
  readonly ruleId: string;
  readonly action: RoutingAction;
}

/** The result of evaluating rules for one answer. */
export interface RoutingResult {
  /** Matched rules in order (a default rule is listed when it applied). */
  readonly matchedRuleIds: readonly string[];
  readonly actions: readonly RoutedAction[];
  /** True when no ordinary rule matched and the default rules applied (or nothing did). */
  readonly usedDefault: boolean;
}
