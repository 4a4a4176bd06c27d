import { createHash } from 'node:crypto';
import { slotLabel } from '../calendar/list-slots.js';
import type { EndpointDefinition, EndpointHandler, EndpointReply, Fallback } from '../define-endpoint.js';
import { finishFlow } from '../define-endpoint.js';
import type { Condition, EndpointConfig, Step } from './endpoint-config.js';
import { resolveRecord, resolveValue, type ValueScope } from './resolve-value.js';

/** Turns a declarative endpoint config into the same EndpointDefinition that code-written endpoints use. */
export function toEndpointDefinition(config: EndpointConfig): EndpointDefinition {
  const back = config.BACK;
  const backHandler: EndpointDefinition['BACK'] =
    back === undefined
      ? undefined
      : isStep(back)
        ? stepHandler(back, 'BACK')
        : Object.fromEntries(Object.entries(back).map(([screen, step]) => [screen, stepHandler(step, `BACK:${screen}`)]));
  const fallback: Fallback | undefined =
    config.fallback === undefined ? undefined : 'error_message' in config.fallback ? { kind: 'error_message', message: config.fallback.error_message } : { kind: 'screen', screen: config.fallback.screen, data: config.fallback.data };
  return {
    ...(config.INIT === undefined ? {} : { INIT: stepHandler(config.INIT, 'INIT') }),
    ...(backHandler === undefined ? {} : { BACK: backHandler }),
    ...(config.data_exchange === undefined ? {} : { data_exchange: Object.fromEntries(Object.entries(config.data_exchange).map(([screen, step]) => [screen, stepHandler(step, `data_exchange:${screen}`)])) }),
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

/**
 * The booking reference of one step of one session: a hash of the Flow, the flow token and the step
 * (action and screen), never personal data. The calendar keeps one seat per reference, so a replayed or
 * retried request (same token, same step) gets the same booking instead of a second seat.
 */
export function bookingReference(flowId: string, flowToken: string, stepKey: string): string {
  return createHash('sha256').update(flowId).update('\0').update(flowToken).update('\0').update(stepKey).digest('hex').slice(0, 24);
}

function stepHandler(step: Step, stepKey: string): EndpointHandler {
  return (request, context) => {
    // The data sources are built only when a value reads one (context.sources is made on first use).
    const scope: ValueScope = {
      request: request.data,
      booking: undefined,
      get sources() {
        return context.sources;
      },
    };
    return runStep(step, scope, request.flowToken, () => bookingReference(context.flowId, request.flowToken, stepKey));
  };
}

/**
 * Answers a step: synchronously when nothing in it waits (no booking, no source that answers later),
 * so the handler needs neither a promise nor the deadline's timer; otherwise a promise.
 */
function runStep(step: Step, scope: ValueScope, flowToken: string, reference: () => string): EndpointReply | Promise<EndpointReply> {
  if (step.book !== undefined) return runBooking(step, step.book, scope, flowToken, reference);
  return answerStep(step, scope, flowToken, reference);
}

async function runBooking(step: Step, book: NonNullable<Step['book']>, scope: ValueScope, flowToken: string, reference: () => string): Promise<EndpointReply> {
  const slotId = await resolveValue(book.slot, scope);
  const result = await scope.sources.book(slotId, reference());
  if (!result.ok) return runStep(book.onFull, scope, flowToken, reference);
  const slot = await labelFor(scope, result.booking.resourceId, result.booking.start);
  // A preview's booking says so wherever the Flow shows it (its id starts with preview- as well).
  const label = result.booking.preview === true ? `${slot} (preview)` : slot;
  return answerStep(step, { ...scope, booking: { ...result.booking, label } }, flowToken, reference);
}

/** The step after its booking (if any): the first branch whose condition holds, else its own screen and data. */
function answerStep(step: Step, scope: ValueScope, flowToken: string, reference: () => string): EndpointReply | Promise<EndpointReply> {
  for (const branch of step.choose ?? []) {
    if (holds(branch.when, scope.request)) return runStep(branch.then, scope, flowToken, reference);
  }
  const screen = step.screen ?? 'SUCCESS';
  const data = resolveRecord(step.data ?? {}, scope);
  return data instanceof Promise ? data.then((resolved) => toReply(screen, resolved, flowToken)) : toReply(screen, data, flowToken);
}

function toReply(screen: string, data: Record<string, unknown>, flowToken: string): EndpointReply {
  return screen === 'SUCCESS' ? finishFlow(flowToken, data) : { screen, data };
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
