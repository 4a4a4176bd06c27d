import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logging/logger.js';
import type { HttpArea, ServerMetrics } from '../metrics/server-metrics.js';

/** The header carrying a request's id: taken from the proxy when well-formed, else made here; always answered. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** A request id from outside is kept only when it is short and plain (it ends up in logs). */
const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

const requestIds = new AsyncLocalStorage<string>();

/** The id of the request being served (undefined outside one): the JSON-line logger adds it to every line. */
export function currentRequestId(): string | undefined {
  return requestIds.getStore();
}

/** Which part of the server a path belongs to (a metrics label: a handful of values, never the path). */
export function httpArea(path: string): HttpArea {
  if (path.startsWith('/webhooks/')) return 'webhook';
  if (path.startsWith('/api/')) return 'api';
  if (path === '/healthz' || path === '/readyz') return 'probe';
  if (path.startsWith('/endpoint/')) return 'other';
  return 'studio';
}

/**
 * Every request the Hono app serves (all but the data endpoint, whose requests are traced instead):
 * gives it a request id (answered in `x-request-id`, added to every log line written while serving it),
 * counts it in the metrics by area and status, and logs one `http.request` line (method, path without
 * the query string, which may carry a verify token, status, milliseconds). Probes are not logged.
 */
export function requestContext(metrics: ServerMetrics, log: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    const offered = c.req.header(REQUEST_ID_HEADER);
    const id = offered !== undefined && ACCEPTED_REQUEST_ID.test(offered) ? offered : randomUUID();
    await requestIds.run(id, next);
    c.header(REQUEST_ID_HEADER, id);
    const ms = performance.now() - started;
    const area = httpArea(c.req.path);
    metrics.observeHttp(area, c.res.status, ms / 1000);
    if (area !== 'probe') log('info', 'http.request', { requestId: id, method: c.req.method, path: c.req.path.slice(0, 256), status: c.res.status, ms: Math.round(ms * 10) / 10 });
  };
}
