/**
 * The one error body of the server's own HTTP surfaces (the admin API, the webhook route, the studio and
 * any unrouted path): `{error: {code, message, details?}}` with a stable `code`. The data endpoint is not
 * one of them: it answers the bodies of Meta's protocol (docs/endpoint.md).
 */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

/** The error body for a stable code and a message (and details, when there are any). */
export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}
