import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the stand-in received. */
export interface RecordedGraphRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

/** A canned failure for the next requests: HTTP status and Graph error body. */
export interface GraphFailureReply {
  readonly status: number;
  readonly body: unknown;
}

/** A loopback stand-in for the Graph API: records requests and answers like `POST /{phone}/messages`. */
export interface GraphStandIn {
  /** e.g. `http://127.0.0.1:PORT` — use as the Graph base URL. */
  readonly baseUrl: string;
  readonly requests: RecordedGraphRequest[];
  /** Makes the next request(s) fail with this reply (a queue, first in first out). */
  failNext(reply: GraphFailureReply): void;
  close(): Promise<void>;
}

/** Starts the stand-in on a free loopback port. */
export async function startGraphStandIn(): Promise<GraphStandIn> {
  const requests: RecordedGraphRequest[] = [];
  const failures: GraphFailureReply[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text === '' ? undefined : (JSON.parse(text) as unknown);
      } catch {
        // keep the raw text: the test will see what was sent
      }
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      const failure = failures.shift();
      res.setHeader('content-type', 'application/json');
      if (failure !== undefined) {
        res.statusCode = failure.status;
        res.end(JSON.stringify(failure.body));
        return;
      }
      if (req.method === 'POST' && /\/messages$/.test(req.url ?? '')) {
        const to = typeof body === 'object' && body !== null && 'to' in body && typeof body.to === 'string' ? body.to : '';
        const id = `wamid.${randomBytes(18).toString('base64')}`;
        res.end(JSON.stringify({ messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to.replace(/^\+/, '') }], messages: [{ id }] }));
        return;
      }
      res.statusCode = 404;
      res.end(JSON.stringify({ error: { message: 'Unknown path components', type: 'OAuthException', code: 2500 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    failNext: (reply) => failures.push(reply),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
