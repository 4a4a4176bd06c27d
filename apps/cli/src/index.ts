export { main } from './main.js';
export type { CliIo, OutputStream } from './cli-io.js';
export { runScenario, runScenarioFile } from './scenario/index.js';
export type { RunScenarioOptions } from './scenario/index.js';
// The runner's parts live in core (the one scenario runner) and protocol (the endpoint client); kept here for the CLI's library users.
export { createSimulator, parseScenario } from '@flowline/core';
export type { EndpointClient, EndpointOutcome, Expectation, Scenario, ScenarioEndpoint, ScenarioFailure, ScenarioResult, ScenarioStep, Simulator } from '@flowline/core';
export { createEndpointClient } from '@flowline/protocol';
