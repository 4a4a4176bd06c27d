import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decryptRequest } from '../decrypt-request.js';
import { encryptResponse } from '../encrypt-response.js';

/** What the test endpoint answers: an HTTP status and a body, encrypted like a real endpoint unless `plain`. */
export interface TestAnswer {
  readonly status?: number;
  readonly body?: unknown;
  readonly plain?: boolean;
}

/** A request the test endpoint received, decrypted. */
export interface ReceivedRequest {
  readonly payload: unknown;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
}

/** A real HTTP data endpoint on 127.0.0.1 using the server side of @flowline/protocol. */
export interface TestEndpoint {
  readonly url: string;
  readonly publicKeyPem: string;
  readonly received: ReceivedRequest[];
  close(): Promise<void>;
}

/** A fresh RSA-2048 key pair (public SPKI PEM, private KeyObject). */
export function generateTestKeys(): { publicKeyPem: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey };
}

/** Starts an endpoint that decrypts each request and answers with `answer(payload, index)`; undecryptable → 421. */
export async function startTestEndpoint(
  answer: (payload: unknown, index: number) => TestAnswer,
  keys = generateTestKeys(),
): Promise<TestEndpoint> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      let decrypted: ReturnType<typeof decryptRequest>;
      try {
        decrypted = decryptRequest(JSON.parse(raw), keys.privateKey);
      } catch {
        res.writeHead(421).end();
        return;
      }
      received.push({ payload: decrypted.payload, headers: req.headers, rawBody: raw });
      const a = answer(decrypted.payload, received.length - 1);
      const body = a.body === undefined ? '' : a.plain === true ? JSON.stringify(a.body) : encryptResponse(a.body, decrypted.aesKey, decrypted.iv);
      res.writeHead(a.status ?? 200, { 'content-type': a.plain === true ? 'application/json' : 'text/plain' }).end(body);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/endpoint/test`,
    publicKeyPem: keys.publicKeyPem,
    received,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
