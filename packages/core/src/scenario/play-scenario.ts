import { requiresFlowTokenSignature } from '../data-exchange/index.js';
import type { RuntimeState } from '../runtime/index.js';
import { validateFlowDocument } from '../validator/index.js';
import { checkExpectation } from './check-expectation.js';
import { localizeStep } from './localize-step.js';
import { pressByName } from './press-by-name.js';
import type { Scenario, ScenarioStep } from './scenario.js';
import { createSimulator, type EndpointClient, type Simulator, type SimulatorResult } from './simulator.js';

/** What a host gives to play a scenario: the Flow document, the clock reading, and the endpoint when there is one. */
export interface PlayScenarioOptions {
  /** The Flow document played (a file's content, or a stored version's Flow JSON). */
  readonly flow: unknown;
  /** The time of the run (validation of dates, frozen versions). */
  readonly now: Date;
  /** The data endpoint; without it a Flow that calls its endpoint stops with a message saying so. */
  readonly endpoint?: EndpointClient;
  /**
   * Signs a flow token (`flow_token_signature`, platform spec §1.4), when the host has an app secret; used
   * only for a Flow JSON ≥ 7.3 with Data API ≥ 4.0, as WhatsApp does.
   */
  readonly signFlowToken?: (flowToken: string) => string;
  /**
   * When `flow` is a language build of the scenario's Flow: source text → that language's text
   * (`buildLocalizedFlow(...).texts`), so a scenario written once names texts in the source language.
   */
  readonly texts?: ReadonlyMap<string, string>;
  /** A monotonic clock in ms for the simulator's exchange latencies (the transcript does not use it). */
  readonly clock?: () => number;
}

/** Why a scenario stopped: the step (1-based index and its JSON) and what went wrong. */
export interface ScenarioFailure {
  readonly step?: number;
  readonly stepJson?: string;
  readonly message: string;
}

/** The outcome of one scenario. */
export interface ScenarioResult {
  readonly name: string;
  readonly passed: boolean;
  /** Number of steps that ran to the end. */
  readonly steps: number;
  readonly failure?: ScenarioFailure;
  /** The `complete` payload when the Flow completed. */
  readonly completed?: Readonly<Record<string, unknown>>;
  /** What happened on the phone, line by line (screens, requests, answers). */
  readonly transcript: readonly string[];
}

const DEFAULT_FLOW_TOKEN = 'flowline-simulator';

/** The name a scenario's results show: its own, else its Flow file, else a generic word. */
export function scenarioName(scenario: Scenario): string {
  return scenario.name ?? scenario.flow ?? 'scenario';
}

/** A result that stopped before the Flow started (an unreadable Flow, no endpoint to reach...). */
export function failedBeforeStart(scenario: Scenario, message: string): ScenarioResult {
  return { name: scenarioName(scenario), passed: false, steps: 0, failure: { message }, transcript: [] };
}

function stringField(doc: unknown, key: string): string | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
  const value: unknown = (doc as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

async function performStep(sim: Simulator, s: ScenarioStep): Promise<SimulatorResult> {
  const state = sim.state();
  if (state === undefined) return { ok: false, message: 'the Flow is not started' };
  switch (s.kind) {
    case 'fill':
      for (const [name, value] of Object.entries(s.values)) {
        const r = await sim.dispatch({ type: 'fill', name, value });
        if (!r.ok) return r;
      }
      return { ok: true };
    case 'press':
      return pressByName(sim, s.target);
    case 'back':
      return sim.dispatch({ type: 'back' });
    case 'expect': {
      const failures = checkExpectation(sim.flow, state, s.expect, sim.lastEndpointError(), sim.opened());
      return failures.length === 0 ? { ok: true } : { ok: false, message: failures.join('; ') };
    }
  }
}

function completedPayload(state: RuntimeState | undefined): Readonly<Record<string, unknown>> | undefined {
  return state?.status.kind === 'completed' ? state.status.payload : undefined;
}

/**
 * Plays a scenario as the customer with the core runtime, calling the data endpoint the host gives when
 * the Flow needs it. Stops at the first failed expectation or impossible step, naming the step. Never
 * throws for bad input: problems are in the result. The one scenario runner: the CLI (`flowline test`,
 * files and endpoints over HTTP) and the server (a Flow's stored scenarios in a review) host it.
 */
export async function playScenario(scenario: Scenario, options: PlayScenarioOptions): Promise<ScenarioResult> {
  const name = scenarioName(scenario);
  const transcript: string[] = [];
  const fail = (message: string, index?: number, extra: { completed?: Readonly<Record<string, unknown>> } = {}): ScenarioResult => {
    const failure: ScenarioFailure =
      index === undefined ? { message } : { step: index + 1, stepJson: JSON.stringify(scenario.rawSteps[index]), message };
    return { name, passed: false, steps: index ?? 0, failure, transcript, ...extra };
  };
  const { flow, endpoint } = options;
  const validation = validateFlowDocument(flow, { now: options.now });
  if (!validation.valid) {
    const first = validation.errors.slice(0, 3).map((p) => `${p.code} at ${p.pointer || '/'}: ${p.message}`);
    return fail(`the Flow is not valid: ${first.join('; ')}`);
  }
  const dataApiVersion = stringField(flow, 'data_api_version');
  const signs = options.signFlowToken !== undefined && requiresFlowTokenSignature(flow);
  const sim = createSimulator(flow, {
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(dataApiVersion === undefined ? {} : { dataApiVersion }),
    ...(signs && options.signFlowToken !== undefined ? { signFlowToken: options.signFlowToken } : {}),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    log: (line) => transcript.push(line),
  });
  const flowAction = scenario.flowAction ?? (scenario.start === undefined && endpoint !== undefined ? 'data_exchange' : 'navigate');
  const started = await sim.start({
    flowToken: scenario.flowToken ?? DEFAULT_FLOW_TOKEN,
    flowAction,
    ...(scenario.start?.screen === undefined ? {} : { screen: scenario.start.screen }),
    ...(scenario.start?.data === undefined ? {} : { data: scenario.start.data }),
  });
  if (!started.ok) return fail(`the Flow could not start: ${started.message}`);
  for (const [index, s] of scenario.steps.entries()) {
    let result: SimulatorResult;
    try {
      result = await performStep(sim, options.texts === undefined ? s : localizeStep(s, options.texts));
    } catch (error) {
      result = { ok: false, message: `unexpected failure: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (!result.ok) {
      const completed = completedPayload(sim.state());
      return fail(result.message, index, completed === undefined ? {} : { completed });
    }
  }
  const completed = completedPayload(sim.state());
  return { name, passed: true, steps: scenario.steps.length, transcript, ...(completed === undefined ? {} : { completed }) };
}

/** The flow token a scenario opens the Flow with (its own, else the simulator's). */
export function scenarioFlowToken(scenario: Scenario): string {
  return scenario.flowToken ?? DEFAULT_FLOW_TOKEN;
}
