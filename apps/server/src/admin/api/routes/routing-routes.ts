import { saveRoutingRulesBody, testRoutingBody } from '@flowline/api-contract';
import { evaluateRoutingRules, type RoutingRule } from '@flowline/core';
import type { RoutingRule as StoredRoutingRule } from '@flowline/storage';
import { sealRuleSecrets, toPublicAction, toPublicActions } from '../../../messaging/pipeline/connector-secrets.js';
import { fromStoredRoutingRule, toStoredRoutingRule, type StoredRoutingRuleInput } from '../../../messaging/pipeline/stored-routing-rule.js';
import { fail, notFound, ok } from '../api-response.js';
import { defineRoute, type ApiRoute } from '../define-route.js';

/** A stored rule in the form the rules editor reads and writes; secrets show as `{"set": true}`, never their value. */
function toRuleView(stored: StoredRoutingRule): Record<string, unknown> {
  const conditions = typeof stored.conditions === 'object' && stored.conditions !== null ? stored.conditions : {};
  return { id: stored.id, name: stored.name, enabled: stored.enabled, ...conditions, actions: toPublicActions(stored.actions), flowId: stored.flowId, position: stored.position };
}

/** Parses rules sent by a client, collecting every problem with its pointer under `/rules/<i>`. */
function parseRules(values: readonly unknown[]): { ok: true; inputs: StoredRoutingRuleInput[]; rules: RoutingRule[] } | { ok: false; problems: unknown[] } {
  const inputs: StoredRoutingRuleInput[] = [];
  const rules: RoutingRule[] = [];
  const problems: unknown[] = [];
  values.forEach((value, i) => {
    const stored = toStoredRoutingRule(value);
    if (!stored.ok) {
      problems.push(...stored.problems.problems.map((p) => ({ ...p, pointer: `/rules/${i}${p.pointer}` })));
      return;
    }
    inputs.push(stored.input);
    const evaluable = fromStoredRoutingRule({ id: `rule-${i + 1}`, workspaceId: '', flowId: null, position: i, updatedAt: 0, ...stored.input, enabled: stored.input.enabled ?? true });
    if (evaluable.ok) rules.push(evaluable.rule);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, inputs, rules };
}

/** Routing rules per Flow: list, replace, and test against a sample answer. */
export const routingRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get', path: '/flows/{flowId}/routing', permission: 'routing:read', tag: 'routing',
    summary: 'The Flow\'s routing rules in order, then the workspace-wide rules that also apply',
    async handle({ auth, deps, params }) {
      const flow = await deps.storage.flows.find(auth.workspaceId, params['flowId'] ?? '');
      if (flow === undefined) return notFound('flow');
      const own = await deps.storage.routingRules.list(auth.workspaceId, flow.id);
      const shared = await deps.storage.routingRules.list(auth.workspaceId, null);
      return ok({ flowId: flow.id, rules: own.map(toRuleView), workspaceRules: shared.map(toRuleView) });
    },
  }),
  defineRoute({
    method: 'put', path: '/flows/{flowId}/routing', permission: 'routing:write', tag: 'routing',
    summary: 'Replace the Flow\'s routing rules (list order is evaluation order); invalid rules are refused with their problems (422). Secrets (a webhook\'s `secret`, `headers` values) are stored sealed and listed as {"set": true}; send {"set": true} to keep the one stored for the same URL',
    body: saveRoutingRulesBody,
    async handle({ auth, deps, params, body }) {
      const flow = await deps.storage.flows.find(auth.workspaceId, params['flowId'] ?? '');
      if (flow === undefined) return notFound('flow');
      const parsed = parseRules(body.rules);
      if (!parsed.ok) return fail(422, 'INVALID_ROUTING_RULES', 'some routing rules are invalid', { problems: parsed.problems });
      const now = deps.now();
      const stored = await deps.storage.transaction(async (tx) => {
        const previous = await tx.routingRules.list(auth.workspaceId, flow.id);
        const sealed = sealRuleSecrets(parsed.inputs, previous, deps.secrets, auth.workspaceId);
        if (!sealed.ok) return sealed;
        const inputs = parsed.inputs.map((input, i) => ({ ...input, actions: sealed.actions[i] ?? [] }));
        const rules = await tx.routingRules.replace(auth.workspaceId, flow.id, inputs, now);
        // Before and after as the rules editor shows them: connector secrets appear as {"set": true}, never their value.
        const audited = (list: readonly StoredRoutingRule[]) => list.map((r) => { const { id: _id, flowId: _f, position: _p, ...rest } = toRuleView(r); return rest; });
        await tx.audit.append(auth.workspaceId, { actor: auth.actor, action: 'routing.replace', targetType: 'flow', targetId: flow.id, details: { rules: rules.length }, before: audited(previous), after: audited(rules), at: now });
        return { ok: true as const, rules };
      });
      if (!stored.ok) return fail(422, 'INVALID_ROUTING_RULES', 'some routing rules are invalid', { problems: stored.problems });
      return ok({ flowId: flow.id, rules: stored.rules.map(toRuleView) });
    },
  }),
  defineRoute({
    method: 'post', path: '/flows/{flowId}/routing/test', permission: 'routing:read', tag: 'routing',
    summary: 'Evaluate routing rules (the stored ones, or the draft rules given) against a sample answer, without side effects',
    body: testRoutingBody,
    async handle({ auth, deps, params, body }) {
      const flow = await deps.storage.flows.find(auth.workspaceId, params['flowId'] ?? '');
      if (flow === undefined) return notFound('flow');
      let rules: RoutingRule[];
      const names = new Map<string, string>();
      if (body.rules !== undefined) {
        const parsed = parseRules(body.rules);
        if (!parsed.ok) return fail(422, 'INVALID_ROUTING_RULES', 'some routing rules are invalid', { problems: parsed.problems });
        rules = parsed.rules;
      } else {
        rules = [];
        for (const stored of await deps.storage.routingRules.listForFlow(auth.workspaceId, flow.id)) {
          const parsed = fromStoredRoutingRule(stored);
          if (parsed.ok) rules.push(parsed.rule);
        }
      }
      for (const rule of rules) names.set(rule.id, rule.name);
      const result = evaluateRoutingRules(rules, body.answer, { flow: { id: flow.id }, ...(body.context ?? {}) });
      return ok({
        matchedRules: result.matchedRuleIds.map((id) => ({ id, name: names.get(id) ?? id })),
        actions: result.actions.map((a) => ({ ...a, action: toPublicAction(a.action) })),
        usedDefault: result.usedDefault,
      });
    },
  }),
];
