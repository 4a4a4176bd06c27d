import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseScenario, type ScenarioResult } from '@flowline/core';
import { parseScenarioText } from './parse-scenario-text.js';
import { runScenario, type RunScenarioOptions } from './run-scenario.js';

/** Reads, parses (JSON or YAML) and runs one scenario file; an unreadable or malformed file is a failed result. */
export async function runScenarioFile(path: string, options: Omit<RunScenarioOptions, 'baseDir'> = {}): Promise<ScenarioResult> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return { name: path, passed: false, steps: 0, failure: { message: `cannot read ${path}` }, transcript: [] };
  const document = parseScenarioText(path, text);
  if (!document.ok) return { name: path, passed: false, steps: 0, failure: { message: document.error }, transcript: [] };
  const parsed = parseScenario(document.value);
  if (!parsed.ok) {
    return { name: path, passed: false, steps: 0, failure: { message: `not a valid scenario: ${parsed.problems.join('; ')}` }, transcript: [] };
  }
  return runScenario(parsed.scenario, { ...options, baseDir: dirname(path) });
}
