import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One object the stand-in holds. */
export interface StoredObject {
  readonly body: Buffer;
  readonly contentType: string;
}

/** A running stand-in: its endpoint, its objects by key (`bucket/key`), every request's method, path and status. */
export interface S3StandIn {
  readonly endpoint: string;
  readonly objects: Map<string, StoredObject>;
  readonly requests: { method: string; path: string; status: number }[];
  close(): Promise<void>;
}

/**
 * A test double of an S3-compatible service (outside service, so a stand-in is fair): PUT, GET and
 * DELETE Object, path-style, in memory. It checks every request's AWS Signature Version 4 the way S3
 * documents it, from the raw request (canonical request, string to sign, derived key), refuses a bad
 * one with 403 SignatureDoesNotMatch, and refuses a body whose SHA-256 is not the signed one with 400
 * XAmzContentSHA256Mismatch, as S3 does.
 */
export async function startS3StandIn(options: { accessKeyId: string; secretAccessKey: string; region: string; bucket: string }): Promise<S3StandIn> {
  const objects = new Map<string, StoredObject>();
  const requests: S3StandIn['requests'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = handle(req, Buffer.concat(chunks), res);
      requests.push({ method: req.method ?? '', path: req.url ?? '', status });
    });
  });
  const error = (res: ServerResponse, status: number, code: string): number => {
    res.writeHead(status, { 'content-type': 'application/xml' }).end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`);
    return status;
  };
  const handle = (req: IncomingMessage, body: Buffer, res: ServerResponse): number => {
    const authorization = req.headers.authorization ?? '';
    const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(authorization);
    if (match === null) return error(res, 403, 'AccessDenied');
    const [, accessKeyId, day, region, signedHeaders = '', signature = ''] = match;
    if (accessKeyId !== options.accessKeyId) return error(res, 403, 'InvalidAccessKeyId');
    const amzDate = String(req.headers['x-amz-date'] ?? '');
    if (region !== options.region || !amzDate.startsWith(day ?? '-') || !signedHeaders.split(';').includes('host')) return error(res, 403, 'SignatureDoesNotMatch');
    const [path = '/', query = ''] = (req.url ?? '/').split('?');
    const canonicalHeaders = signedHeaders.split(';').map((name) => `${name}:${String(req.headers[name] ?? '').trim()}\n`).join('');
    const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
    const canonical = [req.method, path, query.split('&').filter(Boolean).sort().join('&'), canonicalHeaders, signedHeaders, payloadHash].join('\n');
    const toSign = ['AWS4-HMAC-SHA256', amzDate, `${day}/${region}/s3/aws4_request`, createHash('sha256').update(canonical).digest('hex')].join('\n');
    const kDate = createHmac('sha256', `AWS4${options.secretAccessKey}`).update(day ?? '').digest();
    const kRegion = createHmac('sha256', kDate).update(region ?? '').digest();
    const kService = createHmac('sha256', kRegion).update('s3').digest();
    const kSigning = createHmac('sha256', kService).update('aws4_request').digest();
    const expected = createHmac('sha256', kSigning).update(toSign).digest();
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return error(res, 403, 'SignatureDoesNotMatch');
    if (createHash('sha256').update(body).digest('hex') !== payloadHash) return error(res, 400, 'XAmzContentSHA256Mismatch');
    const segments = path.split('/').slice(1).map(decodeURIComponent);
    if (segments[0] !== options.bucket || segments.length < 2) return error(res, 404, 'NoSuchBucket');
    const key = segments.join('/');
    switch (req.method) {
      case 'PUT':
        objects.set(key, { body, contentType: String(req.headers['content-type'] ?? 'binary/octet-stream') });
        res.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` }).end();
        return 200;
      case 'GET': {
        const object = objects.get(key);
        if (object === undefined) return error(res, 404, 'NoSuchKey');
        res.writeHead(200, { 'content-type': object.contentType, 'content-length': String(object.body.length) }).end(object.body);
        return 200;
      }
      case 'DELETE':
        objects.delete(key);
        res.writeHead(204).end();
        return 204;
      default:
        return error(res, 405, 'MethodNotAllowed');
    }
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    objects,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
