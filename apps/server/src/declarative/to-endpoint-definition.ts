import { createHash } from 'node:crypto';
import { slotLabel } from '../calendar/list-slots.js';
import type { EndpointDefinition, EndpointHandler, EndpointReply, Fallback } from '../endpoint/define-endpoint.js';
import { finishFlow } from '../endpoint/define-endpoint.js';
import type { Condition, EndpointConfig, Step } from './endpoint-config.js';
import { resolveValue, type ValueScope } from './resolve-value.js';

/** Turns a declarative endpoint config into the same EndpointDefinition that code-written endpoints use. */
export function toEndpointDefinition(config: EndpointConfig): EndpointDefinition {
  const back = config.BACK;
  const backHandler: EndpointDefinition['BACK'] =
    back === undefined ? undefined : isStep(back) ? stepHandler(back) : Object.fromEntries(Object.entries(back).map(([screen, step]) => [screen, stepHandler(step)]));
  const fallback: Fallback | undefined =
    config.fallback === undefined ? undefined : 'error_message' in config.fallback ? { kind: 'error_message', message: config.fallback.error_message } : { kind: 'screen', screen: config.fallback.screen, data: config.fallback.data };
  return {
    ...(config.INIT === undefined ? {} : { INIT: stepHandler(config.INIT) }),
    ...(backHandler === undefined ? {} : { BACK: backHandler }),
    ...(config.data_exchange === undefined ? {} : { data_exchange: Object.fromEntries(Object.entries(config.data_exchange).map(([screen, step]) => [screen, stepHandler(step)])) }),
    ...(fallback === undefined ? {} : { fallback }),
    ...(config.timeoutMs === undefined ? {} : { timeoutMs: config.timeoutMs }),
    ...(config.tokens === undefined
      ? {}
      : {
          tokens: {
            mode: config.tokens.mode,
            ...(config.tokens.ttlHours === undefined ? {} : { ttlMs: config.tokens.ttlHours * 3_600_000 }),
            ...(config.tokens.expiredMessage === undefined ? {} : { expiredMessage: config.tokens.expiredMessage }),
          },
        }),
  };
}

function isStep(value: Step | Readonly<Record<string, Step>>): value is Step {
  return 'screen' in value || 'choose' in value || 'book' in value;
}

function stepHandler(step: Step): EndpointHandler {
  return async (request, context) => {
    const scope: ValueScope = { request: request.data, booking: undefined, sources: context.sources };
    return runStep(step, scope, request.flowToken);
  };
}

async function runStep(step: Step, scope: ValueScope, flowToken: string): Promise<EndpointReply> {
  if (step.book !== undefined) {
    const slotId = await resolveValue(step.book.slot, scope);
    const reference = createHash('sha256').update(flowToken).digest('hex').slice(0, 16);
    const result = await scope.sources.book(slotId, reference);
    if (!result.ok) return runStep(step.book.onFull, scope, flowToken);
    const label = await labelFor(scope, result.booking.resourceId, result.booking.start);
    scope = { ...scope, booking: { ...result.booking, label } };
  }
  for (const branch of step.choose ?? []) {
    if (holds(branch.when, scope.request)) return runStep(branch.then, scope, flowToken);
  }
  const screen = step.screen ?? 'SUCCESS';
  const data: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(step.data ?? {})) data[key] = await resolveValue(spec, scope);
  if (screen === 'SUCCESS') return finishFlow(flowToken, data);
  return { screen, data };
}

async function labelFor(scope: ValueScope, resourceId: string, start: string): Promise<string> {
  const resource = (await scope.sources.resources()).find((r) => r.id === resourceId);
  return resource === undefined ? start : slotLabel(resource, start);
}

function holds(condition: Condition, data: Readonly<Record<string, unknown>>): boolean {
  const raw = data[condition.field];
  const actual = typeof condition.value === 'number' && typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  switch (condition.op) {
    case '==':
      return actual === condition.value;
    case '!=':
      return actual !== condition.value;
    case '>':
      return typeof actual === 'number' && typeof condition.value === 'number' && actual > condition.value;
    case '>=':
      return typeof actual === 'number' && typeof condition.value === 'number' && actual >= condition.value;
    case '<':
      return typeof actual === 'number' && typeof condition.value === 'number' && actual < condition.value;
    case '<=':
      return typeof actual === 'number' && typeof condition.value === 'number' && actual <= condition.value;
  }
}
