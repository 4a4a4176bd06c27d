import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseScenario } from './parse-scenario.js';
import { runScenario, type RunScenarioOptions, type ScenarioResult } from './run-scenario.js';

/** Reads, parses and runs one scenario file; an unreadable or malformed file is a failed result. */
export async function runScenarioFile(path: string, options: Omit<RunScenarioOptions, 'baseDir'> = {}): Promise<ScenarioResult> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return { name: path, passed: false, steps: 0, failure: { message: `cannot read ${path}` }, transcript: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = `not valid JSON (${error instanceof Error ? error.message : String(error)})`;
    return { name: path, passed: false, steps: 0, failure: { message }, transcript: [] };
  }
  const parsed = parseScenario(value);
  if (!parsed.ok) {
    return { name: path, passed: false, steps: 0, failure: { message: `not a valid scenario: ${parsed.problems.join('; ')}` }, transcript: [] };
  }
  return runScenario(parsed.scenario, { ...options, baseDir: dirname(path) });
}
