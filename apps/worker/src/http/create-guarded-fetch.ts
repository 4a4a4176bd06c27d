import type { PrivateHttpPolicy } from './is-refused-address.js';
import { sendOutbound, type OutboundFailureKind } from './send-outbound.js';

/** A fetch-shaped function: what HTTP clients written against `fetch` take (string URL, RequestInit). */
export type GuardedFetch = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** Options of createGuardedFetch. */
export interface GuardedFetchOptions {
  /** Which non-public destinations may be reached (FLOWLINE_ALLOW_PRIVATE_HTTP). */
  readonly privateHttp: PrivateHttpPolicy;
  /** Deadline of a whole call, redirects and body included (default 10 s); `init.signal` may end it sooner. */
  readonly timeoutMs?: number;
  /** Largest response body accepted (default 1 MiB); a larger one fails the call. */
  readonly maxResponseBytes?: number;
  /** Redirects followed when `init.redirect` is `follow` (the default), each hop checked (default 5). */
  readonly maxRedirects?: number;
}

/** The error a guarded fetch throws (a TypeError, as fetch's own network errors are), with a stable code. */
export class OutboundError extends TypeError {
  constructor(readonly code: `ERR_OUTBOUND_${Uppercase<OutboundFailureKind> | 'TOO_LARGE'}`, message: string) {
    super(message);
    this.name = code === 'ERR_OUTBOUND_TIMEOUT' ? 'TimeoutError' : code === 'ERR_OUTBOUND_ABORTED' ? 'AbortError' : 'OutboundError';
  }
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * Creates a `fetch` that goes through the outbound address guard (sendOutbound): for clients written
 * against fetch, such as the Cloud API client and the `http` data source. Refused addresses, timeouts,
 * too many redirects and oversized bodies reject with an OutboundError; `redirect: 'manual'` returns the
 * 3xx itself and `redirect: 'error'` rejects on one. Request bodies are strings or bytes.
 */
export function createGuardedFetch(options: GuardedFetchOptions): GuardedFetch {
  return async (input, init = {}) => {
    const body = init.body;
    if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array) && !(body instanceof ArrayBuffer)) {
      throw new OutboundError('ERR_OUTBOUND_INVALID_URL', 'a guarded fetch sends string or byte bodies only');
    }
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const maxRedirects = init.redirect === 'manual' || init.redirect === 'error' ? 0 : (options.maxRedirects ?? 5);
    const maxBytes = options.maxResponseBytes ?? 1024 * 1024;
    const result = await sendOutbound({
      url: String(input),
      method: init.method ?? 'GET',
      headers,
      ...(body === undefined || body === null ? {} : { body: body instanceof ArrayBuffer ? new Uint8Array(body) : body }),
      privateHttp: options.privateHttp,
      timeoutMs: options.timeoutMs ?? 10_000,
      maxResponseBytes: maxBytes,
      maxRedirects,
      ...(init.signal === undefined || init.signal === null ? {} : { signal: init.signal }),
    });
    if (!result.ok) throw new OutboundError(`ERR_OUTBOUND_${toUpper(result.kind)}`, result.error);
    if (result.truncated) throw new OutboundError('ERR_OUTBOUND_TOO_LARGE', `the response is larger than ${maxBytes} bytes`);
    if (result.status < 200 || result.status > 599) throw new OutboundError('ERR_OUTBOUND_NETWORK', `the server answered with status ${result.status}`);
    if (init.redirect === 'error' && result.status >= 300 && result.status < 400) throw new OutboundError('ERR_OUTBOUND_REDIRECTS', 'the server answered with a redirect');
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(result.headers)) {
      for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) responseHeaders.append(name, one);
    }
    // The body was read into a Buffer over an ordinary ArrayBuffer (never shared memory), which is what BodyInit takes.
    const answer = result.body as Uint8Array<ArrayBuffer>;
    const response = new Response(NULL_BODY_STATUSES.has(result.status) ? null : answer, { status: result.status, headers: responseHeaders });
    Object.defineProperty(response, 'url', { value: result.url });
    return response;
  };
}

function toUpper<K extends OutboundFailureKind>(kind: K): Uppercase<K> {
  return kind.toUpperCase() as Uppercase<K>;
}
