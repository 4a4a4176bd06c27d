import { lookup as dnsLookup } from 'node:dns';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isRefusedAddress, type PrivateHttpPolicy } from './is-refused-address.js';

/** The answer of an outbound POST, or why there was none. */
export type PostResult =
  | { readonly ok: true; readonly status: number; readonly headers: IncomingHttpHeaders; readonly body: string }
  | { readonly ok: false; readonly kind: 'refused' | 'invalid_url' | 'timeout' | 'network'; readonly error: string };

/** Options of one outbound POST. */
export interface PostOptions {
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly privateHttp: PrivateHttpPolicy;
  /** Longest response body kept (default 16 KiB); the rest is drained. */
  readonly maxResponseBytes?: number;
  /** The method (default POST); GET and DELETE send no body (Graph API reads and deletes use them). */
  readonly method?: 'POST' | 'GET' | 'DELETE';
}

/**
 * POSTs a body to an http(s) URL without throwing. Every address the host resolves to is checked
 * against the private-address policy, and the connection goes to a checked address (so a DNS answer
 * cannot change between check and connect); one deadline covers DNS, connect, upload and response.
 */
export function postJson(url: string, body: string, options: PostOptions): Promise<PostResult> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve({ ok: false, kind: 'invalid_url', error: 'the URL does not parse' });
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return Promise.resolve({ ok: false, kind: 'invalid_url', error: `protocol ${target.protocol} is not allowed` });
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) {
    const refused = isRefusedAddress(host, options.privateHttp);
    if (refused !== undefined) return Promise.resolve({ ok: false, kind: 'refused', error: refused });
  }
  let refusal: string | undefined;
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { all: true, ...(lookupOptions.family === undefined ? {} : { family: lookupOptions.family }) }, (error, addresses) => {
      if (error !== null) return callback(error, '', 0);
      const bad = addresses.map((a) => isRefusedAddress(a.address, options.privateHttp)).find((r) => r !== undefined);
      if (bad !== undefined || addresses.length === 0) {
        refusal = bad === undefined ? `${hostname} resolves to no address` : `${hostname} resolves to ${bad}`;
        return callback(Object.assign(new Error(refusal), { code: 'ERR_FLOWLINE_REFUSED_ADDRESS' }), '', 0);
      }
      if (lookupOptions.all === true) return callback(null, addresses);
      const first = addresses[0];
      return first === undefined ? callback(new Error('no address'), '', 0) : callback(null, first.address, first.family);
    });
  };
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const maxBytes = options.maxResponseBytes ?? 16 * 1024;
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (result: PostResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const method = options.method ?? 'POST';
    const payload = method === 'POST' ? body : '';
    const framing = method === 'POST' ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {};
    const req = send(target, { method, lookup, headers: { ...framing, ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        if (size < maxBytes) chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => finish({ ok: true, status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8').slice(0, maxBytes) }));
      res.on('error', (error) => finish({ ok: false, kind: 'network', error: error.message }));
    });
    const timer = setTimeout(() => {
      finish({ ok: false, kind: 'timeout', error: `no response within ${options.timeoutMs} ms` });
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (error) => finish(refusal === undefined ? { ok: false, kind: 'network', error: error.message } : { ok: false, kind: 'refused', error: refusal }));
    req.end(payload);
  });
}
