import { failedBeforeStart, parseScenario, playScenario, scenarioFlowToken, type ScenarioResult } from '@flowline/core';
import type { FlowVersion, Storage } from '@flowline/storage';
import type { ScenarioEndpointPort } from './scenario-endpoint.js';

/** The transcript lines a result keeps (its end: where the scenario stopped), each at most this long. */
const TRANSCRIPT_LINES = 40;
const TRANSCRIPT_LINE_CHARS = 500;

/** One scenario's result against one version: pass or fail, and the failing step with its message. */
export interface ScenarioRunResult {
  readonly name: string;
  readonly passed: boolean;
  /** Steps that ran to the end. */
  readonly steps: number;
  /** Why it failed: the step (1-based) and its JSON when a step failed, and the message. */
  readonly failure: { readonly step: number | null; readonly stepJson: string | null; readonly message: string } | null;
  /** The last lines of what happened on the phone (screens, requests, answers). */
  readonly transcript: readonly string[];
}

/** A Flow's scenarios run against one version. */
export interface ScenarioRunReport {
  readonly version: number;
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly results: readonly ScenarioRunResult[];
}

/** What a run needs: storage (the scenarios), the clock, and the server's scenario endpoint (absent: endpoint-driven Flows cannot be run). */
export interface RunFlowScenariosDeps {
  readonly storage: Storage;
  readonly now: () => Date;
  readonly scenarioEndpoint?: ScenarioEndpointPort;
}

function toRunResult(result: ScenarioResult): ScenarioRunResult {
  const { failure } = result;
  return {
    name: result.name,
    passed: result.passed,
    steps: result.steps,
    failure: failure === undefined ? null : { step: failure.step ?? null, stepJson: failure.stepJson ?? null, message: failure.message },
    transcript: result.transcript.slice(-TRANSCRIPT_LINES).map((line) => (line.length > TRANSCRIPT_LINE_CHARS ? `${line.slice(0, TRANSCRIPT_LINE_CHARS)}…` : line)),
  };
}

/** Whether a Flow talks to a data endpoint: it declares `data_api_version` (Meta requires it of such Flows). */
function callsEndpoint(flow: unknown): boolean {
  return typeof flow === 'object' && flow !== null && typeof (flow as { data_api_version?: unknown }).data_api_version === 'string';
}

/**
 * Runs a Flow's stored scenarios against one version with core's scenario runner, one after the other.
 * A Flow that talks to a data endpoint is answered by that version's own endpoint configuration, in
 * process and in preview mode (createScenarioEndpoint): nothing a run does lasts or reaches a customer.
 */
export async function runFlowScenarios(deps: RunFlowScenariosDeps, workspaceId: string, version: FlowVersion): Promise<ScenarioRunReport> {
  const stored = await deps.storage.scenarios.list(workspaceId, version.flowId);
  let flow: unknown;
  try {
    flow = JSON.parse(version.flowJson);
  } catch {
    flow = undefined;
  }
  const results: ScenarioRunResult[] = [];
  for (const { name, document } of stored) {
    const parsed = parseScenario(document, { stored: true });
    if (!parsed.ok) {
      results.push({ name, passed: false, steps: 0, failure: { step: null, stepJson: null, message: `not a valid scenario: ${parsed.problems.join('; ')}` }, transcript: [] });
      continue;
    }
    const scenario = parsed.scenario;
    let endpoint: ReturnType<ScenarioEndpointPort>;
    if (callsEndpoint(flow)) {
      endpoint = deps.scenarioEndpoint?.(workspaceId, version, scenarioFlowToken(scenario));
      if (endpoint === undefined) {
        const why = deps.scenarioEndpoint === undefined ? 'this server has no data endpoint to answer it' : 'the version cannot be served by the data endpoint';
        results.push(toRunResult(failedBeforeStart(scenario, `the Flow calls its data endpoint, but ${why}`)));
        continue;
      }
    }
    const result = await playScenario(scenario, {
      flow,
      now: deps.now(),
      ...(endpoint === undefined ? {} : { endpoint: endpoint.endpoint, signFlowToken: endpoint.signFlowToken }),
    });
    results.push(toRunResult(result));
  }
  const passed = results.filter((r) => r.passed).length;
  return { version: version.number, total: results.length, passed, failed: results.length - passed, results };
}
