import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { validateFlow, type Policy } from '@flowline/core';
import { stringFlag } from '../args/parse-args.js';
import { useColour } from '../cli-io.js';
import { collectFlowFiles } from '../validate/collect-flow-files.js';
import { loadPolicy } from '../validate/load-policy.js';
import { toValidationJson, toValidationText, type FileReport } from '../validate/report-validation.js';
import { EXIT_FAILED, EXIT_OK, type Command } from './command.js';
import { reportUsageError } from './run-command.js';

/** `flowline validate`: checks Flow JSON files against everything WhatsApp enforces, plus an optional policy. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check Flow JSON documents offline: Meta error codes with line and column, plus your policy.',
  usage: 'flowline validate <files or folders...> [--format json] [--policy <file>]',
  details: [
    'Folders are searched recursively for Flow files: *.flow.json, and any other *.json holding an',
    'object with "screens" (not *.scenario.json or expected.json). Other .json files of a',
    'folder (a policy, a package.json) are skipped and listed. Files named explicitly are always validated.',
    '',
    'Exit codes: 0 every document is valid, 1 some document is not, 2 usage error (unknown flag,',
    'missing file or folder, unreadable policy).',
  ].join('\n'),
  args: {
    flags: {
      format: { type: 'string', choices: ['text', 'json'], placeholder: '<text|json>', description: 'Output format (default text)' },
      policy: { type: 'string', placeholder: '<file>', description: 'Organisation policy (JSON) checked as warnings' },
    },
    minPositionals: 1,
  },
  async run(args, io) {
    const collected = await collectFlowFiles(args.positionals, io.cwd);
    if (!collected.ok) return reportUsageError(io, validateCommand, `no such file or folder: ${collected.missing}`);
    let policy: Policy | undefined;
    const policyFile = stringFlag(args, 'policy');
    if (policyFile !== undefined) {
      const loaded = await loadPolicy(resolve(io.cwd, policyFile));
      if (!loaded.ok) return reportUsageError(io, validateCommand, `policy ${policyFile}: ${loaded.error}`);
      policy = loaded.policy;
    }
    const now = io.now();
    const reports: FileReport[] = [];
    for (const file of collected.files) {
      const text = await readFile(file.path, 'utf8').catch(() => undefined);
      if (text === undefined) return reportUsageError(io, validateCommand, `cannot read ${file.display}`);
      const result = validateFlow(text, policy === undefined ? { now } : { policy, now });
      reports.push({ file: file.display, valid: result.valid, errors: result.errors, warnings: result.warnings, text });
    }
    if (stringFlag(args, 'format') === 'json') io.stdout.write(toValidationJson(reports, collected.skipped));
    else io.stdout.write(toValidationText(reports, useColour(io.stdout, io.env), collected.skipped));
    return reports.every((r) => r.valid) ? EXIT_OK : EXIT_FAILED;
  },
};
