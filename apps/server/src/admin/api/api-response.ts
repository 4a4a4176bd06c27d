import { errorBody, type ErrorBody } from '../../http/error-body.js';

/**
 * What a route handler returns: a body with its status, or an error rendered as `{error: {code, message, details?}}`.
 * A body with a `contentType` is sent as it is: a string, or a byte stream (a download read as the client takes it).
 */
export type ApiResponse =
  | { readonly ok: true; readonly status: number; readonly body: unknown; readonly contentType?: string; readonly headers?: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly status: number; readonly code: string; readonly message: string; readonly details?: unknown };

/** A successful response (200 unless told otherwise). */
export function ok(body: unknown, status = 200): ApiResponse {
  return { ok: true, status, body };
}

/** An error response with a stable code. */
export function fail(status: number, code: string, message: string, details?: unknown): ApiResponse {
  return details === undefined ? { ok: false, status, code, message } : { ok: false, status, code, message, details };
}

/** 404 for a resource absent from the caller's workspace (the same answer whether it exists elsewhere or not). */
export function notFound(what: string): ApiResponse {
  return fail(404, 'NOT_FOUND', `${what} not found`);
}

/** The JSON body of an error response (the server's one error body, http/error-body.ts). */
export function toErrorBody(response: Extract<ApiResponse, { ok: false }>): ErrorBody {
  return errorBody(response.code, response.message, response.details);
}
