/** The actions of an open Flow: every data endpoint request but the health check (platform spec §1.8). */
export type FlowAction = 'INIT' | 'BACK' | 'data_exchange';

/** Every `action` a data endpoint request may carry (platform spec §1.4). */
export type DataExchangeAction = 'ping' | FlowAction;

/** The health check, `{"version":"3.0","action":"ping"}`: no token, no screen (platform spec §1.4). */
export interface PingRequest {
  /** Data API version as sent (`"3.0"`; `"4.0"` with data_api_version 4.0). */
  readonly version: string;
  readonly action: 'ping';
}

/** A request of an open Flow, decrypted, in the spec's words (platform spec §1.4). */
export interface FlowRequest {
  /** Data API version as sent (`"3.0"`; `"4.0"` with data_api_version 4.0). */
  readonly version: string;
  readonly action: FlowAction;
  /** The current screen; undefined when absent or `""` (INIT, and possibly BACK). */
  readonly screen: string | undefined;
  /** The action's payload; `{}` when absent. */
  readonly data: Readonly<Record<string, unknown>>;
  /** Never empty. */
  readonly flow_token: string;
  /** Data API 4.0 JWT carrying the flow token (Flow JSON ≥ 7.3); verify it with the app secret. */
  readonly flow_token_signature: string | undefined;
}

/** A decrypted data endpoint request: the health check or a request of an open Flow. */
export type DataExchangeRequest = PingRequest | FlowRequest;

/**
 * The client telling the endpoint its previous response was invalid (platform spec §1.4): a Flow
 * request whose `data.error` is a string (`invalid-screen-transition`, `payload-schema-error`, …).
 */
export interface ErrorNotification extends FlowRequest {
  readonly data: Readonly<Record<string, unknown>> & { readonly error: string; readonly error_message?: unknown };
}

/** Whether a Flow request is an error notification (its `data.error` is a string). */
export function isErrorNotification(request: FlowRequest): request is ErrorNotification {
  return typeof request.data['error'] === 'string';
}

/**
 * A Flow request as the runtime emits it, before the host adds the protocol's `version` and
 * `flow_token_signature`; `screen` is `""` for INIT.
 */
export interface FlowRequestBody {
  readonly action: FlowAction;
  readonly screen: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly flow_token: string;
}
