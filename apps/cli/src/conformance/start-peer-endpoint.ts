import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decryptRequest, encryptResponse, generateKeyPair, loadPrivateKey, verifySignature } from '@flowline/protocol';

/** A request the peer received: decrypted payload (when it could be decrypted), headers and raw body. */
export interface PeerRequest {
  readonly payload: unknown;
  readonly headers: IncomingHttpHeaders;
}

/** A decrypted answer and its HTTP status. */
export interface PeerAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** How the peer answers and which requests must be signed. */
export interface PeerOptions {
  /** Answers a decrypted request received on a URL path. */
  readonly answer: (request: unknown, path: string) => PeerAnswer;
  /** App secret required (`X-Hub-Signature-256`) on every path, or only on the paths it returns one for. */
  readonly appSecret?: string | ((path: string) => string | undefined);
  /** Path of the URL reported back (default `/endpoint`). */
  readonly path?: string;
}

/** The running peer: its URL, the public key to encrypt for, what it received, and how to stop it. */
export interface PeerEndpoint {
  readonly url: string;
  readonly publicKeyPem: string;
  readonly received: PeerRequest[];
  close(): Promise<void>;
}

const PASSPHRASE = 'flowline-peer';

/**
 * Starts a data endpoint on 127.0.0.1 with a freshly generated RSA-2048 key pair, built on the
 * envelope of @flowline/protocol: 432 when an app secret applies and the signature is missing or
 * wrong, 421 when the envelope cannot be decrypted (empty body, as Meta's example), else the
 * encrypted answer.
 */
export async function startPeerEndpoint(options: PeerOptions): Promise<PeerEndpoint> {
  const keys = generateKeyPair({ passphrase: PASSPHRASE });
  const privateKey = loadPrivateKey(keys.privateKeyPem, PASSPHRASE);
  const received: PeerRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const path = new URL(req.url ?? '/', 'http://peer').pathname;
      const secret = typeof options.appSecret === 'function' ? options.appSecret(path) : options.appSecret;
      if (secret !== undefined) {
        try {
          verifySignature(raw, req.headers['x-hub-signature-256'], secret);
        } catch {
          res.writeHead(432).end();
          return;
        }
      }
      let decrypted: ReturnType<typeof decryptRequest>;
      try {
        decrypted = decryptRequest(raw.toString('utf8'), privateKey);
      } catch {
        res.writeHead(421).end();
        return;
      }
      received.push({ payload: decrypted.payload, headers: req.headers });
      const answer = options.answer(decrypted.payload, path);
      res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(encryptResponse(answer.body, decrypted.aesKey, decrypted.iv));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? (address satisfies AddressInfo).port : 0;
  return {
    url: `http://127.0.0.1:${port}${options.path ?? '/endpoint'}`,
    publicKeyPem: keys.publicKeyPem,
    received,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
