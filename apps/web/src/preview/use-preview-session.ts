import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isStepError, renderScreen, startFlow, step, type EndpointRequest, type RenderedScreen, type RuntimeEffect, type RuntimeEvent, type RuntimeState, type StartOptions, type StepOutcome } from '@flowline/core';

/**
 * The data endpoint as the preview calls it: a decrypted response, an HTTP failure (fed to the runtime
 * as the phone would see it), or `unavailable` — nobody serves this request, so it is answered by hand.
 */
export type PreviewEndpoint = (request: EndpointRequest) => Promise<
  | { readonly ok: true; readonly response: unknown }
  | { readonly ok: false; readonly status: number | 'timeout'; readonly message: string }
  | { readonly ok: false; readonly status: 'unavailable'; readonly message: string }
>;

/** One line of the preview's log: what the customer did and what the Flow sent. */
export interface PreviewLogEntry {
  readonly kind: 'event' | 'request' | 'response' | 'completed' | 'closed' | 'open_url' | 'problem';
  readonly text: string;
  readonly detail?: unknown;
}

/** A running preview: the state, the drawn screen, the log and the actions on it. */
export interface PreviewSession {
  readonly state: RuntimeState | undefined;
  readonly screen: RenderedScreen | undefined;
  readonly log: readonly PreviewLogEntry[];
  /** The last impossible event or start failure (e.g. a Flow JSON that does not parse). */
  readonly problem: string | undefined;
  /** The request the preview waits on when no endpoint is connected (answer with `respond`). */
  readonly pending: EndpointRequest | undefined;
  /** Why `pending` is answered by hand although an endpoint was given (it did not serve the request). */
  readonly fallback: string | undefined;
  dispatch(event: RuntimeEvent): void;
  respond(response: unknown): void;
  restart(): void;
}

/**
 * Runs a Flow in the browser with core `startFlow`/`step`. When `flow` changes (an edit), the
 * current state is kept and redrawn against the new document; the Flow restarts only when the
 * current screen no longer exists. Endpoint requests go to `endpoint` when given.
 */
export function usePreviewSession(flow: unknown, options: { start?: StartOptions; endpoint?: PreviewEndpoint | undefined } = {}): PreviewSession {
  const [state, setState] = useState<RuntimeState | undefined>(undefined);
  const [log, setLog] = useState<PreviewLogEntry[]>([]);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [pending, setPending] = useState<EndpointRequest | undefined>(undefined);
  const [fallback, setFallback] = useState<string | undefined>(undefined);
  const stateRef = useRef<RuntimeState | undefined>(undefined);
  const flowRef = useRef<unknown>(flow);
  const endpointRef = useRef(options.endpoint);
  endpointRef.current = options.endpoint;
  flowRef.current = flow;
  const startKey = JSON.stringify(options.start ?? {});

  const append = useCallback((entries: PreviewLogEntry[]) => {
    if (entries.length > 0) setLog((old) => [...old, ...entries].slice(-200));
  }, []);

  const apply = useCallback((outcome: StepOutcome, label: string | undefined) => {
    if (isStepError(outcome)) {
      setProblem(outcome.error.message);
      append([{ kind: 'problem', text: `${outcome.error.code}: ${outcome.error.message}` }]);
      return;
    }
    setProblem(undefined);
    stateRef.current = outcome.state;
    setState(outcome.state);
    const entries: PreviewLogEntry[] = label === undefined ? [] : [{ kind: 'event', text: label }];
    for (const effect of outcome.effects) entries.push(...describe(effect));
    append(entries);
    const request = outcome.effects.find((e): e is Extract<RuntimeEffect, { type: 'endpoint_request' }> => e.type === 'endpoint_request');
    if (request === undefined) return;
    const endpoint = endpointRef.current;
    if (endpoint === undefined) {
      setPending(request.request);
      return;
    }
    const started = stateRef.current;
    void endpoint(request.request).then((result) => {
      const current = stateRef.current;
      // A restart or another step while the request was in flight makes its answer stale.
      if (current === undefined || current !== started) return;
      if (!result.ok && result.status === 'unavailable') {
        append([{ kind: 'problem', text: `No endpoint answered: ${result.message}` }]);
        setFallback(result.message);
        setPending(request.request);
        return;
      }
      const event: RuntimeEvent = result.ok ? { type: 'endpoint_response', response: result.response } : { type: 'endpoint_error', status: result.status, message: result.message };
      append([{ kind: 'response', text: result.ok ? 'Endpoint answered' : `Endpoint failed: ${result.message}`, detail: result.ok ? result.response : undefined }]);
      apply(step(flowRef.current, current, event), undefined);
    });
  }, [append]);

  const restart = useCallback(() => {
    setLog([]);
    setPending(undefined);
    setFallback(undefined);
    stateRef.current = undefined;
    setState(undefined);
    apply(startFlow(flowRef.current, JSON.parse(startKey) as StartOptions), 'Flow opened');
  }, [apply, startKey]);

  // Start on mount and when the start options change; on an edit keep the state if its screen survives.
  useEffect(() => {
    const current = stateRef.current;
    if (current !== undefined && renderScreen(flow, current) !== undefined) {
      setState({ ...current });
      return;
    }
    if (current !== undefined && current.status.kind !== 'active') return;
    restart();
  }, [flow, restart]);

  const dispatch = useCallback((event: RuntimeEvent) => {
    const current = stateRef.current;
    if (current === undefined) return;
    apply(step(flowRef.current, current, event), describeEvent(event));
  }, [apply]);

  const respond = useCallback((response: unknown) => {
    const current = stateRef.current;
    setPending(undefined);
    setFallback(undefined);
    if (current === undefined) return;
    append([{ kind: 'response', text: 'Response entered by hand', detail: response }]);
    apply(step(flowRef.current, current, { type: 'endpoint_response', response }), undefined);
  }, [append, apply]);

  const screen = useMemo(() => (state === undefined ? undefined : renderScreen(flow, state)), [flow, state]);
  return { state, screen, log, problem, pending, fallback, dispatch, respond, restart };
}

function describeEvent(event: RuntimeEvent): string {
  switch (event.type) {
    case 'fill': return `fill ${event.name} = ${JSON.stringify(event.value)}`;
    case 'select': case 'unselect': return `${event.type} ${event.name} ${event.id}`;
    case 'press': return `press ${typeof event.target === 'string' ? event.target : JSON.stringify(event.target)}`;
    case 'back': return 'back';
    case 'endpoint_response': return 'endpoint response';
    case 'endpoint_error': return `endpoint error ${event.status}`;
  }
}

function describe(effect: RuntimeEffect): PreviewLogEntry[] {
  switch (effect.type) {
    case 'endpoint_request': return [{ kind: 'request', text: `Request ${effect.request.action} from ${effect.request.screen}`, detail: effect.request }];
    case 'endpoint_error_notification': return [{ kind: 'problem', text: 'The endpoint response was invalid (error notification sent)', detail: effect.request }];
    case 'open_url': return [{ kind: 'open_url', text: `Open ${effect.url}` }];
    case 'screen_shown': return [];
    case 'completed': return [{ kind: 'completed', text: 'Flow completed: payload sent to the business', detail: effect.payload }];
    case 'closed': return [{ kind: 'closed', text: `Flow closed: ${effect.code} ${effect.message}` }];
  }
}
