export { main } from './main.js';
export type { CliIo, OutputStream } from './cli-io.js';
export { runScenario, runScenarioFile, parseScenario, createEndpointClient, createSimulator } from './scenario/index.js';
export type {
  RunScenarioOptions,
  ScenarioResult,
  ScenarioFailure,
  Scenario,
  ScenarioStep,
  Expectation,
  ScenarioEndpoint,
  EndpointClient,
  EndpointOutcome,
  Simulator,
} from './scenario/index.js';
