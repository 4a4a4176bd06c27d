import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertMediaKey, type MediaStore } from './media-store.js';
import { awsUriEncode, EMPTY_SHA256, signAwsV4 } from './sign-aws-v4.js';

/** An S3-compatible bucket (FLOWLINE_MEDIA_S3_*): AWS S3, MinIO, Cloudflare R2, Backblaze B2, Garage… */
export interface S3MediaStoreConfig {
  /** Base URL of the service, e.g. `https://s3.eu-west-1.amazonaws.com` or `http://minio:9000`; objects are addressed path-style. */
  readonly endpoint: string;
  readonly bucket: string;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Optional prefix of every key (e.g. `flowline/`). */
  readonly prefix?: string;
  /** Deadline of one request before its body (default 30 s). */
  readonly timeoutMs?: number;
}

/**
 * The media store on an S3-compatible bucket, spoken directly (PUT, GET and DELETE Object, path-style,
 * AWS Signature Version 4): no SDK. A PUT streams the verified file from the scratch folder and signs
 * its SHA-256, already known from the verification, so the bucket checks the bytes too. The endpoint is
 * the operator's configuration (like DATABASE_URL), not an address from input, so it does not go
 * through the outbound address guard, which exists for URLs that customers and Flow authors supply.
 */
export function createS3MediaStore(config: S3MediaStoreConfig, scratchDir: string, now: () => Date = () => new Date()): MediaStore {
  const base = new URL(config.endpoint);
  const credentials = { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey, region: config.region, service: 's3' };
  const timeoutMs = config.timeoutMs ?? 30_000;
  const urlOf = (key: string): URL => {
    assertMediaKey(key);
    const path = [config.bucket, ...`${config.prefix ?? ''}${key}`.split('/')].map(awsUriEncode).join('/');
    return new URL(`${base.pathname.replace(/\/$/, '')}/${path}`, base);
  };
  const send = (method: string, url: URL, headers: Record<string, string>, body?: Readable): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method, headers, timeout: timeoutMs }, resolve);
      req.on('timeout', () => req.destroy(new Error(`S3 ${method} got no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      if (body === undefined) req.end();
      else pipeline(body, req).catch(reject);
    });
  const drain = async (res: IncomingMessage): Promise<string> => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res) {
      // Error bodies are small XML documents; keep the first few KiB for the message.
      if (size < 4096) chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    return Buffer.concat(chunks).toString('utf8').slice(0, 4096);
  };
  const failure = async (what: string, res: IncomingMessage): Promise<Error> => {
    const text = await drain(res);
    const code = /<Code>([^<]{1,100})<\/Code>/.exec(text)?.[1];
    return new Error(`S3 ${what} answered ${res.statusCode ?? 0}${code === undefined ? '' : ` ${code}`}`);
  };
  return {
    kind: 's3',
    scratchDir,
    async put(key, path, info) {
      const url = urlOf(key);
      const headers = signAwsV4(credentials, { method: 'PUT', url, headers: { 'content-type': info.contentType, 'content-length': String(info.size) }, payloadSha256: info.sha256, now: now() });
      const res = await send('PUT', url, headers, createReadStream(path));
      if (res.statusCode !== 200) throw await failure('PUT', res);
      await drain(res);
      await rm(path, { force: true });
    },
    async get(key) {
      const url = urlOf(key);
      const res = await send('GET', url, signAwsV4(credentials, { method: 'GET', url, payloadSha256: EMPTY_SHA256, now: now() }));
      if (res.statusCode === 404) {
        await drain(res);
        return undefined;
      }
      if (res.statusCode !== 200) throw await failure('GET', res);
      return { body: res, size: Number(res.headers['content-length'] ?? 0) };
    },
    async delete(key) {
      const url = urlOf(key);
      const res = await send('DELETE', url, signAwsV4(credentials, { method: 'DELETE', url, payloadSha256: EMPTY_SHA256, now: now() }));
      // S3 answers 204 whether or not the object existed.
      if (res.statusCode !== 204 && res.statusCode !== 200 && res.statusCode !== 404) throw await failure('DELETE', res);
      await drain(res);
    },
  };
}
