export { runScenario } from './run-scenario.js';
export type { RunScenarioOptions } from './run-scenario.js';
export { runScenarioFile } from './run-scenario-file.js';
