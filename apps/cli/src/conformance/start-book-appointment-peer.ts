import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decryptRequest, encryptResponse, generateKeyPair, loadPrivateKey, verifySignature } from '@flowline/protocol';
import { answerBookAppointment } from './answer-book-appointment.js';

/** A request the peer received: decrypted payload (when it could be decrypted), headers and raw body. */
export interface PeerRequest {
  readonly payload: unknown;
  readonly headers: IncomingHttpHeaders;
}

/** The running peer: its URL, the public key to encrypt for, what it received, and how to stop it. */
export interface BookAppointmentPeer {
  readonly url: string;
  readonly publicKeyPem: string;
  readonly received: PeerRequest[];
  close(): Promise<void>;
}

const PASSPHRASE = 'book-appointment-peer';

/**
 * Starts the book-appointment peer on 127.0.0.1 with a freshly generated RSA-2048 key pair:
 * 432 when an app secret is set and the signature is missing or wrong, 421 when the envelope
 * cannot be decrypted (empty body, as Meta's example), else the encrypted answer.
 */
export async function startBookAppointmentPeer(options: { appSecret?: string } = {}): Promise<BookAppointmentPeer> {
  const keys = generateKeyPair({ passphrase: PASSPHRASE });
  const privateKey = loadPrivateKey(keys.privateKeyPem, PASSPHRASE);
  const received: PeerRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (options.appSecret !== undefined) {
        try {
          verifySignature(raw, req.headers['x-hub-signature-256'], options.appSecret);
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
      const answer = answerBookAppointment(decrypted.payload);
      res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(encryptResponse(answer.body, decrypted.aesKey, decrypted.iv));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? (address satisfies AddressInfo).port : 0;
  return {
    url: `http://127.0.0.1:${port}/book-appointment`,
    publicKeyPem: keys.publicKeyPem,
    received,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
