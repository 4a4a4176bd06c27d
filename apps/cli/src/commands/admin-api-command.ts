import type { ParsedArgs } from '../args/parse-args.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_FAILED, type Command } from './command.js';
import { reportUsageError } from './run-command.js';

// Commands over the admin API (`flowline whatsapp …`, `flowline contacts …`): the token is read from the
// environment, never from the command line (where `ps` would show it).

/** `--server`: the Flowline server the command calls. */
export const SERVER_FLAG = { type: 'string', placeholder: '<url>', description: 'Flowline server (default FLOWLINE_SERVER_URL or http://127.0.0.1:3000)' } as const;
/** `--json`: print the API answer as JSON. */
export const JSON_FLAG = { type: 'boolean', description: 'Print the API answer as JSON' } as const;
/** The flags every admin-API command takes. */
export const COMMON = { server: SERVER_FLAG, json: JSON_FLAG };
/** Where the token comes from, for the help text. */
export const AUTH_NOTE = 'The admin token is read from FLOWLINE_TOKEN (else FLOWLINE_ADMIN_TOKEN).';

/** An admin API answer, or why there is none. */
export type Answer = { ok: true; status: number; body: Record<string, unknown> } | { ok: false; message: string };

/** Calls the admin API; failures come back as a message (HTTP errors carry the API's `error.message`). */
export async function callApi(io: CliIo, args: ParsedArgs, method: string, path: string, body?: unknown): Promise<Answer> {
  const token = io.env['FLOWLINE_TOKEN'] ?? io.env['FLOWLINE_ADMIN_TOKEN'];
  const server = (typeof args.flags['server'] === 'string' ? args.flags['server'] : io.env['FLOWLINE_SERVER_URL'] ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  let response: Response;
  try {
    response = await io.fetch(`${server}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token ?? ''}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    return { ok: false, message: `cannot reach ${server} (${error instanceof Error ? error.message : String(error)})` };
  }
  const text = await response.text();
  let parsed: Record<string, unknown> = {};
  try {
    const value = text === '' ? {} : (JSON.parse(text) as unknown);
    if (typeof value === 'object' && value !== null) parsed = value as Record<string, unknown>;
  } catch {
    return { ok: false, message: `${server} answered HTTP ${response.status} with a body that is not JSON` };
  }
  if (!response.ok) {
    const error = parsed['error'] as { code?: string; message?: string } | undefined;
    return { ok: false, message: `${error?.message ?? `HTTP ${response.status}`}${error?.code === undefined ? '' : ` [${error.code}]`}` };
  }
  return { ok: true, status: response.status, body: parsed };
}

/** Wraps a command body: checks the token, runs, prints the failure message. */
export function apiCommand(spec: Omit<Command, 'run'>, run: (args: ParsedArgs, io: CliIo, self: Command) => Promise<number>): Command {
  const command: Command = {
    ...spec,
    async run(args, io) {
      if ((io.env['FLOWLINE_TOKEN'] ?? io.env['FLOWLINE_ADMIN_TOKEN'] ?? '') === '') return reportUsageError(io, command, 'set FLOWLINE_TOKEN (or FLOWLINE_ADMIN_TOKEN) to an admin API token');
      return run(args, io, command);
    },
  };
  return command;
}

/** Prints a command's failure and returns its exit code. */
export function fail(io: CliIo, command: Command, message: string): number {
  io.stderr.write(`flowline ${command.name}: ${message}\n`);
  return EXIT_FAILED;
}

/** Prints a value as indented JSON. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
