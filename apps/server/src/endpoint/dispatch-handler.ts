import { checkScreenData } from '@flowline/core';
import type { EndpointHandler, EndpointRequest, Fallback, HandlerContext } from './define-endpoint.js';
import type { FlowEntry } from './flow-catalog.js';
import { redactError } from './trace/redact-error.js';
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
  /** Builds the handler's context; `signal` makes the deadline's abort signal on first use (see runWithDeadline). */
  readonly context: (signal: () => AbortSignal) => HandlerContext;
}

/**
 * Runs the Flow's handler for a request under a deadline and checks its reply against the target
 * screen's data model (checkScreenData). A missing handler, a throw, a timeout or a reply that
 * would break the screen gives the Flow's fallback instead, with the reason for the trace.
 */
export async function dispatchHandler(entry: FlowEntry, request: EndpointRequest, options: DispatchOptions): Promise<DispatchResult> {
  const handler = findHandler(entry, request);
  if (handler === undefined) {
    return fallback(entry.endpoint.fallback, request, options, `no handler for ${request.action}${request.screen === undefined ? '' : ` on ${request.screen}`}`, entry.flow);
  }
  const outcome = await runWithDeadline((signal) => handler(request, options.context(signal)), options.timeoutMs);
  if (outcome.kind === 'timeout') return fallback(entry.endpoint.fallback, request, options, `handler exceeded its ${options.timeoutMs} ms deadline`, entry.flow);
  if (outcome.kind === 'threw') return fallback(entry.endpoint.fallback, request, options, `handler threw ${redactError(outcome.error)}`, entry.flow);
  const reply: unknown = outcome.value;
  if (typeof reply !== 'object' || reply === null || typeof (reply as { screen?: unknown }).screen !== 'string') {
    return fallback(entry.endpoint.fallback, request, options, 'handler returned no { screen, data } reply', entry.flow);
  }
  const { screen, data } = reply as { screen: string; data?: unknown };
  const problems = checkScreenData(entry.flow, screen, data ?? {}).filter((p) => p.severity === 'error');
  if (problems.length > 0) {
    const first = problems[0];
    const detail = first === undefined ? '' : `: ${first.code} at ${first.pointer || '/'} (${first.message})`;
    return fallback(entry.endpoint.fallback, request, options, `reply for screen ${screen} breaks its data model${detail}`, entry.flow);
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

/**
 * What the phone gets when the Flow's handler cannot answer: the configured fallback screen, or the
 * current screen again with `error_message` (the snackbar Meta's client shows, platform spec §1.5). A
 * request without a current screen (INIT, a BACK without one) gets the Flow's first screen with its
 * declared `__example__` data and the message: always a 200 the client can render, never a 500.
 */
function fallback(configured: Fallback | undefined, request: EndpointRequest, options: DispatchOptions, reason: string, flow: unknown): DispatchResult {
  if (configured?.kind === 'screen') return { kind: 'fallback', screen: configured.screen, data: configured.data, reason };
  const message = configured?.message ?? 'Something went wrong. Please try again.';
  if (request.screen !== undefined && request.screen !== '') {
    return { kind: 'fallback', screen: request.screen, data: { ...(options.lastData[request.screen] ?? {}), error_message: message }, reason };
  }
  const first = firstScreen(flow);
  if (first === undefined) return { kind: 'failed', reason };
  return { kind: 'fallback', screen: first.id, data: { ...(options.lastData[first.id] ?? first.examples), error_message: message }, reason };
}

/** The Flow's first screen and the `__example__` values of its data model. */
function firstScreen(flow: unknown): { readonly id: string; readonly examples: Readonly<Record<string, unknown>> } | undefined {
  const screens = typeof flow === 'object' && flow !== null ? (flow as { screens?: unknown }).screens : undefined;
  const first: unknown = Array.isArray(screens) ? screens[0] : undefined;
  if (typeof first !== 'object' || first === null || typeof (first as { id?: unknown }).id !== 'string') return undefined;
  const { id, data } = first as { id: string; data?: unknown };
  const examples: Record<string, unknown> = {};
  if (typeof data === 'object' && data !== null) {
    for (const [key, field] of Object.entries(data)) {
      const example: unknown = typeof field === 'object' && field !== null ? (field as { __example__?: unknown }).__example__ : undefined;
      if (example !== undefined) examples[key] = example;
    }
  }
  return { id, examples };
}
