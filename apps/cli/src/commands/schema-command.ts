import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FLOW_JSON_VERSIONS, LATEST_FLOW_JSON_VERSION, toJsonSchema } from '@flowline/core';
import { stringFlag } from '../args/parse-args.js';
import { EXIT_FAILED, EXIT_OK, type Command } from './command.js';
import { reportUsageError } from './run-command.js';

const LATEST: string = LATEST_FLOW_JSON_VERSION;

/** `flowline schema`: prints the JSON Schema of a Flow JSON version, for editors and other tools. */
export const schemaCommand: Command = {
  name: 'schema',
  summary: 'Print the JSON Schema of Flow JSON for one version (for editor autocompletion).',
  usage: 'flowline schema [--version 7.3] [--out <file>]',
  details: 'Exit codes: 0 printed or written, 1 the file could not be written, 2 usage error (unknown version).',
  args: {
    flags: {
      version: { type: 'string', placeholder: '<x.y>', description: `Flow JSON version (default ${LATEST})` },
      out: { type: 'string', placeholder: '<file>', description: 'Write the schema to a file instead of stdout' },
    },
    maxPositionals: 0,
  },
  async run(args, io) {
    const version = stringFlag(args, 'version') ?? LATEST;
    const known: string[] = FLOW_JSON_VERSIONS.map((v) => v.version);
    if (!known.includes(version)) {
      return reportUsageError(io, schemaCommand, `unknown Flow JSON version '${version}' (known: ${known.join(', ')})`);
    }
    const text = `${JSON.stringify(toJsonSchema(version), null, 2)}\n`;
    const out = stringFlag(args, 'out');
    if (out === undefined) {
      io.stdout.write(text);
      return EXIT_OK;
    }
    try {
      await writeFile(resolve(io.cwd, out), text);
    } catch (error) {
      io.stderr.write(`flowline schema: cannot write ${out}: ${error instanceof Error ? error.message : String(error)}\n`);
      return EXIT_FAILED;
    }
    io.stderr.write(`wrote the Flow JSON ${version} schema to ${out}\n`);
    return EXIT_OK;
  },
};
