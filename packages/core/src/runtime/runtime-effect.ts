import type { EndpointRequest, SummaryEntry } from './runtime-state.js';

/** Something the host must do (or may observe) after a step; the core itself performs no I/O. */
export type RuntimeEffect =
  /** Call the data endpoint and feed the answer back as `endpoint_response` / `endpoint_error`. */
  | { readonly type: 'endpoint_request'; readonly request: EndpointRequest }
  /**
   * Tell the endpoint its previous response was invalid (spec platform §1.4); no answer expected.
   */
  | { readonly type: 'endpoint_error_notification'; readonly request: EndpointRequest }
  /** Open a link in the device browser (`open_url`). */
  | { readonly type: 'open_url'; readonly url: string }
  /** A new screen is shown (navigate, endpoint response, back). */
  | { readonly type: 'screen_shown'; readonly screen: string }
  /** The Flow ended successfully; `payload` is what the business receives in the webhook. */
  | {
      readonly type: 'completed';
      readonly payload: Readonly<Record<string, unknown>>;
      readonly summary: readonly SummaryEntry[];
    }
  /** The Flow was closed with an error (for example HTTP 427 from the endpoint). */
  | { readonly type: 'closed'; readonly code: string; readonly message: string };
