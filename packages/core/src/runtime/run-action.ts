import { buildSummary } from './build-summary.js';
import type { CompiledFlow } from './compile-flow.js';
import { enterScreen } from './enter-screen.js';
import { toStringOrUndefined } from './json-value.js';
import type { RuntimeEffect } from './runtime-effect.js';
import { currentScreenId, withScreen, type EndpointRequest, type PendingReason, type RuntimeState } from './runtime-state.js';
import { resolveValue, type Scope } from './scope.js';
import { fail, type StepOutcome } from './step-outcome.js';
import { isJsonObject } from '../json/is-json-object.js';

/** Who triggered an action: a submit-like press (Footer, link, list item) or a component selection. */
export type ActionOrigin = 'press' | 'component';

/**
 * Runs one Flow JSON action (spec §3) on the current screen: `navigate` pushes the next screen
 * with the payload as its data, `complete` ends the Flow, `data_exchange` asks the host to call
 * the endpoint, `update_data` merges into the screen's data, `open_url` asks the host to open a link.
 */
export function runAction(flow: CompiledFlow, state: RuntimeState, action: unknown, origin: ActionOrigin): StepOutcome {
  const screenId = currentScreenId(state);
  if (screenId === undefined) return fail('FLOW_NOT_RUNNING', 'No screen is shown.');
  if (!isJsonObject(action)) return fail('NO_ACTION', `This component on screen ${screenId} has no action.`);
  const scope: Scope = { flow, state, screenId };
  const name = toStringOrUndefined(action['name']);
  const payload = resolvePayload(scope, action['payload']);
  switch (name) {
    case 'navigate': {
      const next = isJsonObject(action['next']) ? toStringOrUndefined(action['next']['name']) : undefined;
      if (next === undefined || !flow.screens.has(next)) {
        return fail('UNKNOWN_SCREEN', `navigate on screen ${screenId} goes to unknown screen ${String(next)}.`);
      }
      return { state: enterScreen(flow, state, next, payload), effects: [{ type: 'screen_shown', screen: next }] };
    }
    case 'complete': {
      const summary = buildSummary(flow, state);
      const completed: RuntimeState = { ...state, status: { kind: 'completed', payload, via: 'complete', summary } };
      return { state: completed, effects: [{ type: 'completed', payload, summary }] };
    }
    case 'data_exchange': {
      const reason: PendingReason = origin === 'press' ? 'submit' : 'component';
      return requestEndpoint(state, reason, { action: 'data_exchange', screen: screenId, data: payload });
    }
    case 'update_data': {
      const current = state.screens[screenId];
      if (current === undefined) return fail('FLOW_NOT_RUNNING', 'No screen is shown.');
      return { state: withScreen(state, screenId, { ...current, data: { ...current.data, ...payload } }), effects: [] };
    }
    case 'open_url': {
      const url = resolveValue(scope, action['url']);
      if (typeof url !== 'string') return fail('INVALID_VALUE', `open_url on screen ${screenId} has no url.`);
      return { state, effects: [{ type: 'open_url', url }] };
    }
    default:
      return fail('UNSUPPORTED_ACTION', `Action ${String(name)} on screen ${screenId} is not supported.`);
  }
}

/** Puts the Flow in the waiting state and emits the endpoint request. */
export function requestEndpoint(
  state: RuntimeState,
  reason: PendingReason,
  request: Omit<EndpointRequest, 'flow_token'>,
): StepOutcome {
  const full = { ...request, flow_token: state.flowToken };
  const effect: RuntimeEffect = { type: 'endpoint_request', request: full };
  return { state: { ...state, status: { kind: 'waiting', reason, request: full } }, effects: [effect] };
}

function resolvePayload(scope: Scope, payload: unknown): Record<string, unknown> {
  const resolved = resolveValue(scope, payload ?? {});
  return isJsonObject(resolved) ? { ...resolved } : {};
}
