/** The screen id reserved for closing a Flow from the endpoint (platform spec §1.4–1.5). */
export const SUCCESS_SCREEN = 'SUCCESS';

/** A plaintext data endpoint response, before encryption (platform spec §1.5). */
export type EndpointResponse =
  | NextScreenResponse
  | CloseFlowResponse
  | { data: { acknowledged: true } }
  | { data: { status: 'active' } }
  | { error_msg: string };

/** Go to (or stay on) a screen with data matching its data model; `data.error_message` shows a snackbar. */
export interface NextScreenResponse {
  screen: string;
  data: Record<string, unknown>;
}

/** Close the Flow; the params are forwarded in the completion webhook's `response_json`. */
export interface CloseFlowResponse {
  screen: typeof SUCCESS_SCREEN;
  data: { extension_message_response: { params: Record<string, unknown> & { flow_token: string } } };
}

/** Response that renders `screen` with `data`, optionally with an error snackbar. */
export function nextScreen(screen: string, data: Readonly<Record<string, unknown>> = {}, options: { errorMessage?: string } = {}): NextScreenResponse {
  if (screen === '' || screen === SUCCESS_SCREEN) {
    throw new RangeError(`nextScreen needs a screen id other than "" and ${SUCCESS_SCREEN}; use closeFlow to finish`);
  }
  return { screen, data: options.errorMessage === undefined ? { ...data } : { ...data, error_message: options.errorMessage } };
}

/** Response that keeps the user on `screen` and shows `message` in a snackbar. */
export function errorMessage(screen: string, message: string, data: Readonly<Record<string, unknown>> = {}): NextScreenResponse {
  return nextScreen(screen, data, { errorMessage: message });
}

/** Response that closes the Flow; `flow_token` is always included (a closing response cannot carry error_message). */
export function closeFlow(flowToken: string, params: Readonly<Record<string, unknown>> = {}): CloseFlowResponse {
  if (flowToken === '') throw new RangeError('closeFlow needs the flow_token');
  return { screen: SUCCESS_SCREEN, data: { extension_message_response: { params: { ...params, flow_token: flowToken } } } };
}

/** Acknowledges a client error notification (`data.error`). */
export function acknowledgeError(): { data: { acknowledged: true } } {
  return { data: { acknowledged: true } };
}

/** Answers a `ping` health check. */
export function healthCheckResponse(): { data: { status: 'active' } } {
  return { data: { status: 'active' } };
}

/** Body sent with HTTP 427 when the flow token is no longer valid; `message` is shown to the user. */
export function invalidFlowTokenResponse(message: string): { error_msg: string } {
  return { error_msg: message };
}
