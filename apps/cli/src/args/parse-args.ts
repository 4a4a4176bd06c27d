/** How one flag of a command is declared. */
export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  /** Allowed values of a string flag. */
  readonly choices?: readonly string[];
  /** Placeholder shown in help, e.g. `<file>`. */
  readonly placeholder?: string;
  readonly description: string;
}

/** The flags and positional arguments a command accepts. */
export interface ArgsSpec {
  readonly flags: Readonly<Record<string, FlagSpec>>;
  readonly minPositionals?: number;
  readonly maxPositionals?: number;
}

/** Parsed command line: string flags map to their value, boolean flags to `true`. */
export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly flags: Readonly<Record<string, string | true>>;
  readonly help: boolean;
}

/** The outcome of parsing: the arguments, or a usage error message (exit code 2). */
export type ParseArgsResult = { ok: true; args: ParsedArgs } | { ok: false; error: string };

/**
 * Parses `--flag value`, `--flag=value`, boolean `--flag`, `-h`/`--help` and `--` (end of flags).
 * Unknown flags, missing values and invalid choices are usage errors, returned as values.
 */
export function parseArgs(argv: readonly string[], spec: ArgsSpec): ParseArgsResult {
  const positionals: string[] = [];
  const flags: Record<string, string | true> = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) return { ok: false, error: `unknown option '${arg}'` };
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const flag = Object.hasOwn(spec.flags, name) ? spec.flags[name] : undefined;
    if (flag === undefined) return { ok: false, error: `unknown option '--${name}'` };
    if (flag.type === 'boolean') {
      if (eq !== -1) return { ok: false, error: `option '--${name}' takes no value` };
      flags[name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || (value.startsWith('--') && value.length > 2)) {
        return { ok: false, error: `option '--${name}' needs a value${flag.placeholder ? ` ${flag.placeholder}` : ''}` };
      }
      i++;
    }
    if (flag.choices !== undefined && !flag.choices.includes(value)) {
      return { ok: false, error: `option '--${name}' must be one of ${flag.choices.join(', ')} (got '${value}')` };
    }
    flags[name] = value;
  }
  if (!help) {
    if (spec.minPositionals !== undefined && positionals.length < spec.minPositionals) {
      return { ok: false, error: 'missing arguments' };
    }
    if (spec.maxPositionals !== undefined && positionals.length > spec.maxPositionals) {
      return { ok: false, error: `unexpected argument '${positionals[spec.maxPositionals] ?? ''}'` };
    }
  }
  return { ok: true, args: { positionals, flags, help } };
}

/** Reads a string flag, or undefined when it was not given. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags[name];
  return typeof value === 'string' ? value : undefined;
}
