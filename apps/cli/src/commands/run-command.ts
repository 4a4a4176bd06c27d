import { parseArgs } from '../args/parse-args.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_OK, EXIT_USAGE, type Command } from './command.js';

/** Renders a command's `--help` text: synopsis, options and details. */
export function formatHelp(command: Command): string {
  const lines = [`Usage: ${command.usage}`, '', command.summary];
  const flags = Object.entries(command.args.flags);
  lines.push('', 'Options:');
  const rows = flags.map(([name, flag]) => {
    const left = `--${name}${flag.type === 'string' ? ` ${flag.placeholder ?? '<value>'}` : ''}`;
    return [left, flag.description] as const;
  });
  rows.push(['-h, --help', 'Show this help']);
  const width = Math.max(...rows.map(([left]) => left.length));
  for (const [left, description] of rows) lines.push(`  ${left.padEnd(width)}  ${description}`);
  if (command.details !== undefined) lines.push('', command.details);
  return `${lines.join('\n')}\n`;
}

/** Writes a usage error the same way for every command and returns exit code 2. */
export function reportUsageError(io: CliIo, command: Command, message: string): number {
  io.stderr.write(`flowline ${command.name}: ${message}\n`);
  io.stderr.write(`Usage: ${command.usage}\n`);
  io.stderr.write(`Run 'flowline ${command.name} --help' for details.\n`);
  return EXIT_USAGE;
}

/** Parses a command's arguments, answers `--help`, reports usage errors, then runs it. */
export async function runCommand(command: Command, argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv, command.args);
  if (!parsed.ok) return reportUsageError(io, command, parsed.error);
  if (parsed.args.help) {
    io.stdout.write(formatHelp(command));
    return EXIT_OK;
  }
  return command.run(parsed.args, io);
}
