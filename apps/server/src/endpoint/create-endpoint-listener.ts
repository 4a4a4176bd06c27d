import type { IncomingMessage, ServerResponse } from 'node:http';
import { PROTOCOL_ERROR_HTTP_STATUS } from '@flowline/protocol';
import { emptyTraceFields } from '../trace/trace-record.js';
import type { EndpointRuntime } from './endpoint-runtime.js';
import { handleEndpointRequest, PREVIEW_HEADER } from './handle-endpoint-request.js';

const PREFIX = '/endpoint/';

/**
 * A Node request listener that serves `POST /endpoint/{flowId}` straight from the socket (raw body
 * bytes, limit enforced while reading) and hands every other request to `next` (the Hono app).
 * It skips the Web Request/Response conversion on the hot path; the answers are the same as the app's.
 */
export function createEndpointListener(
  runtime: EndpointRuntime,
  bodyLimitBytes: number,
  next: (req: IncomingMessage, res: ServerResponse) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const url = req.url ?? '';
    if (req.method !== 'POST' || !url.startsWith(PREFIX)) return next(req, res);
    const query = url.indexOf('?');
    const flowId = decodeURIComponent(url.slice(PREFIX.length, query === -1 ? undefined : query));
    if (flowId === '' || flowId.includes('/')) return next(req, res);
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > bodyLimitBytes) return tooLarge(runtime, flowId, res);
    const chunks: Buffer[] = [];
    let size = 0;
    let aborted = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > bodyLimitBytes && !aborted) {
        aborted = true;
        tooLarge(runtime, flowId, res);
        req.resume();
        return;
      }
      if (!aborted) chunks.push(chunk);
    });
    req.on('error', () => {
      aborted = true;
    });
    req.on('end', () => {
      if (aborted) return;
      const signature = req.headers['x-hub-signature-256'];
      const preview = req.headers[PREVIEW_HEADER];
      const body = chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks);
      void handleEndpointRequest(runtime, flowId, body, Array.isArray(signature) ? signature[0] : signature, Array.isArray(preview) ? preview[0] : preview).then((answer) => {
        res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': Buffer.byteLength(answer.body) });
        res.end(answer.body);
      });
    });
  };
}

function tooLarge(runtime: EndpointRuntime, flowId: string, res: ServerResponse): void {
  const status = PROTOCOL_ERROR_HTTP_STATUS.ERR_ENVELOPE_TOO_LARGE;
  runtime.trace.record({ ...emptyTraceFields, at: runtime.now(), flowId, status, latencyMs: 0, outcome: 'rejected', errorCode: 'ERR_ENVELOPE_TOO_LARGE' });
  const body = '{"error":"request too large"}';
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body);
}
