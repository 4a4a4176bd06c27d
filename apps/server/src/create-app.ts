import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { EndpointRuntime } from './endpoint/endpoint-runtime.js';
import { handleEndpointRequest } from './endpoint/handle-endpoint-request.js';

/** Options of the HTTP app. */
export interface AppOptions {
  readonly bodyLimitBytes: number;
}

/**
 * The server's HTTP routes: `POST /endpoint/:flowId` (the data endpoint, raw body kept for the
 * signature) and `GET /healthz`. Bodies over the limit get 413 before they are read in full.
 */
export function createApp(runtime: EndpointRuntime, options: AppOptions): Hono {
  const app = new Hono();
  app.get('/healthz', (c) => c.json({ status: 'ok', flows: runtime.flows.ids().length }));
  app.post(
    '/endpoint/:flowId',
    bodyLimit({
      maxSize: options.bodyLimitBytes,
      onError: (c) => {
        runtime.trace.record({
          at: runtime.now(), flowId: c.req.param('flowId') ?? '', action: undefined, screen: undefined, nextScreen: undefined,
          status: 413, latencyMs: 0, outcome: 'rejected', errorCode: 'ERR_ENVELOPE_TOO_LARGE', handlerError: undefined,
          fallbackUsed: false, tokenHash: undefined, dataKeys: [], clientError: undefined,
        });
        return c.json({ error: 'request too large' }, 413);
      },
    }),
    async (c) => {
      const rawBody = Buffer.from(await c.req.arrayBuffer());
      const response = await handleEndpointRequest(runtime, c.req.param('flowId'), rawBody, c.req.header('x-hub-signature-256'));
      return c.body(response.body, response.status as 200, { 'content-type': response.contentType });
    },
  );
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((_error, c) => c.json({ error: 'internal error' }, 500));
  return app;
}
