import { processIo, type CliIo } from './cli-io.js';
import { EXIT_OK, EXIT_USAGE, type Command } from './commands/command.js';
import { COMMANDS } from './commands/commands.js';
import { runCommand } from './commands/run-command.js';

function formatOverview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const rows = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: flowline <command> [options]',
    '',
    'Commands:',
    ...rows,
    '',
    "Run 'flowline <command> --help' for a command's options and exit codes.",
    '',
  ].join('\n');
}

/** The help of a command group (`flowline keys --help`): its subcommands and how to get their help. */
function formatGroupHelp(group: string, commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `Usage: flowline ${group} <subcommand> [options]`,
    '',
    'Subcommands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    ...commands.map((c) => `  ${c.usage}`),
    '',
    `Run 'flowline ${group} <subcommand> --help' for a subcommand's options and exit codes.`,
    '',
  ].join('\n');
}

/** Finds the command named by the leading words of argv (`keys generate` before `keys`). */
function findCommand(argv: readonly string[]): { command: Command; rest: readonly string[] } | undefined {
  let best: { command: Command; rest: readonly string[] } | undefined;
  for (const command of COMMANDS) {
    const words = command.name.split(' ');
    if (words.every((w, i) => argv[i] === w) && (best === undefined || words.length > best.command.name.split(' ').length)) {
      best = { command, rest: argv.slice(words.length) };
    }
  }
  return best;
}

/** Entry point of the `flowline` command: parses argv, dispatches to a subcommand, returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    (first === undefined ? io.stderr : io.stdout).write(formatOverview());
    return first === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (first === '--version') {
    io.stdout.write('flowline 0.1.0\n');
    return EXIT_OK;
  }
  const found = findCommand(argv);
  if (found === undefined) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${first} `));
    if (group.length > 0) {
      const sub = argv[1];
      if (sub === '--help' || sub === '-h') {
        io.stdout.write(formatGroupHelp(first, group));
        return EXIT_OK;
      }
      io.stderr.write(sub === undefined || sub.startsWith('-') ? `flowline ${first}: missing subcommand\n` : `flowline ${first}: unknown subcommand '${sub}'\n`);
      for (const c of group) io.stderr.write(`  ${c.usage}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`flowline: unknown command '${first}'\n\n${formatOverview()}`);
    return EXIT_USAGE;
  }
  return runCommand(found.command, found.rest, io);
}
