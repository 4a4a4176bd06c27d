import { Hono, type Context } from 'hono';
import { jsonLineLogger } from '../../logging/logger.js';
import { readLimitedBody } from '../../http/read-limited-body.js';
import type { ApiDeps } from './api-deps.js';
import { fail, toErrorBody, type ApiResponse } from './api-response.js';
import { API_ROUTES } from './api-routes.js';
import { createAuthFailureLimiter, type AuthFailureLimiter } from './auth-failure-limiter.js';
import { authenticateRequest } from './authenticate-request.js';
import type { ApiRoute } from './define-route.js';
import { isAllowed } from './permissions.js';
import { toOpenApi } from './to-open-api.js';

/** Largest accepted API request body (a Flow JSON document is rarely above a few hundred KB). */
export const API_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

/** Options of the API routes. */
export interface ApiRoutesOptions {
  /** The route table (default: every admin route). */
  readonly routes?: readonly ApiRoute[];
  /** Counts failed authentications per client address (default: AUTH_FAILURE_DEFAULTS). */
  readonly authFailures?: AuthFailureLimiter;
}

/**
 * The admin REST API, to mount under `/api`: `GET /openapi.json` (public) and every route of the table
 * under `/v1`, each authenticated by bearer token, checked against its permission, validated, and
 * scoped to the token's workspace.
 */
export function createApiRoutes(deps: ApiDeps, options: ApiRoutesOptions = {}): Hono {
  const routes = options.routes ?? API_ROUTES;
  const limiter = options.authFailures ?? createAuthFailureLimiter();
  const app = new Hono();
  const document = toOpenApi(routes);
  app.get('/openapi.json', (c) => c.json(document));
  for (const route of routes) {
    app.on(route.method.toUpperCase(), `/v1${toHonoPath(route.path)}`, (c) => serve(c, route, deps, limiter));
  }
  app.all('/v1/*', (c) => send(c, fail(404, 'NOT_FOUND', 'no such API route')));
  return app;
}

/** Converts `/flows/{flowId}` to Hono's `/flows/:flowId`. */
export function toHonoPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

async function serve(c: Context, route: ApiRoute, deps: ApiDeps, limiter: AuthFailureLimiter): Promise<Response> {
  try {
    // In-process calls (app.request) have no peer address and nothing to limit by.
    const address = clientAddress(c);
    const nowMs = deps.now().getTime();
    const wait = address === undefined ? undefined : limiter.retryAfterSeconds(address, nowMs);
    if (wait !== undefined) {
      return send(c, fail(429, 'TOO_MANY_AUTH_FAILURES', `too many failed authentications from this address; retry in ${wait} s`), { 'retry-after': String(wait) });
    }
    const authorization = c.req.header('authorization');
    const authenticated = await authenticateRequest(deps.storage, authorization);
    if (!authenticated.ok) {
      // Only presented credentials count: a request without any is no guess.
      if (authorization !== undefined && address !== undefined) limiter.recordFailure(address, nowMs);
      return send(c, authenticated.response);
    }
    const { auth } = authenticated;
    if (!isAllowed(auth.role, route.permission)) {
      return send(c, fail(403, 'FORBIDDEN', `the ${auth.role} role may not do this (needs ${route.permission})`, { permission: route.permission, role: auth.role }));
    }
    if (route.rawBody !== undefined) {
      // A file: the handler streams it (and counts it) itself, after the query is checked.
      const declared = Number(c.req.header('content-length'));
      const raw = { stream: c.req.raw.body, contentType: c.req.header('content-type'), contentLength: Number.isSafeInteger(declared) && declared >= 0 ? declared : undefined };
      return send(c, await route.run({ auth, params: c.req.param(), query: c.req.query(), body: undefined, raw, deps }));
    }
    const body = await readJsonBody(c);
    if (!body.ok) return send(c, body.response);
    return send(c, await route.run({ auth, params: c.req.param(), query: c.req.query(), body: body.value, deps }));
  } catch (error) {
    // Driver failures (connection lost, disk full) are not the caller's fault; their text stays in the log.
    (deps.log ?? jsonLineLogger)('error', 'api_route_failed', { route: `${route.method} ${route.path}`, error: error instanceof Error ? error.message : String(error) });
    return send(c, fail(500, 'INTERNAL', 'internal error'));
  }
}

async function readJsonBody(c: Context): Promise<{ ok: true; value: unknown } | { ok: false; response: ApiResponse }> {
  if (c.req.method === 'GET' || c.req.method === 'DELETE') return { ok: true, value: undefined };
  // Counted while it streams: a chunked body or a false Content-Length cannot make the server buffer more.
  const body = await readLimitedBody(c.req.raw, API_BODY_LIMIT_BYTES);
  if (!body.ok) return { ok: false, response: fail(413, 'BODY_TOO_LARGE', `request bodies are limited to ${API_BODY_LIMIT_BYTES} bytes`) };
  const text = new TextDecoder().decode(body.bytes);
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, response: fail(400, 'INVALID_JSON', `the body is not JSON: ${error instanceof Error ? error.message : 'parse error'}`) };
  }
}

/**
 * The peer address of the connection (never a forwarded header, which any caller can write). Behind a
 * reverse proxy every client shares the proxy's address (docs/api.md, "Limits").
 */
function clientAddress(c: Context): string | undefined {
  const env: unknown = c.env;
  const incoming = typeof env === 'object' && env !== null && 'incoming' in env ? (env as { incoming?: { socket?: { remoteAddress?: string } } }).incoming : undefined;
  return incoming?.socket?.remoteAddress;
}

function send(c: Context, response: ApiResponse, extraHeaders: Record<string, string> = {}): Response {
  if (!response.ok) {
    const headers: Record<string, string> = { ...(response.status === 401 ? { 'www-authenticate': 'Bearer' } : {}), ...extraHeaders };
    return c.json(toErrorBody(response), response.status as 400, headers);
  }
  if (response.status === 204) return c.body(null, 204);
  // A streamed body (the audit export): sent as it is produced.
  if (response.body instanceof ReadableStream) {
    return new Response(response.body as ReadableStream<Uint8Array>, { status: response.status, headers: { 'content-type': response.contentType ?? 'application/octet-stream', ...response.headers } });
  }
  if (response.contentType !== undefined && typeof response.body === 'string') {
    return c.body(response.body, response.status as 200, { 'content-type': response.contentType, ...response.headers });
  }
  return c.json(response.body, response.status as 200, response.headers);
}
