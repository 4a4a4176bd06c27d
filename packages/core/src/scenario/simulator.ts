import { startFlow, step, type EndpointRequest, type RuntimeEffect, type RuntimeEvent, type RuntimeState, type StepOutcome } from '../runtime/index.js';

/** What came back from the data endpoint: a decrypted response, or a failure as the WhatsApp client sees it. */
export type EndpointOutcome =
  | { readonly kind: 'response'; readonly response: unknown; readonly status: number }
  | { readonly kind: 'error'; readonly status: number | 'timeout'; readonly message: string };

/**
 * Sends one decrypted request payload to the data endpoint the way the WhatsApp client does and returns
 * the outcome (the host supplies it: over HTTP with real encryption, or to its own endpoint in process).
 */
export type EndpointClient = (payload: Readonly<Record<string, unknown>>) => Promise<EndpointOutcome>;

/** How the simulated message opens the Flow: its `flow_action`, `flow_action_payload` and `flow_token`. */
export interface SimulatorStart {
  readonly flowToken: string;
  readonly screen?: string;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly flowAction?: 'navigate' | 'data_exchange';
}

/** What the simulator needs besides the Flow: the endpoint (if any) and how to describe requests. */
export interface SimulatorOptions {
  readonly endpoint?: EndpointClient;
  /** Request `version` sent to the endpoint (the Flow's `data_api_version`, default "3.0"). */
  readonly dataApiVersion?: string;
  /** Adds `flow_token_signature` to requests (Flow JSON ≥ 7.3 with Data API ≥ 4.0 and an app secret). */
  readonly signFlowToken?: (flowToken: string) => string;
  /** Receives a line for every screen change, request and answer (the transcript). */
  readonly log?: (line: string) => void;
  /** Receives every data endpoint round trip, once it is answered (for a readable summary). */
  readonly onExchange?: (exchange: EndpointExchange) => void;
  /** A monotonic clock in milliseconds, for the latency of exchanges (the core reads no clock: 0 without one). */
  readonly clock?: () => number;
}

/** One data endpoint round trip as the simulated phone saw it (values decrypted). */
export interface EndpointExchange {
  readonly action: string;
  /** The screen the request was sent from (empty for INIT). */
  readonly screen: string;
  readonly request: Readonly<Record<string, unknown>>;
  readonly outcome: EndpointOutcome;
  /** Wall-clock time from sending the request to its answer, retries included. */
  readonly latencyMs: number;
}

/** The result of an action on the simulated phone: done, or why the phone would not do it. */
export type SimulatorResult = { readonly ok: true } | { readonly ok: false; readonly message: string; readonly code?: string };

/** A running simulated phone: the runtime state plus the host side (endpoint calls). */
export interface Simulator {
  readonly state: () => RuntimeState | undefined;
  readonly flow: unknown;
  /** The HTTP status (or timeout) of the last failed endpoint request, e.g. 427. */
  readonly lastEndpointError: () => number | 'timeout' | undefined;
  /** URLs opened by `open_url` actions, in order. */
  readonly opened: () => readonly string[];
  start(start: SimulatorStart): Promise<SimulatorResult>;
  dispatch(event: RuntimeEvent): Promise<SimulatorResult>;
}

/**
 * Creates a simulated phone for a Flow: it runs the core runtime's `startFlow`/`step` and performs
 * the effects a WhatsApp client performs (data endpoint requests), feeding the answers back.
 */
export function createSimulator(flow: unknown, options: SimulatorOptions = {}): Simulator {
  let state: RuntimeState | undefined;
  let lastEndpointError: number | 'timeout' | undefined;
  const opened: string[] = [];
  const log = options.log ?? (() => undefined);
  const clock = options.clock ?? (() => 0);

  async function perform(effects: readonly RuntimeEffect[]): Promise<SimulatorResult> {
    for (const effect of effects) {
      switch (effect.type) {
        case 'screen_shown':
          log(`screen ${effect.screen}`);
          break;
        case 'open_url':
          opened.push(effect.url);
          log(`open ${effect.url}`);
          break;
        case 'completed':
          log(`completed ${JSON.stringify(effect.payload)}`);
          break;
        case 'closed':
          log(`closed (${effect.code}) ${effect.message}`);
          break;
        case 'endpoint_error_notification':
          if (options.endpoint !== undefined) await options.endpoint(toPayload(effect.request));
          break;
        case 'endpoint_request': {
          if (options.endpoint === undefined) {
            return { ok: false, message: `the Flow calls its data endpoint (${effect.request.action}) but no endpoint is configured` };
          }
          const payload = toPayload(effect.request);
          log(`request ${JSON.stringify(payload)}`);
          const sentAt = clock();
          const outcome = await options.endpoint(payload);
          options.onExchange?.({ action: effect.request.action, screen: effect.request.screen, request: payload, outcome, latencyMs: clock() - sentAt });
          if (outcome.kind === 'error') lastEndpointError = outcome.status;
          const event: RuntimeEvent =
            outcome.kind === 'response'
              ? { type: 'endpoint_response', response: outcome.response }
              : { type: 'endpoint_error', status: outcome.status, message: outcome.message };
          log(outcome.kind === 'response' ? `response ${JSON.stringify(outcome.response)}` : `endpoint error ${outcome.status}: ${outcome.message}`);
          const applied = await apply(step(flow, requireState(), event));
          if (!applied.ok) return applied;
          break;
        }
      }
    }
    return { ok: true };
  }

  function toPayload(request: EndpointRequest): Record<string, unknown> {
    // WhatsApp's key order (kairon and pywa vectors): data, flow_token, screen, action, version; the
    // encrypted bytes then match a real client's for the same AES key and IV.
    const payload: Record<string, unknown> = {
      data: request.data,
      flow_token: request.flow_token,
      screen: request.screen,
      action: request.action,
      version: options.dataApiVersion ?? '3.0',
    };
    if (options.signFlowToken !== undefined) payload['flow_token_signature'] = options.signFlowToken(request.flow_token);
    return payload;
  }

  function requireState(): RuntimeState {
    if (state === undefined) throw new Error('the simulator was not started');
    return state;
  }

  async function apply(outcome: StepOutcome): Promise<SimulatorResult> {
    if ('error' in outcome) return { ok: false, message: outcome.error.message, code: outcome.error.code };
    state = outcome.state;
    return perform(outcome.effects);
  }

  return {
    flow,
    state: () => state,
    lastEndpointError: () => lastEndpointError,
    opened: () => opened,
    start: (start) =>
      apply(
        startFlow(flow, {
          flowToken: start.flowToken,
          ...(start.flowAction === undefined ? {} : { action: start.flowAction }),
          ...(start.screen === undefined ? {} : { screen: start.screen }),
          ...(start.data === undefined ? {} : { data: start.data }),
        }),
      ),
    dispatch: (event) => (state === undefined ? Promise.resolve({ ok: false, message: 'the Flow is not started' }) : apply(step(flow, state, event))),
  };
}
