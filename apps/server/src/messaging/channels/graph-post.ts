import { sendOutbound, type PrivateHttpPolicy } from '@flowline/worker';

/** Meta's answer to one POST: its status and body text. */
export interface GraphAnswer {
  readonly status: number;
  readonly text: string;
}

/**
 * How the Cloud API client reaches Meta: POSTs a JSON body and resolves with the answer, or rejects with
 * an Error whose `name` says why no answer came (`TimeoutError`, `AbortError`, `OutboundError`…).
 */
export type GraphPost = (url: string, request: { readonly headers: Readonly<Record<string, string>>; readonly body: string }) => Promise<GraphAnswer>;

/** The fetch function of tests that post to a loopback stand-in (the server uses guardedGraphPost). */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** A GraphPost over a fetch function, with a deadline of `timeoutMs` (default 10 s). */
export function graphPostOverFetch(fetchFn: FetchFunction, timeoutMs = 10_000): GraphPost {
  return async (url, request) => {
    const response = await fetchFn(url, { method: 'POST', headers: request.headers, body: request.body, signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, text: await response.text() };
  };
}

/** Options of the server's GraphPost. */
export interface GuardedGraphPostOptions {
  readonly privateHttp: PrivateHttpPolicy;
  /** Deadline of one call (default 10 s). */
  readonly timeoutMs?: number;
}

const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * The server's GraphPost: straight through the outbound address guard (`sendOutbound`: checked and pinned
 * addresses, a deadline, a bounded answer, redirects checked hop by hop as the guarded fetch does). It
 * builds no fetch Request or Response, which cost more than the call itself on a busy campaign
 * (docs/benchmarks.md, campaign dispatch).
 */
export function guardedGraphPost(options: GuardedGraphPostOptions): GraphPost {
  return async (url, request) => {
    const result = await sendOutbound({
      url, method: 'POST', headers: request.headers, body: request.body, privateHttp: options.privateHttp,
      timeoutMs: options.timeoutMs ?? 10_000, maxResponseBytes: MAX_ANSWER_BYTES, maxRedirects: 5,
    });
    if (!result.ok) throw unanswered(result.kind === 'timeout' ? 'TimeoutError' : result.kind === 'aborted' ? 'AbortError' : 'OutboundError', result.error);
    if (result.truncated) throw unanswered('OutboundError', `the answer is larger than ${MAX_ANSWER_BYTES} bytes`);
    return { status: result.status, text: result.body.toString('utf8') };
  };
}

function unanswered(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
