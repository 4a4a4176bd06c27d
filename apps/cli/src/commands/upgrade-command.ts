import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FLOW_JSON_VERSIONS, LATEST_FLOW_JSON_VERSION, upgradeFlow } from '@flowline/core';
import { stringFlag } from '../args/parse-args.js';
import { toUpgradeJson, toUpgradeText } from '../upgrade/report-upgrade.js';
import { EXIT_FAILED, EXIT_OK, type Command } from './command.js';
import { reportUsageError } from './run-command.js';

const LATEST: string = LATEST_FLOW_JSON_VERSION;

/** `flowline upgrade`: migrates a Flow JSON document to a newer version and says what it could not migrate. */
export const upgradeCommand: Command = {
  name: 'upgrade',
  summary: 'Migrate a Flow JSON document to a newer Flow JSON version, reporting what needs manual work.',
  usage: `flowline upgrade <flow.json> [--to ${LATEST}] [--write | --out <file>] [--force] [--format json]`,
  details: [
    'Rewrites what changed between versions, one step per version (docs/upgrade.md), then validates the',
    'result at the target version. Without --write or --out the upgraded document goes to stdout and the',
    'report to stderr; with them the report goes to stdout. A result that needs manual work is written',
    'only with --force.',
    '',
    'Exit codes: 0 upgraded with no manual work and valid at the target, 1 the document could not be',
    'upgraded or needs manual work (nothing written without --force), 2 usage error (unknown flag or',
    'version, missing file, --write with --out).',
  ].join('\n'),
  args: {
    flags: {
      to: { type: 'string', placeholder: '<x.y>', description: `Target Flow JSON version (default ${LATEST})` },
      write: { type: 'boolean', description: 'Replace the input file with the upgraded document' },
      out: { type: 'string', placeholder: '<file>', description: 'Write the upgraded document to this file' },
      force: { type: 'boolean', description: 'Write the document even when manual work remains' },
      format: { type: 'string', choices: ['text', 'json'], placeholder: '<text|json>', description: 'Report format (default text)' },
    },
    minPositionals: 1,
    maxPositionals: 1,
  },
  async run(args, io) {
    const file = args.positionals[0] ?? '';
    const to = stringFlag(args, 'to') ?? LATEST;
    const known: string[] = FLOW_JSON_VERSIONS.map((v) => v.version);
    if (!known.includes(to)) return reportUsageError(io, upgradeCommand, `unknown Flow JSON version '${to}' (known: ${known.join(', ')})`);
    const out = args.flags['write'] === true ? file : stringFlag(args, 'out');
    if (args.flags['write'] === true && stringFlag(args, 'out') !== undefined) return reportUsageError(io, upgradeCommand, '--write and --out cannot be used together');
    const text = await readFile(resolve(io.cwd, file), 'utf8').catch(() => undefined);
    if (text === undefined) return reportUsageError(io, upgradeCommand, `cannot read ${file}`);
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (error) {
      io.stderr.write(`flowline upgrade: ${file} is not JSON (${error instanceof Error ? error.message : String(error)}); run 'flowline validate ${file}' for the position.\n`);
      return EXIT_FAILED;
    }
    const result = upgradeFlow(doc, { to, now: io.now() });
    const json = stringFlag(args, 'format') === 'json';
    const write = out !== undefined && result.text !== undefined && (result.ok || args.flags['force'] === true);
    if (write) {
      try {
        await writeFile(resolve(io.cwd, out), result.text ?? '');
      } catch (error) {
        io.stderr.write(`flowline upgrade: cannot write ${out}: ${error instanceof Error ? error.message : String(error)}\n`);
        return EXIT_FAILED;
      }
    }
    if (json) {
      io.stdout.write(toUpgradeJson(file, result, write ? out : undefined));
    } else if (out === undefined) {
      if (result.text !== undefined) io.stdout.write(result.text);
      io.stderr.write(toUpgradeText(file, result));
    } else {
      io.stdout.write(toUpgradeText(file, result));
      io.stdout.write(write ? `wrote ${out}\n` : `not written: ${result.flow === undefined ? 'the document could not be upgraded' : 'manual work remains (--force writes it anyway)'}\n`);
    }
    return result.ok ? EXIT_OK : EXIT_FAILED;
  },
};
