import { checkScreenData } from '../data-model/index.js';
import type { FlowAction } from '../data-exchange/data-exchange-request.js';
import { buildSummary } from './build-summary.js';
import type { CompiledFlow } from './compile-flow.js';
import { enterScreen } from './enter-screen.js';
import type { RuntimeEffect } from './runtime-effect.js';
import type { RuntimeMessages } from './runtime-messages.js';
import { currentScreenId, withScreen, type PendingReason, type RuntimeState } from './runtime-state.js';
import { fail, type StepOutcome } from './step-outcome.js';
import { isJsonObject } from '../json/is-json-object.js';

/**
 * Applies the endpoint's response as the WhatsApp client does (spec platform §1.5): `SUCCESS`
 * closes the Flow with `extension_message_response.params`; the current screen's id refreshes it
 * (a component's `data_exchange` merges the new data in); another id opens that screen with the
 * data; a BACK response re-renders the previous screen. `data.error_message` is shown on the
 * screen. An unknown screen or data that does not fit the screen keeps the screen with a generic
 * error and tells the endpoint (`invalid-screen-transition` / `payload-schema-error`).
 */
export function applyEndpointResponse(
  flow: CompiledFlow,
  state: RuntimeState,
  response: unknown,
  messages: RuntimeMessages,
): StepOutcome {
  if (state.status.kind !== 'waiting') return fail('NOT_AWAITING_ENDPOINT', 'No endpoint request is waiting for a response.');
  const { reason, request } = state.status;
  const active: RuntimeState = { ...state, status: { kind: 'active' } };
  const screen = isJsonObject(response) ? response['screen'] : undefined;
  const data = isJsonObject(response) && isJsonObject(response['data']) ? response['data'] : {};
  if (screen === 'SUCCESS') {
    const ext = data['extension_message_response'];
    const params = isJsonObject(ext) && isJsonObject(ext['params']) ? { ...ext['params'] } : {};
    const summary = buildSummary(flow, state);
    return {
      state: { ...state, status: { kind: 'completed', payload: params, via: 'endpoint', summary } },
      effects: [{ type: 'completed', payload: params, summary }],
    };
  }
  const base = reason === 'back' ? { ...active, stack: active.stack.slice(0, -1) } : active;
  const top = currentScreenId(base);
  const merge = reason === 'component' && screen === top;
  const merged = merge && top !== undefined ? { ...base.screens[top]?.data, ...data } : data;
  const problem = typeof screen !== 'string' || !flow.screens.has(screen)
    ? 'invalid-screen-transition'
    : checkScreenData(flow.doc, screen, merged).some((p) => p.severity === 'error') ? 'payload-schema-error' : undefined;
  if (problem !== undefined || typeof screen !== 'string') {
    return rejectResponse(active, reason, request.action, request.screen, problem ?? 'invalid-screen-transition', messages);
  }
  const notice = typeof data['error_message'] === 'string' ? data['error_message'] : undefined;
  let next: RuntimeState;
  if (screen === top && top !== undefined) {
    const current = base.screens[top];
    const entry = { data: merged, form: current?.form ?? {}, errors: current?.errors ?? {}, touched: current?.touched ?? [] };
    next = withScreen(base, top, notice === undefined ? entry : { ...entry, notice });
  } else {
    next = enterScreen(flow, base, screen, data, notice);
  }
  const effects: RuntimeEffect[] = screen === currentScreenId(state) ? [] : [{ type: 'screen_shown', screen }];
  return { state: next, effects };
}

function rejectResponse(
  state: RuntimeState,
  reason: PendingReason,
  action: FlowAction,
  screen: string,
  error: string,
  messages: RuntimeMessages,
): StepOutcome {
  const notification: RuntimeEffect = {
    type: 'endpoint_error_notification',
    request: { action, screen, data: { error, error_message: messages.requestFailed }, flow_token: state.flowToken },
  };
  if (reason === 'init' && state.stack.length === 0) return closeWith(state, error, messages.requestFailed, [notification]);
  return { state: showNotice(state, messages.requestFailed), effects: [notification] };
}

/**
 * Applies an endpoint failure as the client does (spec platform §1.6): 427 (flow token no
 * longer valid) closes the Flow with the endpoint's message; 421, 432, other statuses and
 * timeouts show a generic error and keep the screen.
 */
export function applyEndpointError(
  state: RuntimeState,
  status: number | 'timeout',
  message: string | undefined,
  messages: RuntimeMessages,
): StepOutcome {
  if (state.status.kind !== 'waiting') return fail('NOT_AWAITING_ENDPOINT', 'No endpoint request is waiting for a response.');
  const active: RuntimeState = { ...state, status: { kind: 'active' } };
  if (status === 427) return closeWith(active, 'FLOW_TOKEN_INVALID', message ?? messages.requestFailed, []);
  if (active.stack.length === 0) return closeWith(active, 'ENDPOINT_FAILED', messages.requestFailed, []);
  return { state: showNotice(active, messages.requestFailed), effects: [] };
}

function showNotice(state: RuntimeState, notice: string): RuntimeState {
  const top = currentScreenId(state);
  const entry = top === undefined ? undefined : state.screens[top];
  return top === undefined || entry === undefined ? state : withScreen(state, top, { ...entry, notice });
}

function closeWith(state: RuntimeState, code: string, message: string, effects: RuntimeEffect[]): StepOutcome {
  return {
    state: { ...state, status: { kind: 'closed', error: { code, message } } },
    effects: [...effects, { type: 'closed', code, message }],
  };
}
