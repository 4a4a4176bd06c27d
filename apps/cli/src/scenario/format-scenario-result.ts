import type { ScenarioResult } from '@flowline/core';

const paint = (on: boolean, code: string, text: string): string => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

/** One scenario's readable result: a pass/fail line, then the failure naming the step. */
export function formatScenarioResult(result: ScenarioResult, file: string, colour: boolean): string {
  const label = result.name === file ? file : `${result.name} (${file})`;
  if (result.passed) return `${paint(colour, '32', 'PASS')}  ${label}  ${result.steps} step${result.steps === 1 ? '' : 's'}\n`;
  const failure = result.failure;
  let out = `${paint(colour, '31', 'FAIL')}  ${label}\n`;
  if (failure !== undefined) {
    const where = failure.step === undefined ? '' : `step ${failure.step} ${failure.stepJson ?? ''}: `;
    out += `      ${where}${failure.message}\n`;
  }
  return out;
}

/** The summary line of a test run: `N passed, N failed`. */
export function formatSummary(results: readonly ScenarioResult[]): string {
  const passed = results.filter((r) => r.passed).length;
  return `${passed} passed, ${results.length - passed} failed\n`;
}

/** The JSON form of a result, as printed by `--format json`. */
export function toResultJson(result: ScenarioResult, file: string): Record<string, unknown> {
  const out: Record<string, unknown> = { name: result.name, file, passed: result.passed, steps: result.steps };
  if (result.failure !== undefined) out['failure'] = result.failure;
  if (result.completed !== undefined) out['completed'] = result.completed;
  return out;
}
