import { applyEndpointError, applyEndpointResponse } from './apply-endpoint-response.js';
import { compileFlow } from './compile-flow.js';
import { fillInput, toggleOption } from './fill-input.js';
import { pressTarget } from './press-target.js';
import type { RuntimeEvent } from './runtime-event.js';
import { DEFAULT_MESSAGES } from './runtime-messages.js';
import { currentScreenId, type RuntimeState } from './runtime-state.js';
import { requestEndpoint } from './run-action.js';
import { fail, type StepContext, type StepOutcome } from './step-outcome.js';
import { isJsonObject } from '../json/is-json-object.js';

/**
 * Applies one event to a running Flow and returns the new state (the old one is never changed)
 * with the effects the host must carry out, or an error value when the event is impossible on
 * the phone. Pure: no I/O, no clock; never throws, whatever the Flow, state or event.
 */
export function step(flow: unknown, state: RuntimeState, event: RuntimeEvent, context: StepContext = {}): StepOutcome {
  try {
    return stepUnguarded(flow, state, event, context);
  } catch (cause) {
    // Defence in depth for malformed input (e.g. a hand-edited stored state): report, never throw.
    return fail('UNEXPECTED_FAILURE', `The event could not be applied: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

function stepUnguarded(flow: unknown, state: RuntimeState, event: RuntimeEvent, context: StepContext): StepOutcome {
  if (!isJsonObject(event)) return fail('INVALID_EVENT', 'An event must be an object with a type.');
  const compiled = compileFlow(flow);
  const messages = context.messages ?? DEFAULT_MESSAGES;
  const { status } = state;
  if (status.kind === 'completed' || status.kind === 'closed') {
    return fail('FLOW_NOT_RUNNING', `The Flow has ${status.kind === 'completed' ? 'completed' : 'been closed'}.`);
  }
  if (event.type === 'endpoint_response') return applyEndpointResponse(compiled, state, event.response, messages);
  if (event.type === 'endpoint_error') return applyEndpointError(state, event.status, event.message, messages);
  if (status.kind === 'waiting') {
    return fail('AWAITING_ENDPOINT', `Waiting for the endpoint's answer to ${status.request.action}.`);
  }
  switch (event.type) {
    case 'fill':
      return fillInput(compiled, state, event.name, event.value, context);
    case 'select':
    case 'unselect':
      return toggleOption(compiled, state, event.name, event.id, event.type === 'select', context);
    case 'press':
      return pressTarget(compiled, state, event.target, context);
    case 'back':
      return goBack(compiled.screens, compiled.hasEndpoint, state);
    default:
      return fail('INVALID_EVENT', `Unknown event type ${String((event as { type?: unknown }).type)}.`);
  }
}

/**
 * The back button: the previous screen returns with its answers kept. On a screen with
 * `refresh_on_back` (endpoint Flows) a BACK request is sent first; its response re-renders it.
 */
function goBack(screens: ReturnType<typeof compileFlow>['screens'], hasEndpoint: boolean, state: RuntimeState): StepOutcome {
  const screenId = currentScreenId(state);
  if (screenId === undefined || state.stack.length < 2) {
    return fail('NO_PREVIOUS_SCREEN', `Back is not possible on the first screen${screenId === undefined ? '' : ` (${screenId})`}.`);
  }
  if (hasEndpoint && screens.get(screenId)?.refreshOnBack === true) {
    return requestEndpoint(state, 'back', { action: 'BACK', screen: screenId, data: {} });
  }
  const stack = state.stack.slice(0, -1);
  const previous = stack[stack.length - 1] ?? '';
  return { state: { ...state, stack }, effects: [{ type: 'screen_shown', screen: previous }] };
}
