import { checkScreenData } from '@flowline/core';
import type { EndpointHandler, EndpointRequest, Fallback, HandlerContext } from './define-endpoint.js';
import type { FlowEntry } from './flow-catalog.js';
import { redactError } from '../trace/redact-error.js';
import { runWithDeadline } from './run-with-deadline.js';

/** The answer to a handled request, before encryption. */
export type DispatchResult =
  | { readonly kind: 'reply'; readonly screen: string; readonly data: Readonly<Record<string, unknown>> }
  | { readonly kind: 'fallback'; readonly screen: string; readonly data: Readonly<Record<string, unknown>>; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

/** What dispatch needs besides the request. */
export interface DispatchOptions {
  readonly timeoutMs: number;
  /** Last data sent per screen in this session, for an error_message fallback. */
  readonly lastData: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly context: (signal: AbortSignal) => HandlerContext;
}

/**
 * Runs the Flow's handler for a request under a deadline and checks its reply against the target
 * screen's data model (checkScreenData). A missing handler, a throw, a timeout or a reply that
 * would break the screen gives the Flow's fallback instead, with the reason for the trace.
 */
export async function dispatchHandler(entry: FlowEntry, request: EndpointRequest, options: DispatchOptions): Promise<DispatchResult> {
  const handler = findHandler(entry, request);
  if (handler === undefined) {
    return fallback(entry.endpoint.fallback, request, options, `no handler for ${request.action}${request.screen === undefined ? '' : ` on ${request.screen}`}`);
  }
  const outcome = await runWithDeadline((signal) => handler(request, options.context(signal)), options.timeoutMs);
  if (outcome.kind === 'timeout') return fallback(entry.endpoint.fallback, request, options, `handler exceeded its ${options.timeoutMs} ms deadline`);
  if (outcome.kind === 'threw') return fallback(entry.endpoint.fallback, request, options, `handler threw ${redactError(outcome.error)}`);
  const reply: unknown = outcome.value;
  if (typeof reply !== 'object' || reply === null || typeof (reply as { screen?: unknown }).screen !== 'string') {
    return fallback(entry.endpoint.fallback, request, options, 'handler returned no { screen, data } reply');
  }
  const { screen, data } = reply as { screen: string; data?: unknown };
  const problems = checkScreenData(entry.flow, screen, data ?? {}).filter((p) => p.severity === 'error');
  if (problems.length > 0) {
    const first = problems[0];
    const detail = first === undefined ? '' : `: ${first.code} at ${first.pointer || '/'} (${first.message})`;
    return fallback(entry.endpoint.fallback, request, options, `reply for screen ${screen} breaks its data model${detail}`);
  }
  return { kind: 'reply', screen, data: (data ?? {}) as Record<string, unknown> };
}

function findHandler(entry: FlowEntry, request: EndpointRequest): EndpointHandler | undefined {
  const endpoint = entry.endpoint;
  switch (request.action) {
    case 'INIT':
      return endpoint.INIT;
    case 'BACK': {
      const back = endpoint.BACK;
      if (typeof back === 'function' || back === undefined) return back;
      return request.screen === undefined ? undefined : back[request.screen];
    }
    case 'data_exchange':
      return request.screen === undefined ? undefined : endpoint.data_exchange?.[request.screen];
  }
}

function fallback(configured: Fallback | undefined, request: EndpointRequest, options: DispatchOptions, reason: string): DispatchResult {
  if (configured?.kind === 'screen') return { kind: 'fallback', screen: configured.screen, data: configured.data, reason };
  const message = configured?.message ?? 'Something went wrong. Please try again.';
  if (request.screen === undefined) return { kind: 'failed', reason };
  return { kind: 'fallback', screen: request.screen, data: { ...(options.lastData[request.screen] ?? {}), error_message: message }, reason };
}
