import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isVersionAtLeast, validateFlowDocument, type RuntimeState } from '@flowline/core';
import { signFlowTokenSignature } from '@flowline/protocol';
import { checkExpectation } from './check-expectation.js';
import { createEndpointClient } from './endpoint-client.js';
import { localizeStep } from './localize-step.js';
import { pressByName } from './press-by-name.js';
import type { Scenario, ScenarioStep } from './scenario.js';
import { createSimulator, type Simulator, type SimulatorResult } from './simulator.js';

/** Where and how to run a scenario: paths are relative to `baseDir` (the scenario file's folder). */
export interface RunScenarioOptions {
  readonly baseDir: string;
  readonly fetch?: typeof fetch;
  /** The Flow document to play instead of the scenario's `flow` file. */
  readonly flow?: unknown;
  /** Environment read for `FLOWLINE_APP_SECRET`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly now?: () => Date;
  /** Base delay of 421 retries (tests make it short). */
  readonly retryDelayMs?: number;
  /**
   * When `flow` is a language build of the scenario's Flow: source text → that language's text
   * (`buildLocalizedFlow(...).texts`), so a scenario written once names texts in the source language.
   */
  readonly texts?: ReadonlyMap<string, string>;
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

async function loadFlow(scenario: Scenario, options: RunScenarioOptions): Promise<{ ok: true; flow: unknown } | { ok: false; message: string }> {
  if (options.flow !== undefined) return { ok: true, flow: options.flow };
  const path = resolve(options.baseDir, scenario.flow);
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return { ok: false, message: `cannot read the Flow ${scenario.flow}` };
  try {
    return { ok: true, flow: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: `the Flow ${scenario.flow} is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
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
 * Plays a scenario as the customer with the core runtime, calling the data endpoint over HTTP
 * (encrypted as WhatsApp does) when the Flow needs it. Stops at the first failed expectation or
 * impossible step, naming the step. Never throws for bad input: problems are in the result.
 */
export async function runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<ScenarioResult> {
  const name = scenario.name ?? scenario.flow;
  const transcript: string[] = [];
  const fail = (message: string, index?: number, extra: { completed?: Readonly<Record<string, unknown>> } = {}): ScenarioResult => {
    const failure: ScenarioFailure =
      index === undefined ? { message } : { step: index + 1, stepJson: JSON.stringify(scenario.rawSteps[index]), message };
    return { name, passed: false, steps: index ?? 0, failure, transcript, ...extra };
  };
  const loaded = await loadFlow(scenario, options);
  if (!loaded.ok) return fail(loaded.message);
  const flow = loaded.flow;
  const now = options.now ?? (() => new Date());
  const validation = validateFlowDocument(flow, { now: now() });
  if (!validation.valid) {
    const first = validation.errors.slice(0, 3).map((p) => `${p.code} at ${p.pointer || '/'}: ${p.message}`);
    return fail(`the Flow is not valid: ${first.join('; ')}`);
  }
  const appSecret = scenario.endpoint?.appSecret ?? options.env?.['FLOWLINE_APP_SECRET'];
  const dataApiVersion = stringField(flow, 'data_api_version');
  const flowVersion = stringField(flow, 'version');
  const signs =
    appSecret !== undefined && dataApiVersion !== undefined && flowVersion !== undefined &&
    isVersionAtLeast(flowVersion, '7.3') && Number(dataApiVersion) >= 4;
  const endpoint =
    scenario.endpoint === undefined
      ? undefined
      : createEndpointClient({
          url: scenario.endpoint.url,
          publicKeyPath: resolve(options.baseDir, scenario.endpoint.publicKey),
          fetch: options.fetch ?? globalThis.fetch,
          ...(appSecret === undefined ? {} : { appSecret }),
          ...(options.retryDelayMs === undefined ? {} : { retryDelayMs: options.retryDelayMs }),
        });
  const sim = createSimulator(flow, {
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(dataApiVersion === undefined ? {} : { dataApiVersion }),
    ...(signs && appSecret !== undefined ? { signFlowToken: (token: string) => signFlowTokenSignature(token, appSecret, { now: now() }) } : {}),
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
