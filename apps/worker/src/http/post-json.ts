import type { IncomingHttpHeaders } from 'node:http';
import type { PrivateHttpPolicy } from './is-refused-address.js';
import { sendOutbound } from './send-outbound.js';

/** The answer of an outbound POST, or why there was none. */
export type PostResult =
  | { readonly ok: true; readonly status: number; readonly headers: IncomingHttpHeaders; readonly body: string }
  | { readonly ok: false; readonly kind: 'refused' | 'invalid_url' | 'timeout' | 'network'; readonly error: string };

/** Options of one outbound POST. */
export interface PostOptions {
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly privateHttp: PrivateHttpPolicy;
  /** Longest response body kept (default 16 KiB); reading stops there. */
  readonly maxResponseBytes?: number;
}

/**
 * POSTs a JSON body to an http(s) URL through the address guard (sendOutbound) without throwing.
 * Redirects are not followed: a 3xx is the answer (a receiver that moved must be reconfigured).
 */
export async function postJson(url: string, body: string, options: PostOptions): Promise<PostResult> {
  const result = await sendOutbound({
    url,
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...options.headers },
    privateHttp: options.privateHttp,
    timeoutMs: options.timeoutMs,
    maxResponseBytes: options.maxResponseBytes ?? 16 * 1024,
  });
  if (result.ok) return { ok: true, status: result.status, headers: result.headers, body: result.body.toString('utf8') };
  return { ok: false, kind: result.kind === 'aborted' || result.kind === 'redirects' ? 'network' : result.kind, error: result.error };
}
