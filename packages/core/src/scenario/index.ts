export { parseScenario, type ParseScenarioOptions, type ParseScenarioResult } from './parse-scenario.js';
export { failedBeforeStart, playScenario, scenarioFlowToken, scenarioName, type PlayScenarioOptions, type ScenarioFailure, type ScenarioResult } from './play-scenario.js';
export { pressByName } from './press-by-name.js';
export type { Expectation, Scenario, ScenarioEndpoint, ScenarioStep } from './scenario.js';
export { createSimulator, type EndpointClient, type EndpointExchange, type EndpointOutcome, type Simulator, type SimulatorOptions, type SimulatorResult, type SimulatorStart } from './simulator.js';
