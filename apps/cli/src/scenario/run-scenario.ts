import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { failedBeforeStart, playScenario, type Scenario, type ScenarioResult } from '@flowline/core';
import { createEndpointClient, signFlowTokenSignature } from '@flowline/protocol';

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

async function loadFlow(scenario: Scenario, options: RunScenarioOptions): Promise<{ ok: true; flow: unknown } | { ok: false; message: string }> {
  if (options.flow !== undefined) return { ok: true, flow: options.flow };
  if (scenario.flow === undefined) return { ok: false, message: 'the scenario names no Flow ("flow")' };
  const path = resolve(options.baseDir, scenario.flow);
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return { ok: false, message: `cannot read the Flow ${scenario.flow}` };
  try {
    return { ok: true, flow: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: `the Flow ${scenario.flow} is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}

/**
 * Plays a scenario file's scenario with core's runner (`playScenario`), calling the data endpoint it
 * names over HTTP (encrypted as WhatsApp does, signed with the app secret when there is one). Never
 * throws for bad input: problems are in the result.
 */
export async function runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<ScenarioResult> {
  const loaded = await loadFlow(scenario, options);
  if (!loaded.ok) return failedBeforeStart(scenario, loaded.message);
  const now = options.now ?? (() => new Date());
  const appSecret = scenario.endpoint?.appSecret ?? options.env?.['FLOWLINE_APP_SECRET'];
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
  return playScenario(scenario, {
    flow: loaded.flow,
    now: now(),
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(appSecret === undefined ? {} : { signFlowToken: (token: string) => signFlowTokenSignature(token, appSecret, { now: now() }) }),
    ...(options.texts === undefined ? {} : { texts: options.texts }),
  });
}
