import { Hono } from 'hono';
import { createApiRoutes } from './admin/api/create-api-routes.js';
import { createEndpointRoutes } from './endpoint/create-endpoint-routes.js';
import { errorBody } from './http/error-body.js';
import { requestContext } from './http/request-context.js';
import { securityHeaders } from './http/security-headers.js';
import type { ServerContext } from './server-context.js';
import { createStudioRoutes } from './admin/studio/create-studio-routes.js';

/**
 * The server's HTTP routes: `GET /healthz` (alive), `GET /readyz` (ready for traffic: 200, or 503 with
 * the failing checks), `POST /endpoint/:flowId` (the data endpoint) and the
 * routes other parts mount here (one line each: `app.route('/', createXRoutes(context))`).
 */
export function createApp(context: ServerContext): Hono {
  const app = new Hono();
  app.use('*', requestContext(context.metrics, context.log));
  app.use('*', securityHeaders());
  app.get('/healthz', (c) => c.json({ status: 'ok', flows: context.endpoint.flows.ids().length }));
  app.get('/readyz', async (c) => {
    const report = await context.readiness.check();
    return c.json({ status: report.ready ? 'ready' : 'not ready', checks: report.checks }, report.ready ? 200 : 503);
  });
  app.route('/', createEndpointRoutes(context.endpoint, context.config.bodyLimitBytes));
  app.route('/api', createApiRoutes(context));
  if (context.webhookRoutes !== undefined) app.route('/', context.webhookRoutes);
  app.route('/', createStudioRoutes());
  // The data endpoint's paths keep the bare `{error}` bodies of its protocol; every other path answers the one error body.
  app.notFound((c) => c.json(isEndpointPath(c.req.path) ? { error: 'not found' } : errorBody('NOT_FOUND', 'not found'), 404));
  app.onError((_error, c) => c.json(isEndpointPath(c.req.path) ? { error: 'internal error' } : errorBody('INTERNAL', 'internal error'), 500));
  return app;
}

function isEndpointPath(path: string): boolean {
  return path === '/endpoint' || path.startsWith('/endpoint/');
}
