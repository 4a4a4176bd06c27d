import { lookup as dnsLookup } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Writable } from 'node:stream';
import { allowsLoopback, isAllowedHost, isRefusedAddress, type PrivateHttpPolicy } from './is-refused-address.js';

/** One outbound HTTP request, through the address guard. */
export interface OutboundRequest {
  readonly url: string;
  /** Default `GET`. */
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  /** Which non-public destinations may be reached (FLOWLINE_ALLOW_PRIVATE_HTTP). */
  readonly privateHttp: PrivateHttpPolicy;
  /** One deadline for everything: every DNS lookup, connect, upload, redirect hop and the response body. */
  readonly timeoutMs: number;
  /** Longest response body kept (default 1 MiB); reading stops there and the result says `truncated`. */
  readonly maxResponseBytes?: number;
  /** Redirects followed, each hop checked like the first (default 0: a 3xx is returned as the answer). */
  readonly maxRedirects?: number;
  readonly signal?: AbortSignal;
  /**
   * Where a 2xx answer's body goes instead of memory (large downloads): written as it arrives, with
   * backpressure, bounded by `maxResponseBytes` (beyond it the sink is destroyed and the result says
   * `truncated`); the result's `body` is then empty and comes once the sink finished. A sink that fails
   * makes the result a `network` failure; its own error stays on the sink (`writable.errored`).
   */
  readonly sink?: Writable;
}

/** Why an outbound request has no answer. */
export type OutboundFailureKind = 'refused' | 'invalid_url' | 'timeout' | 'aborted' | 'redirects' | 'network';

/** The answer of an outbound request (of its last hop), or why there was none. Never thrown. */
export type OutboundResult =
  | { readonly ok: true; readonly status: number; readonly headers: IncomingHttpHeaders; readonly body: Buffer; readonly truncated: boolean; readonly url: string }
  | { readonly ok: false; readonly kind: OutboundFailureKind; readonly error: string };

const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
/** Most bytes kept of a non-2xx answer to a request with a sink (its body is only read for the error). */
const SINK_ERROR_BODY_BYTES = 64 * 1024;
// Headers that carry credentials for the first origin only (as fetch does on a cross-origin redirect).
const ORIGIN_BOUND_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/**
 * Sends one HTTP(S) request through the address guard, the one way Flowline's server and worker reach
 * other hosts. Each hop's host is checked: an address literal directly, a name by resolving it and
 * checking every address, and the socket connects to an address that was checked (the resolved
 * address is pinned for the connection, so DNS cannot answer differently between check and connect).
 * Redirects are followed by hand only when asked, each hop checked again. Never throws.
 */
export async function sendOutbound(request: OutboundRequest): Promise<OutboundResult> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return { ok: false, kind: 'invalid_url', error: 'the URL does not parse' };
  }
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new OutboundAbort('timeout', `no response within ${request.timeoutMs} ms`)), request.timeoutMs);
  const onAbort = (): void => deadline.abort(new OutboundAbort('aborted', 'the request was aborted'));
  if (request.signal?.aborted === true) onAbort();
  request.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let method = (request.method ?? 'GET').toUpperCase();
    let headers: Record<string, string> = lowerCaseKeys(request.headers ?? {});
    let body = request.body;
    const maxRedirects = request.maxRedirects ?? 0;
    for (let hop = 0; ; hop += 1) {
      const result = await sendHop(url, { method, headers, body, policy: request.privateHttp, signal: deadline.signal, maxBytes: request.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, sink: request.sink });
      if (!result.ok || maxRedirects === 0 || !isRedirect(result.status) || result.headers.location === undefined) return result;
      if (hop >= maxRedirects) return { ok: false, kind: 'redirects', error: `more than ${maxRedirects} redirects` };
      let next: URL;
      try {
        next = new URL(result.headers.location, url);
      } catch {
        return { ok: false, kind: 'invalid_url', error: 'the redirect location does not parse' };
      }
      if (next.origin !== url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !ORIGIN_BOUND_HEADERS.includes(name)));
      if (result.status === 303 || ((result.status === 301 || result.status === 302) && method === 'POST')) {
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = undefined;
        headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'content-type' && name !== 'content-length'));
      }
      url = next;
    }
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
  }
}

class OutboundAbort extends Error {
  constructor(readonly kind: 'timeout' | 'aborted', message: string) {
    super(message);
  }
}

interface Hop {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array | undefined;
  readonly policy: PrivateHttpPolicy;
  readonly signal: AbortSignal;
  readonly maxBytes: number;
  readonly sink: Writable | undefined;
}

function sendHop(url: URL, hop: Hop): Promise<OutboundResult> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.resolve({ ok: false, kind: 'invalid_url', error: `protocol ${url.protocol} is not allowed` });
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const refused = refuseHost(host, hop.policy);
  if (refused !== undefined) return Promise.resolve({ ok: false, kind: 'refused', error: refused });
  if (hop.signal.aborted) return Promise.resolve(abortResult(hop.signal));
  let refusal: string | undefined;
  const lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, ...(options.family === undefined ? {} : { family: options.family }) }, (error, addresses) => {
      if (error !== null) return callback(error, '', 0);
      const bad = isAllowedHost(host, hop.policy) ? undefined : addresses.map((a) => isRefusedAddress(a.address, hop.policy)).find((r) => r !== undefined);
      const first = addresses[0];
      if (bad !== undefined || first === undefined) {
        refusal = bad === undefined ? `${hostname} resolves to no address` : `${hostname} resolves to ${bad}`;
        return callback(Object.assign(new Error(refusal), { code: 'ERR_FLOWLINE_REFUSED_ADDRESS' }), '', 0);
      }
      // The socket connects to exactly these checked addresses; nothing resolves the name again.
      if (options.all === true) return callback(null, addresses);
      return callback(null, first.address, first.family);
    });
  };
  const secure = url.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  const contentLength = hop.body === undefined ? {} : { 'content-length': String(typeof hop.body === 'string' ? Buffer.byteLength(hop.body) : hop.body.byteLength) };
  return new Promise<OutboundResult>((resolve) => {
    let settled = false;
    const finish = (result: OutboundResult): void => {
      if (settled) return;
      settled = true;
      hop.signal.removeEventListener('abort', abort);
      resolve(result);
    };
    const req = send(url, { method: hop.method, lookup, agent: agentsOf(hop.policy)[secure ? 'https' : 'http'], headers: { ...hop.headers, ...contentLength } }, (res) => {
      const status = res.statusCode ?? 0;
      if (hop.sink !== undefined && status >= 200 && status < 300) {
        const answer = { ok: true as const, status, headers: res.headers, body: Buffer.alloc(0), url: url.href };
        streamBody(res, hop.maxBytes, hop.sink, (truncated) => finish({ ...answer, truncated }), (error) => finish({ ok: false, kind: 'network', error: error.message }));
        return;
      }
      // With a sink, maxBytes is sized for the download; an error page is held in memory, so it gets far less.
      readBody(res, hop.sink === undefined ? hop.maxBytes : Math.min(hop.maxBytes, SINK_ERROR_BODY_BYTES), (body, truncated) => finish({ ok: true, status: res.statusCode ?? 0, headers: res.headers, body, truncated, url: url.href }), (error) => finish({ ok: false, kind: 'network', error: error.message }));
    });
    const abort = (): void => {
      finish(abortResult(hop.signal));
      req.destroy();
      hop.sink?.destroy(new Error('the download was aborted'));
    };
    hop.signal.addEventListener('abort', abort, { once: true });
    req.on('error', (error) => finish(refusal === undefined ? { ok: false, kind: 'network', error: error.message } : { ok: false, kind: 'refused', error: refusal }));
    req.end(hop.body);
  });
}

/** Refuses a hop before any DNS: a refused address literal, or a `localhost` name when loopback is not allowed. */
function refuseHost(host: string, policy: PrivateHttpPolicy): string | undefined {
  if (isIP(host) !== 0) return isRefusedAddress(host, policy);
  const name = host.toLowerCase().replace(/\.$/, '');
  if ((name === 'localhost' || name.endsWith('.localhost')) && !allowsLoopback(policy) && !isAllowedHost(name, policy)) return `${host} is a loopback name`;
  return undefined;
}

function readBody(res: IncomingMessage, maxBytes: number, done: (body: Buffer, truncated: boolean) => void, failed: (error: Error) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  res.on('data', (chunk: Buffer) => {
    const room = maxBytes - size;
    chunks.push(chunk.length <= room ? chunk : chunk.subarray(0, room));
    size += Math.min(chunk.length, room);
    if (chunk.length > room) {
      // Stop reading: a peer may not make us hold more than maxBytes.
      res.destroy();
      done(Buffer.concat(chunks), true);
    }
  });
  res.on('end', () => done(Buffer.concat(chunks), false));
  res.on('error', failed);
}

/** Streams a body into the sink with backpressure; a body past maxBytes (declared or counted) destroys both. */
function streamBody(res: IncomingMessage, maxBytes: number, sink: Writable, done: (truncated: boolean) => void, failed: (error: Error) => void): void {
  let size = 0;
  let over = false;
  const tooLarge = (): void => {
    over = true;
    res.destroy();
    sink.destroy(new Error(`the body is larger than ${maxBytes} bytes`));
    done(true);
  };
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge();
  sink.on('error', (error) => {
    res.destroy();
    if (!over) failed(error);
  });
  sink.on('finish', () => done(false));
  sink.on('drain', () => res.resume());
  res.on('data', (chunk: Buffer) => {
    if (over) return;
    size += chunk.length;
    if (size > maxBytes) return tooLarge();
    if (!sink.write(chunk)) res.pause();
  });
  res.on('end', () => {
    if (!over) sink.end();
  });
  res.on('error', (error) => {
    sink.destroy(error);
    failed(error);
  });
  // A peer that closes early without an error ends the body short: the sink must not finish as if whole.
  res.on('aborted', () => sink.destroy(new Error('the connection closed before the body ended')));
}

function abortResult(signal: AbortSignal): OutboundResult {
  const reason: unknown = signal.reason;
  return reason instanceof OutboundAbort ? { ok: false, kind: reason.kind, error: reason.message } : { ok: false, kind: 'aborted', error: 'the request was aborted' };
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

interface Agents {
  readonly http: HttpAgent;
  readonly https: HttpsAgent;
}

const namedAgents = new Map<string, Agents>();
const listAgents = new WeakMap<object, Agents>();

/** Keep-alive agents per policy: a pooled socket is only reused under the policy that checked its address. */
function agentsOf(policy: PrivateHttpPolicy): Agents {
  const make = (): Agents => ({ http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) });
  if (typeof policy === 'string') {
    let agents = namedAgents.get(policy);
    if (agents === undefined) namedAgents.set(policy, (agents = make()));
    return agents;
  }
  let agents = listAgents.get(policy);
  if (agents === undefined) listAgents.set(policy, (agents = make()));
  return agents;
}
