/** The screen id reserved for closing a Flow from the endpoint (platform spec §1.4–1.5). */
export const SUCCESS_SCREEN = 'SUCCESS';

/** Go to (or stay on) a screen with data matching its data model; `data.error_message` shows a snackbar (platform spec §1.5). */
export interface NextScreenResponse {
  readonly screen: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Close the Flow; the params, `flow_token` always among them, are forwarded in the completion webhook's `response_json`. */
export interface CloseFlowResponse {
  readonly screen: typeof SUCCESS_SCREEN;
  readonly data: { readonly extension_message_response: { readonly params: Readonly<Record<string, unknown>> & { readonly flow_token: string } } };
}

/** The answer to a health check (`ping`). */
export interface HealthCheckResponse {
  readonly data: { readonly status: 'active' };
}

/** The answer to an error notification (`data.error`). */
export interface ErrorAcknowledgement {
  readonly data: { readonly acknowledged: true };
}

/** The body sent with HTTP 427 when the flow token is no longer valid; `error_msg` is shown to the customer (platform spec §1.6). */
export interface InvalidFlowTokenResponse {
  readonly error_msg: string;
}

/** A data endpoint response in plaintext, before encryption (platform spec §1.5). */
export type DataExchangeResponse = NextScreenResponse | CloseFlowResponse | HealthCheckResponse | ErrorAcknowledgement | InvalidFlowTokenResponse;

/** Response that renders `screen` with `data`, optionally with an error snackbar; throws a RangeError for "" or SUCCESS (use closeFlow). */
export function nextScreen(screen: string, data: Readonly<Record<string, unknown>> = {}, options: { readonly errorMessage?: string } = {}): NextScreenResponse {
  if (screen === '' || screen === SUCCESS_SCREEN) {
    throw new RangeError(`nextScreen needs a screen id other than "" and ${SUCCESS_SCREEN}; use closeFlow to finish`);
  }
  return { screen, data: options.errorMessage === undefined ? { ...data } : { ...data, error_message: options.errorMessage } };
}

/** Response that keeps the customer on `screen` and shows `message` in a snackbar. */
export function errorMessage(screen: string, message: string, data: Readonly<Record<string, unknown>> = {}): NextScreenResponse {
  return nextScreen(screen, data, { errorMessage: message });
}

/** Response that closes the Flow; `flow_token` is always the given one (a closing response cannot carry error_message); throws a RangeError without a token. */
export function closeFlow(flowToken: string, params: Readonly<Record<string, unknown>> = {}): CloseFlowResponse {
  if (flowToken === '') throw new RangeError('closeFlow needs the flow_token');
  return { screen: SUCCESS_SCREEN, data: { extension_message_response: { params: { ...params, flow_token: flowToken } } } };
}

/** Acknowledges a client error notification (`data.error`). */
export function acknowledgeError(): ErrorAcknowledgement {
  return { data: { acknowledged: true } };
}

/** Answers a `ping` health check. */
export function healthCheckResponse(): HealthCheckResponse {
  return { data: { status: 'active' } };
}

/** The 427 body for a flow token that is no longer valid. */
export function invalidFlowTokenResponse(message: string): InvalidFlowTokenResponse {
  return { error_msg: message };
}
