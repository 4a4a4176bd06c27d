import type { ParsedArgs } from '../args/parse-args.js';
import type { CliIo } from '../cli-io.js';
import { EXIT_FAILED, EXIT_OK, type Command } from './command.js';
import { reportUsageError } from './run-command.js';

// `flowline whatsapp …`: the admin API's WhatsApp routes (docs/whatsapp.md) from a terminal or CI.
// Secrets are read from the environment, never from the command line (where `ps` would show them).

const SERVER_FLAG = { type: 'string', placeholder: '<url>', description: 'Flowline server (default FLOWLINE_SERVER_URL or http://127.0.0.1:3000)' } as const;
const JSON_FLAG = { type: 'boolean', description: 'Print the API answer as JSON' } as const;
const COMMON = { server: SERVER_FLAG, json: JSON_FLAG };
const AUTH_NOTE = 'The admin token is read from FLOWLINE_TOKEN (else FLOWLINE_ADMIN_TOKEN).';
const EXITS = 'Exit codes: 0 done, 1 Meta or the server refused (the reason is printed), 2 usage error (no token, bad flag).';

type Answer = { ok: true; status: number; body: Record<string, unknown> } | { ok: false; message: string };

/** Calls the admin API; failures come back as a message (HTTP errors carry the API's `error.message`). */
async function callApi(io: CliIo, args: ParsedArgs, method: string, path: string, body?: unknown): Promise<Answer> {
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
function apiCommand(spec: Omit<Command, 'run'>, run: (args: ParsedArgs, io: CliIo, self: Command) => Promise<number>): Command {
  const command: Command = {
    ...spec,
    async run(args, io) {
      if ((io.env['FLOWLINE_TOKEN'] ?? io.env['FLOWLINE_ADMIN_TOKEN'] ?? '') === '') return reportUsageError(io, command, 'set FLOWLINE_TOKEN (or FLOWLINE_ADMIN_TOKEN) to an admin API token');
      return run(args, io, command);
    },
  };
  return command;
}

function fail(io: CliIo, command: Command, message: string): number {
  io.stderr.write(`flowline ${command.name}: ${message}\n`);
  return EXIT_FAILED;
}

function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function flowIdOf(args: ParsedArgs): string {
  return encodeURIComponent(args.positionals[0] ?? '');
}

/** `flowline whatsapp connect`: saves the workspace's WhatsApp connection. */
export const whatsappConnectCommand: Command = apiCommand({
  name: 'whatsapp connect',
  summary: 'Save the WhatsApp connection (WABA, phone number, token from the environment).',
  usage: 'flowline whatsapp connect --waba <id> --phone-number <id> [--graph-url <url>] [--graph-version v23.0] [--server <url>]',
  details: [
    'Secrets come from the environment: FLOWLINE_WHATSAPP_ACCESS_TOKEN (the system-user token), FLOWLINE_APP_SECRET',
    'and FLOWLINE_WEBHOOK_VERIFY_TOKEN; an unset one keeps the stored value. They are encrypted at rest and never shown.',
    AUTH_NOTE, '', EXITS,
  ].join('\n'),
  args: {
    flags: {
      ...COMMON,
      waba: { type: 'string', placeholder: '<id>', description: 'WhatsApp Business Account id' },
      'phone-number': { type: 'string', placeholder: '<id>', description: 'Cloud API phone number id' },
      'graph-url': { type: 'string', placeholder: '<url>', description: 'Graph API base URL (default https://graph.facebook.com)' },
      'graph-version': { type: 'string', placeholder: '<v>', description: 'Graph API version (default v23.0)' },
    },
    maxPositionals: 0,
  },
}, async (args, io, self) => {
  const waba = args.flags['waba'];
  const phone = args.flags['phone-number'];
  if (typeof waba !== 'string' || typeof phone !== 'string') return reportUsageError(io, self, '--waba and --phone-number are required');
  const env = (name: string) => (io.env[name] === undefined || io.env[name] === '' ? undefined : io.env[name]);
  const body = {
    wabaId: waba, phoneNumberId: phone,
    ...(env('FLOWLINE_WHATSAPP_ACCESS_TOKEN') === undefined ? {} : { accessToken: env('FLOWLINE_WHATSAPP_ACCESS_TOKEN') }),
    ...(env('FLOWLINE_APP_SECRET') === undefined ? {} : { appSecret: env('FLOWLINE_APP_SECRET') }),
    ...(env('FLOWLINE_WEBHOOK_VERIFY_TOKEN') === undefined ? {} : { webhookVerifyToken: env('FLOWLINE_WEBHOOK_VERIFY_TOKEN') }),
    ...(typeof args.flags['graph-url'] === 'string' ? { graphBaseUrl: args.flags['graph-url'] } : {}),
    ...(typeof args.flags['graph-version'] === 'string' ? { graphApiVersion: args.flags['graph-version'] } : {}),
  };
  const answer = await callApi(io, args, 'PUT', '/whatsapp/connection', body);
  if (!answer.ok) return fail(io, self, answer.message);
  if (args.flags['json'] === true) printJson(io, answer.body);
  else io.stdout.write(`Connected WABA ${waba}, phone number ${phone}. Run 'flowline whatsapp status' to check it against Meta.\n`);
  return EXIT_OK;
});

/** `flowline whatsapp status`: the connection and Meta's verdict on it. */
export const whatsappStatusCommand: Command = apiCommand({
  name: 'whatsapp status',
  summary: 'Show the WhatsApp connection and check it against Meta (token, WABA, number, key).',
  usage: 'flowline whatsapp status [--server <url>] [--json]',
  details: `${AUTH_NOTE}\n\nExit codes: 0 every check passed, 1 a check failed or the call failed, 2 usage error.`,
  args: { flags: COMMON, maxPositionals: 0 },
}, async (args, io, self) => {
  const view = await callApi(io, args, 'GET', '/whatsapp/connection');
  if (!view.ok) return fail(io, self, view.message);
  if (view.body['configured'] !== true) return fail(io, self, "WhatsApp is not connected; run 'flowline whatsapp connect'");
  const check = await callApi(io, args, 'POST', '/whatsapp/connection/check');
  if (!check.ok) return fail(io, self, check.message);
  if (args.flags['json'] === true) printJson(io, { connection: view.body, check: check.body });
  else {
    io.stdout.write(`WABA ${String(view.body['wabaId'])}, phone number ${String(view.body['phoneNumberId'])} (${String(view.body['source'])})\n`);
    for (const c of (check.body['checks'] as { name: string; ok: boolean; message: string }[] | undefined) ?? []) io.stdout.write(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.message}\n`);
  }
  return check.body['ok'] === true ? EXIT_OK : EXIT_FAILED;
});

/** `flowline whatsapp keys register`: uploads the endpoint public key to the phone number. */
export const whatsappKeysRegisterCommand: Command = apiCommand({
  name: 'whatsapp keys register',
  summary: 'Register the endpoint public key with the phone number on Meta.',
  usage: 'flowline whatsapp keys register [--server <url>] [--json]',
  details: `${AUTH_NOTE}\n\n${EXITS}`,
  args: { flags: COMMON, maxPositionals: 0 },
}, async (args, io, self) => {
  const answer = await callApi(io, args, 'POST', '/whatsapp/keys/register');
  if (!answer.ok) return fail(io, self, answer.message);
  if (args.flags['json'] === true) printJson(io, answer.body);
  else io.stdout.write(`Registered; Meta's signature status: ${String(answer.body['signatureStatus'])}${answer.body['matches'] === true ? '' : ' (but Meta holds another key)'}\n`);
  return answer.body['signatureStatus'] === 'VALID' && answer.body['matches'] === true ? EXIT_OK : EXIT_FAILED;
});

/** `flowline whatsapp flows push <flowId>`: uploads a version to the Flow's Meta draft. */
export const whatsappFlowsPushCommand: Command = apiCommand({
  name: 'whatsapp flows push',
  summary: 'Upload a Flow version to Meta (creates the Meta Flow when needed); prints Meta\'s validation errors.',
  usage: 'flowline whatsapp flows push <flowId> [--version <n>] [--category <CATEGORY>] [--server <url>] [--json]',
  details: `${AUTH_NOTE}\n\nExit codes: 0 pushed and valid on Meta, 1 Meta reported validation errors or refused, 2 usage error.`,
  args: {
    flags: {
      ...COMMON,
      version: { type: 'string', placeholder: '<n>', description: 'Version to push (default the latest)' },
      category: { type: 'string', placeholder: '<CATEGORY>', description: 'Meta category of a new Meta Flow (default OTHER)' },
    },
    minPositionals: 1, maxPositionals: 1,
  },
}, async (args, io, self) => {
  const version = args.flags['version'];
  if (typeof version === 'string' && !/^\d+$/.test(version)) return reportUsageError(io, self, '--version must be a version number');
  const body = {
    ...(typeof version === 'string' ? { version: Number(version) } : {}),
    ...(typeof args.flags['category'] === 'string' ? { categories: [args.flags['category']] } : {}),
  };
  const answer = await callApi(io, args, 'POST', `/flows/${flowIdOf(args)}/whatsapp/push`, body);
  if (!answer.ok) return fail(io, self, answer.message);
  if (args.flags['json'] === true) printJson(io, answer.body);
  else {
    const meta = answer.body['meta'] as { graphFlowId?: string; version?: number } | undefined;
    io.stdout.write(`Pushed version ${String(meta?.version)} to Meta Flow ${String(meta?.graphFlowId)}${answer.body['created'] === true ? ' (created)' : ''}.\n`);
    for (const e of (answer.body['metaValidationErrors'] as { error?: string; message?: string; line_start?: number; column_start?: number }[] | undefined) ?? []) {
      io.stdout.write(`  Meta ${String(e.line_start ?? '?')}:${String(e.column_start ?? '?')} ${e.error ?? ''} ${e.message ?? ''}\n`);
    }
    if (Number(answer.body['findings'] ?? 0) > 0) io.stdout.write(`  ${String(answer.body['findings'])} fidelity finding(s): Meta and Flowline disagree (GET /api/v1/whatsapp/findings)\n`);
  }
  return answer.body['valid'] === true ? EXIT_OK : EXIT_FAILED;
});

function flowAction(name: 'publish' | 'deprecate' | 'status', summary: string): Command {
  return apiCommand({
    name: `whatsapp flows ${name}`,
    summary,
    usage: `flowline whatsapp flows ${name} <flowId> [--server <url>] [--json]`,
    details: `${AUTH_NOTE}\n\n${EXITS}`,
    args: { flags: COMMON, minPositionals: 1, maxPositionals: 1 },
  }, async (args, io, self) => {
    const path = `/flows/${flowIdOf(args)}/whatsapp${name === 'status' ? '' : `/${name}`}`;
    const answer = await callApi(io, args, name === 'status' ? 'GET' : 'POST', path);
    if (!answer.ok) return fail(io, self, answer.message);
    if (args.flags['json'] === true) {
      printJson(io, answer.body);
      return EXIT_OK;
    }
    if (name === 'publish') {
      const meta = answer.body['meta'] as { graphFlowId?: string; version?: number } | undefined;
      io.stdout.write(`Published version ${String(meta?.version)} as Meta Flow ${String(meta?.graphFlowId)}.\n`);
      for (const id of (answer.body['deprecated'] as string[] | undefined) ?? []) io.stdout.write(`  deprecated the previous Meta Flow ${id}\n`);
      for (const warning of (answer.body['warnings'] as string[] | undefined) ?? []) io.stdout.write(`  warning: ${warning}\n`);
    } else if (name === 'deprecate') {
      io.stdout.write(`Deprecated ${((answer.body['deprecated'] as string[] | undefined) ?? []).join(', ')}.\n`);
    } else {
      const history = (answer.body['history'] as { graphFlowId: string; status: string; version: number | null }[] | undefined) ?? [];
      if (history.length === 0) io.stdout.write('Not on Meta yet.\n');
      for (const m of history) io.stdout.write(`  ${m.graphFlowId}  ${m.status.padEnd(10)} version ${String(m.version ?? '-')}\n`);
    }
    return EXIT_OK;
  });
}

export const whatsappFlowsPublishCommand = flowAction('publish', 'Publish the Flow\'s pushed draft on Meta (a published Flow gets a new Meta Flow; the old one is deprecated).');
export const whatsappFlowsDeprecateCommand = flowAction('deprecate', 'Deprecate the Flow on Meta (no more sends; cannot be undone).');
export const whatsappFlowsStatusCommand = flowAction('status', 'Show the Flow\'s Meta Flows: ids, status and pushed version.');

/** Every `flowline whatsapp …` command. */
export const WHATSAPP_COMMANDS: readonly Command[] = [
  whatsappConnectCommand, whatsappStatusCommand, whatsappKeysRegisterCommand, whatsappFlowsPushCommand, whatsappFlowsPublishCommand, whatsappFlowsDeprecateCommand, whatsappFlowsStatusCommand,
];

