import type { FlowRequestBody } from '../data-exchange/data-exchange-request.js';

/** What the runtime remembers about one screen: its data, its form values and its errors. */
export interface ScreenState {
  /** The screen's `${data.*}`: navigate payload, endpoint response or start data. */
  readonly data: Readonly<Record<string, unknown>>;
  /** Current input values by component `name`, as the customer entered them. */
  readonly form: Readonly<Record<string, unknown>>;
  /** Client-side input errors by component `name` (set when the Footer is pressed). */
  readonly errors: Readonly<Record<string, string>>;
  /** Names the customer has changed since the screen was last entered (hides endpoint-sent errors). */
  readonly touched: readonly string[];
  /** A message shown on the screen (endpoint `error_message` or a generic request failure). */
  readonly notice?: string;
}

/** A request to the data endpoint the host must send (spec platform §1.4): the data exchange model's Flow request, without the `version` the host adds. */
export type EndpointRequest = FlowRequestBody;

/** Why the runtime waits for the endpoint: it decides how the response is applied. */
export type PendingReason = 'init' | 'back' | 'submit' | 'component';

/** Where the Flow is: running, waiting for the endpoint, completed, or closed with an error. */
export type RuntimeStatus =
  | { readonly kind: 'active' }
  | { readonly kind: 'waiting'; readonly reason: PendingReason; readonly request: EndpointRequest }
  | {
      readonly kind: 'completed';
      /** The `complete` payload, or the endpoint's `extension_message_response.params`. */
      readonly payload: Readonly<Record<string, unknown>>;
      readonly via: 'complete' | 'endpoint';
      readonly summary: readonly SummaryEntry[];
    }
  | { readonly kind: 'closed'; readonly error: { readonly code: string; readonly message: string } };

/** One line of the response summary the customer keeps in the chat after completing (spec §1.5). */
export interface SummaryEntry {
  readonly screen: string;
  readonly name: string;
  readonly label: string;
  /** The value as shown, or `••••` for a field listed in the screen's `sensitive` array. */
  readonly value: string;
}

/**
 * The whole runtime state: plain JSON, so hosts can store it (web preview, sandbox phone).
 * `stack` is the back stack of screen ids (last = current); `screens` keeps every visited
 * screen's values, also after Back, because `${screen.S.form.x}` may read them.
 */
export interface RuntimeState {
  readonly stack: readonly string[];
  readonly screens: Readonly<Record<string, ScreenState>>;
  readonly status: RuntimeStatus;
  readonly flowToken: string;
}

/** The id of the screen on top of the stack. */
export function currentScreenId(state: RuntimeState): string | undefined {
  return state.stack[state.stack.length - 1];
}

/** A new state with one screen's entry replaced. */
export function withScreen(state: RuntimeState, id: string, screen: ScreenState): RuntimeState {
  return { ...state, screens: { ...state.screens, [id]: screen } };
}
