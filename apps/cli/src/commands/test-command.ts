import { relative } from 'node:path';
import type { ScenarioResult } from '@flowline/core';
import { stringFlag } from '../args/parse-args.js';
import { useColour } from '../cli-io.js';
import { collectScenarioFiles } from '../files/collect-scenario-files.js';
import { formatScenarioResult, formatSummary, toResultJson } from '../scenario/format-scenario-result.js';
import { runScenarioFile } from '../scenario/run-scenario-file.js';
import { EXIT_FAILED, EXIT_OK, type Command } from './command.js';
import { reportUsageError } from './run-command.js';

/** `flowline test`: runs scenario files (Flow tests) and prints `N passed, N failed`. */
export const testCommand: Command = {
  name: 'test',
  summary: 'Run scenario files (*.scenario.json, *.scenario.yaml) that play the customer; for CI.',
  usage: 'flowline test [files, folders or globs...] [--format json]',
  details: [
    'Without arguments, every *.scenario.json, *.scenario.yaml and *.scenario.yml under the current',
    "folder is run. Quote globs ('tests/**/*.scenario.json') so the shell passes them on. A scenario is",
    'JSON, or YAML for files ending in .yaml or .yml (same fields). The format is in docs/scenarios.md.',
    '',
    'Exit codes: 0 every scenario passed, 1 some scenario failed, 2 usage error (nothing found).',
  ].join('\n'),
  args: {
    flags: {
      format: { type: 'string', choices: ['text', 'json'], placeholder: '<text|json>', description: 'Output format (default text)' },
    },
  },
  async run(args, io) {
    const collected = await collectScenarioFiles(args.positionals, io.cwd);
    if (!collected.ok) return reportUsageError(io, testCommand, `no such file, folder or match: ${collected.missing}`);
    if (collected.files.length === 0) return reportUsageError(io, testCommand, 'no scenario files (*.scenario.json, *.scenario.yaml, *.scenario.yml) found');
    const json = stringFlag(args, 'format') === 'json';
    const colour = useColour(io.stdout, io.env);
    const results: ScenarioResult[] = [];
    const rows: Record<string, unknown>[] = [];
    for (const path of collected.files) {
      const file = relative(io.cwd, path) || path;
      const result = await runScenarioFile(path, { fetch: io.fetch, env: io.env, now: io.now });
      results.push(result);
      if (json) rows.push(toResultJson(result, file));
      else io.stdout.write(formatScenarioResult(result, file, colour));
    }
    const passed = results.filter((r) => r.passed).length;
    if (json) io.stdout.write(`${JSON.stringify({ results: rows, passed, failed: results.length - passed }, null, 2)}\n`);
    else io.stdout.write(`\n${formatSummary(results)}`);
    return passed === results.length ? EXIT_OK : EXIT_FAILED;
  },
};
