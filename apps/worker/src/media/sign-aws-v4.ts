import { createHash, createHmac } from 'node:crypto';

/** The credentials and place of an AWS Signature Version 4 signature. */
export interface AwsV4Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
  /** `s3` for S3-compatible stores. */
  readonly service: string;
}

/** One request to sign: method, full URL, headers to sign and the hex SHA-256 of the body. */
export interface AwsV4Request {
  readonly method: string;
  readonly url: URL;
  /** Headers signed besides `host`, `x-amz-date` and `x-amz-content-sha256` (e.g. `content-type`, `range`). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly payloadSha256: string;
  readonly now: Date;
}

/** SHA-256 (hex) of an empty body: what a GET or DELETE signs. */
export const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

/**
 * Signs a request with AWS Signature Version 4 (the header form, as S3 documents it: canonical
 * request, string to sign, a signing key derived per day, region and service). Returns every header
 * the request must carry, `authorization` included. Path segments are encoded once, as S3 expects.
 */
export function signAwsV4(credentials: AwsV4Credentials, request: AwsV4Request): Record<string, string> {
  const amzDate = request.now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    host: request.url.host,
    'x-amz-content-sha256': request.payloadSha256,
    'x-amz-date': amzDate,
  };
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value.trim().replace(/\s+/g, ' ');
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  const canonical = [
    request.method.toUpperCase(),
    canonicalPath(request.url.pathname),
    canonicalQuery(request.url.searchParams),
    names.map((name) => `${name}:${headers[name] ?? ''}\n`).join(''),
    signedHeaders,
    request.payloadSha256,
  ].join('\n');
  const scope = `${day}/${credentials.region}/${credentials.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  let key: Buffer = hmac(`AWS4${credentials.secretAccessKey}`, day);
  for (const part of [credentials.region, credentials.service, 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  return { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}` };
}

/** RFC 3986 encoding of one path segment or query part, as SigV4 requires (unreserved characters stay). */
export function awsUriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalPath(pathname: string): string {
  return pathname.split('/').map((segment) => awsUriEncode(decodeURIComponent(segment))).join('/') || '/';
}

function canonicalQuery(params: URLSearchParams): string {
  return [...params.entries()].map(([k, v]) => [awsUriEncode(k), awsUriEncode(v)] as const).sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join('&');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
