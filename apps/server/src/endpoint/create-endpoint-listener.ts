import type { IncomingMessage, ServerResponse } from 'node:http';
import { PROTOCOL_ERROR_HTTP_STATUS } from '@flowline/protocol';
import { clipTraceText, emptyTraceFields, TRACE_TEXT_LIMITS } from './trace/trace-record.js';
import type { EndpointRuntime } from './endpoint-runtime.js';
import { handleEndpointRequest, PREVIEW_HEADER } from './handle-endpoint-request.js';

const PREFIX = '/endpoint/';

/**
 * A Node request listener that serves `POST /endpoint/{flowId}` straight from the socket (raw body
 * bytes, limit enforced while reading) and hands every other request to `next` (the Hono app).
 * It skips the Web Request/Response conversion on the hot path; the answers are the same as the app's.
 * No request may end the process: a Flow id that is not valid percent-encoding gets 400, and anything
 * thrown while serving a request (synchronously, in a body event or in the answer) is answered 500
 * for that request alone.
 */
export function createEndpointListener(
  runtime: EndpointRuntime,
  bodyLimitBytes: number,
  next: (req: IncomingMessage, res: ServerResponse) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    try {
      serve(runtime, bodyLimitBytes, next, req, res);
    } catch (error) {
      failed(runtime, req, res, error);
    }
  };
}

function serve(runtime: EndpointRuntime, bodyLimitBytes: number, next: (req: IncomingMessage, res: ServerResponse) => void, req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? '';
  if (req.method !== 'POST' || !url.startsWith(PREFIX)) return next(req, res);
  const query = url.indexOf('?');
  const flowId = decodeFlowId(url.slice(PREFIX.length, query === -1 ? undefined : query));
  if (flowId === undefined) return malformedFlowId(runtime, req, res);
  if (flowId === '' || flowId.includes('/')) return next(req, res);
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > bodyLimitBytes) return tooLarge(runtime, flowId, req, res);
  const chunks: Buffer[] = [];
  let size = 0;
  let aborted = false;
  req.on('data', (chunk: Buffer) => {
    try {
      size += chunk.length;
      if (size > bodyLimitBytes && !aborted) {
        aborted = true;
        tooLarge(runtime, flowId, req, res);
        return;
      }
      if (!aborted) chunks.push(chunk);
    } catch (error) {
      aborted = true;
      failed(runtime, req, res, error);
    }
  });
  req.on('error', () => {
    aborted = true;
  });
  req.on('end', () => {
    if (aborted) return;
    try {
      const signature = req.headers['x-hub-signature-256'];
      const preview = req.headers[PREVIEW_HEADER];
      const body = chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks);
      handleEndpointRequest(runtime, flowId, body, Array.isArray(signature) ? signature[0] : signature, Array.isArray(preview) ? preview[0] : preview).then(
        (answer) => {
          try {
            res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': Buffer.byteLength(answer.body) });
            res.end(answer.body);
          } catch (error) {
            failed(runtime, req, res, error);
          }
        },
        (error: unknown) => failed(runtime, req, res, error),
      );
    } catch (error) {
      failed(runtime, req, res, error);
    }
  });
}

/** The Flow id of the path, percent-decoded; undefined when it is not valid percent-encoding (`%`, `%zz`, a broken UTF-8 sequence). */
function decodeFlowId(raw: string): string | undefined {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

function malformedFlowId(runtime: EndpointRuntime, req: IncomingMessage, res: ServerResponse): void {
  const status = PROTOCOL_ERROR_HTTP_STATUS.ERR_REQUEST_MALFORMED;
  // Not a Flow id at all: traced (within the rejection budget) under an empty id.
  runtime.trace.record({ ...emptyTraceFields, at: runtime.now(), flowId: '', status, latencyMs: 0, outcome: 'rejected', errorCode: 'ERR_REQUEST_MALFORMED' });
  answerAndClose(req, res, status, '{"error":"malformed flow id"}');
}

function tooLarge(runtime: EndpointRuntime, flowId: string, req: IncomingMessage, res: ServerResponse): void {
  const status = PROTOCOL_ERROR_HTTP_STATUS.ERR_ENVELOPE_TOO_LARGE;
  runtime.trace.record({ ...emptyTraceFields, at: runtime.now(), flowId: clipTraceText(flowId, TRACE_TEXT_LIMITS.flowId), status, latencyMs: 0, outcome: 'rejected', errorCode: 'ERR_ENVELOPE_TOO_LARGE' });
  answerAndClose(req, res, status, '{"error":"request too large"}');
}

/** Answers before the body is read: the connection is closed after the answer, the rest of the body is discarded. */
function answerAndClose(req: IncomingMessage, res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body);
  req.resume();
}

/**
 * The last resort: something threw while serving this request (a bug, never the request's fault
 * alone). It is logged without request data and answered 500; the process and other requests go on.
 */
function failed(runtime: EndpointRuntime, req: IncomingMessage, res: ServerResponse, error: unknown): void {
  try {
    runtime.log('error', 'endpoint.listener_failed', { error: error instanceof Error ? error.name : typeof error });
  } catch {
    // A failing logger must not turn a 500 into a dead process either.
  }
  try {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    answerAndClose(req, res, 500, '{"error":"internal error"}');
  } catch {
    res.destroy();
  }
}
