import { compileFlow } from './compile-flow.js';
import { enterScreen } from './enter-screen.js';
import type { RuntimeState } from './runtime-state.js';
import { requestEndpoint } from './run-action.js';
import { fail, type StepOutcome } from './step-outcome.js';
import { isJsonObject } from '../json/is-json-object.js';

/** How a Flow is opened: the message's `flow_action` and `flow_action_payload` (spec §6). */
export interface StartOptions {
  /** `navigate` (default) shows `screen` at once; `data_exchange` sends INIT to the endpoint first. */
  readonly action?: 'navigate' | 'data_exchange';
  /** The first screen; defaults to the first screen of the document. */
  readonly screen?: string;
  /**
   * The first screen's data. Without it, each declared field takes its `__example__`, as the
   * Flow Builder preview does (static Flows have no other source of first-screen data).
   */
  readonly data?: Readonly<Record<string, unknown>>;
  /** The `flow_token` sent with endpoint requests (WhatsApp's default is `unused`). */
  readonly flowToken?: string;
}

/** Opens a Flow: the first screen is shown, or an INIT request is emitted for a `data_exchange` start. */
export function startFlow(flow: unknown, options: StartOptions = {}): StepOutcome {
  const compiled = compileFlow(flow);
  const empty: RuntimeState = { stack: [], screens: {}, status: { kind: 'active' }, flowToken: options.flowToken ?? 'unused' };
  if (options.action === 'data_exchange') return requestEndpoint(empty, 'init', { action: 'INIT', screen: '', data: {} });
  const screenId = options.screen ?? compiled.firstScreenId;
  const screen = screenId === undefined ? undefined : compiled.screens.get(screenId);
  if (screenId === undefined || screen === undefined) {
    return fail('UNKNOWN_SCREEN', screenId === undefined ? 'The Flow has no screens.' : `The Flow has no screen ${screenId}.`);
  }
  const data = options.data ?? examplesOf(screen.dataModel);
  return { state: enterScreen(compiled, empty, screenId, data), effects: [{ type: 'screen_shown', screen: screenId }] };
}

function examplesOf(model: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(model)) {
    if (isJsonObject(field) && field['__example__'] !== undefined) data[key] = field['__example__'];
  }
  return data;
}
