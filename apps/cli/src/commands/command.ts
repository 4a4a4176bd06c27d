import type { ArgsSpec, ParsedArgs } from '../args/parse-args.js';
import type { CliIo } from '../cli-io.js';

/** Exit codes of every command: success, a failed check, and a usage error. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** One `flowline` subcommand: its arguments, help text and behaviour. */
export interface Command {
  /** Words after `flowline`, e.g. `validate` or `keys generate`. */
  readonly name: string;
  readonly summary: string;
  /** Synopsis line, e.g. `flowline validate <files or folders...> [--format json]`. */
  readonly usage: string;
  /** Extra paragraphs for `--help` (exit codes, defaults, examples). */
  readonly details?: string;
  readonly args: ArgsSpec;
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}
