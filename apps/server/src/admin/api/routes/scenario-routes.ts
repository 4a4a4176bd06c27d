import { SCENARIO_LIMITS, saveScenariosBody } from '@flowline/api-contract';
import { parseScenario } from '@flowline/core';
import type { StoredScenario } from '@flowline/storage';
import { fail, notFound, ok } from '../api-response.js';
import { defineRoute, type ApiRoute } from '../define-route.js';

function toScenarioView(s: StoredScenario) {
  return { name: s.name, position: s.position, scenario: s.document, updatedAt: s.updatedAt, updatedBy: s.updatedBy };
}

/** Parses the scenarios a client sends: every problem with its pointer under `/scenarios/<i>`; names unique. */
function parseScenarios(values: readonly unknown[]): { ok: true; inputs: { name: string; document: unknown }[] } | { ok: false; problems: { pointer: string; message: string }[] } {
  const problems: { pointer: string; message: string }[] = [];
  const inputs: { name: string; document: unknown }[] = [];
  const names = new Set<string>();
  values.forEach((value, i) => {
    const pointer = `/scenarios/${i}`;
    const parsed = parseScenario(value, { stored: true });
    if (!parsed.ok) {
      problems.push(...parsed.problems.map((message) => ({ pointer, message })));
      return;
    }
    const name = parsed.scenario.name ?? '';
    if (name.length > 200) problems.push({ pointer, message: '"name" is at most 200 characters' });
    if (parsed.scenario.rawSteps.length > SCENARIO_LIMITS.steps) problems.push({ pointer, message: `a scenario has at most ${SCENARIO_LIMITS.steps} steps` });
    if (names.has(name)) problems.push({ pointer, message: `another scenario is named "${name}": names are unique per Flow` });
    names.add(name);
    // Stored as sent, less a Flow path (the version it is run against is the Flow).
    const { flow: _flow, ...document } = value as Record<string, unknown>;
    inputs.push({ name, document });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, inputs };
}

/** A Flow's scenario tests: list and replace (a review runs them against its version, docs/governance.md). */
export const scenarioRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get', path: '/flows/{flowId}/scenarios', permission: 'flows:read', tag: 'governance',
    summary: 'The Flow\'s scenario tests in order (a review runs them against the version under review)',
    async handle({ auth, deps, params }) {
      const flow = await deps.storage.flows.find(auth.workspaceId, params['flowId'] ?? '');
      if (flow === undefined) return notFound('flow');
      return ok({ flowId: flow.id, items: (await deps.storage.scenarios.list(auth.workspaceId, flow.id)).map(toScenarioView) });
    },
  }),
  defineRoute({
    method: 'put', path: '/flows/{flowId}/scenarios', permission: 'flows:write', tag: 'governance',
    summary: `Replace the Flow's scenario tests (list order is run order; leave one out to delete it; names unique; at most ${SCENARIO_LIMITS.scenarios}, each at most ${SCENARIO_LIMITS.steps} steps). Invalid scenarios are refused with their problems (422). Audited with before and after`,
    body: saveScenariosBody,
    async handle({ auth, deps, params, body }) {
      const flow = await deps.storage.flows.find(auth.workspaceId, params['flowId'] ?? '');
      if (flow === undefined) return notFound('flow');
      const parsed = parseScenarios(body.scenarios);
      if (!parsed.ok) {
        const first = parsed.problems.slice(0, 3).map((p) => `${p.pointer}: ${p.message}`).join('; ');
        const more = parsed.problems.length > 3 ? ` (and ${parsed.problems.length - 3} more)` : '';
        return fail(422, 'INVALID_SCENARIOS', `some scenarios are invalid: ${first}${more}`, { problems: parsed.problems });
      }
      const now = deps.now();
      const saved = await deps.storage.transaction(async (tx) => {
        const before = await tx.scenarios.list(auth.workspaceId, flow.id);
        const after = await tx.scenarios.replace(auth.workspaceId, flow.id, parsed.inputs, { at: now, by: auth.actor });
        await tx.audit.append(auth.workspaceId, {
          actor: auth.actor, action: 'scenarios.replace', targetType: 'flow', targetId: flow.id, details: { scenarios: after.length },
          before: before.map((s) => s.document), after: after.map((s) => s.document), at: now,
        });
        return after;
      });
      return ok({ flowId: flow.id, items: saved.map(toScenarioView) });
    },
  }),
];
