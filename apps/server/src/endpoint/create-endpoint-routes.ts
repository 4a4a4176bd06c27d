import { PROTOCOL_ERROR_HTTP_STATUS } from '@flowline/protocol';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { EndpointRuntime } from './endpoint-runtime.js';
import { handleEndpointRequest, PREVIEW_HEADER } from './handle-endpoint-request.js';
import { clipTraceText, emptyTraceFields, TRACE_TEXT_LIMITS } from './trace/trace-record.js';

/**
 * `POST /endpoint/:flowId` as Hono routes (raw body kept for the signature; bodies over the limit get
 * 413 before they are read in full). The production listener answers the same requests without Hono
 * (create-endpoint-listener); these routes serve in-process tests and any request that reaches the app.
 */
export function createEndpointRoutes(runtime: EndpointRuntime, bodyLimitBytes: number): Hono {
  const app = new Hono();
  app.post(
    '/endpoint/:flowId',
    bodyLimit({
      maxSize: bodyLimitBytes,
      onError: (c) => {
        runtime.trace.record({
          ...emptyTraceFields, at: runtime.now(), flowId: clipTraceText(c.req.param('flowId') ?? '', TRACE_TEXT_LIMITS.flowId), status: PROTOCOL_ERROR_HTTP_STATUS.ERR_ENVELOPE_TOO_LARGE, latencyMs: 0, outcome: 'rejected', errorCode: 'ERR_ENVELOPE_TOO_LARGE',
        });
        return c.json({ error: 'request too large' }, 413);
      },
    }),
    async (c) => {
      const rawBody = Buffer.from(await c.req.arrayBuffer());
      const response = await handleEndpointRequest(runtime, c.req.param('flowId'), rawBody, c.req.header('x-hub-signature-256'), c.req.header(PREVIEW_HEADER));
      return c.body(response.body, response.status as 200, { 'content-type': response.contentType });
    },
  );
  return app;
}
