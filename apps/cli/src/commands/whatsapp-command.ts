import type { ParsedArgs } from '../args/parse-args.js';
import { AUTH_NOTE, COMMON, EXITS, apiCommand, callApi, fail, printJson } from './admin-api.js';
import { EXIT_FAILED, EXIT_OK, type Command } from './command.js';
import { reportUsageError } from './run-command.js';

// `flowline whatsapp …`: the admin API's WhatsApp routes (docs/whatsapp.md) from a terminal or CI.
// Secrets are read from the environment, never from the command line (where `ps` would show them).

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

/** `flowline whatsapp keys rotate`: a new endpoint key pair, registered with Meta; the previous key decrypts for a grace period. */
export const whatsappKeysRotateCommand: Command = apiCommand({
  name: 'whatsapp keys rotate',
  summary: 'Rotate the endpoint key: new pair, registered with Meta; the old key decrypts for the grace period.',
  usage: 'flowline whatsapp keys rotate [--server <url>] [--json]',
  details: [
    'Generates a new key pair on the server (the private key encrypted with the key passphrase, like',
    'keys/private.pem), registers its public key with the phone number, and makes it current. The previous',
    'private key keeps decrypting for FLOWLINE_KEY_ROTATION_GRACE_HOURS (default 24), so requests WhatsApp',
    'encrypted before it fetched the new key still succeed; then it is deleted. Every server worker takes',
    'the new keys within a second, without a restart. If Meta refuses the new key, nothing changes.',
    AUTH_NOTE, '', EXITS,
  ].join('\n'),
  args: { flags: COMMON, maxPositionals: 0 },
}, async (args, io, self) => {
  const answer = await callApi(io, args, 'POST', '/whatsapp/keys/rotate');
  if (!answer.ok) return fail(io, self, answer.message);
  if (args.flags['json'] === true) {
    printJson(io, answer.body);
    return EXIT_OK;
  }
  const rotation = answer.body['rotation'] as { current?: { fingerprint?: string } } | undefined;
  const previous = answer.body['previous'] as { fingerprint?: string; retiresAt?: string } | undefined;
  io.stdout.write(`Rotated: the current key is ${String(rotation?.current?.fingerprint)} (Meta's signature status: ${String(answer.body['signatureStatus'])}).\n`);
  io.stdout.write(`The previous key ${String(previous?.fingerprint)} keeps decrypting until ${String(previous?.retiresAt)}.\n`);
  return EXIT_OK;
});

/** `flowline whatsapp flows push <flowId>`: uploads a version to the Flow's Meta draft. */
export const whatsappFlowsPushCommand: Command = apiCommand({
  name: 'whatsapp flows push',
  summary: 'Upload a Flow version to Meta (creates the Meta Flow when needed); prints Meta\'s validation errors.',
  usage: 'flowline whatsapp flows push <flowId> [--version <n>] [--category <CATEGORY>] [--server <url>] [--json]',
  details: `Each translated language whose translation is complete for the version goes to its own Meta Flow ("<Name> (es)"); an incomplete one is skipped (listed with why).\n${AUTH_NOTE}\n\nExit codes: 0 pushed and valid on Meta (every language pushed or skipped), 1 Meta reported validation errors or refused (the source or a language), 2 usage error.`,
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
    for (const l of languagesOf(answer.body)) {
      if (l.outcome === 'pushed') io.stdout.write(`  ${l.language}: pushed to Meta Flow ${String(l.meta?.graphFlowId)}${l.created === true ? ' (created)' : ''}${l.valid === false ? `: Meta reported ${String(l.metaValidationErrors?.length ?? 0)} validation error(s)` : ''}\n`);
      else io.stdout.write(`  ${l.language}: ${l.outcome}: ${l.reason ?? l.message ?? ''}\n`);
    }
  }
  const languagesOk = languagesOf(answer.body).every((l) => l.outcome === 'skipped' || (l.outcome === 'pushed' && l.valid === true));
  return answer.body['valid'] === true && languagesOk ? EXIT_OK : EXIT_FAILED;
});

/** One language of a push or publish answer (`languages`). */
type LanguageRow = { language: string; outcome: string; meta?: { graphFlowId?: string }; created?: boolean; valid?: boolean; metaValidationErrors?: unknown[]; reason?: string; message?: string };

function languagesOf(body: Record<string, unknown>): LanguageRow[] {
  return Array.isArray(body['languages']) ? (body['languages'] as LanguageRow[]) : [];
}

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
      for (const r of (answer.body['retiring'] as { graphFlowId: string; openSends: number }[] | undefined) ?? []) {
        io.stdout.write(`  the previous Meta Flow ${r.graphFlowId} is retiring: ${r.openSends} customer(s) still in it; deprecated on Meta once they finish or their flow tokens lapse (FLOWLINE_FLOW_TOKEN_DAYS)\n`);
      }
      for (const l of languagesOf(answer.body)) io.stdout.write(l.outcome === 'published' ? `  ${l.language}: published as Meta Flow ${String(l.meta?.graphFlowId)}\n` : `  ${l.language}: ${l.outcome}: ${l.message ?? ''}\n`);
      for (const warning of (answer.body['warnings'] as string[] | undefined) ?? []) io.stdout.write(`  warning: ${warning}\n`);
    } else if (name === 'deprecate') {
      io.stdout.write(`Deprecated ${((answer.body['deprecated'] as string[] | undefined) ?? []).join(', ')}.\n`);
    } else {
      const history = (answer.body['history'] as { graphFlowId: string; status: string; version: number | null; language?: string | null; retiringAt?: number | null; openSends?: number }[] | undefined) ?? [];
      if (history.length === 0) io.stdout.write('Not on Meta yet.\n');
      for (const m of history) {
        const retiring = m.retiringAt === null || m.retiringAt === undefined ? '' : `  retiring (${String(m.openSends ?? 0)} customer(s) still in it)`;
        const language = m.language === null || m.language === undefined ? '' : `  (${m.language})`;
        io.stdout.write(`  ${m.graphFlowId}  ${m.status.padEnd(10)} version ${String(m.version ?? '-')}${language}${retiring}\n`);
      }
      const languages = (answer.body['languages'] as { language: string; source: boolean; current: { graphFlowId?: string } | null; sendsOpen: { graphFlowId?: string | null; language?: string | null } }[] | undefined) ?? [];
      for (const l of languages) {
        const own = l.current?.graphFlowId === undefined ? 'no Meta Flow of its own' : `Meta Flow ${l.current.graphFlowId}`;
        const opens = l.sendsOpen.graphFlowId === undefined || l.sendsOpen.graphFlowId === null ? 'the Flow by its name' : `${l.sendsOpen.graphFlowId}${l.sendsOpen.language === l.language ? '' : ` (in ${String(l.sendsOpen.language)})`}`;
        io.stdout.write(`  ${l.language}${l.source ? ' (source)' : ''}: ${own}; sends in ${l.language} open ${opens}\n`);
      }
    }
    return EXIT_OK;
  });
}

export const whatsappFlowsPublishCommand = flowAction('publish', 'Publish the Flow\'s pushed draft on Meta (a published Flow gets a new Meta Flow; the old one is deprecated, or retiring while customers are still in it).');
export const whatsappFlowsDeprecateCommand = flowAction('deprecate', 'Deprecate the Flow on Meta (no more sends; cannot be undone).');
export const whatsappFlowsStatusCommand = flowAction('status', 'Show the Flow\'s Meta Flows: ids, status and pushed version.');

const FORMAT_FLAG = { type: 'string', choices: ['text', 'json'], placeholder: '<text|json>', description: 'Output format (default text; --json is the same as --format json)' } as const;
const LISTING = { ...COMMON, format: FORMAT_FLAG };

function wantsJson(args: ParsedArgs): boolean {
  return args.flags['json'] === true || args.flags['format'] === 'json';
}

/** Pads the columns of a small table (the first row is the header). */
function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd()).join('\n') + '\n';
}

type TemplateRow = { name: string; language: string; status: string; reason: string | null; category: string; flowId: string; graphTemplateId: string };

/** `flowline whatsapp templates list`: the FLOW-button templates with Meta's review status. */
export const whatsappTemplatesListCommand: Command = apiCommand({
  name: 'whatsapp templates list',
  summary: 'List the FLOW-button message templates made through Flowline, with Meta\'s review status.',
  usage: 'flowline whatsapp templates list [--refresh] [--format text|json] [--server <url>]',
  details: `Only APPROVED templates can be sent. --refresh reads the review status from Meta first (it also arrives on the message_template_status_update webhook).\n${AUTH_NOTE}\n\n${EXITS}`,
  args: { flags: { ...LISTING, refresh: { type: 'boolean', description: 'Read the review status from Meta first' } }, maxPositionals: 0 },
}, async (args, io, self) => {
  const answer = await callApi(io, args, 'GET', `/whatsapp/templates${args.flags['refresh'] === true ? '?refresh=true' : ''}`);
  if (!answer.ok) return fail(io, self, answer.message);
  if (wantsJson(args)) {
    printJson(io, answer.body);
    return EXIT_OK;
  }
  const items = (answer.body['items'] as TemplateRow[] | undefined) ?? [];
  if (items.length === 0) io.stdout.write('No templates yet: flowline whatsapp templates create --help\n');
  else io.stdout.write(table([['NAME', 'LANGUAGE', 'STATUS', 'CATEGORY', 'FLOW', 'META ID'], ...items.map((t) => [t.name, t.language, `${t.status}${t.reason === null ? '' : ` (${t.reason})`}`, t.category, t.flowId, t.graphTemplateId])]));
  return EXIT_OK;
});

/** `flowline whatsapp templates create`: a template whose FLOW button starts a Flow. */
export const whatsappTemplatesCreateCommand: Command = apiCommand({
  name: 'whatsapp templates create',
  summary: 'Create a message template whose FLOW button starts a Flow (Meta reviews it: PENDING first).',
  usage: 'flowline whatsapp templates create --name <name> --flow <flowId> --body <text> --button <label> [--language en_US] [--category MARKETING|UTILITY] [--examples <json>] [--action navigate|data_exchange] [--screen <id>] [--format text|json] [--server <url>]',
  details: [
    'The button points at the Flow\'s current Meta Flow: push and publish the Flow first.',
    'A body with variables {{1}}, {{2}}… needs one example each: --examples \'["Ana","Tuesday"]\'.',
    AUTH_NOTE, '', EXITS,
  ].join('\n'),
  args: {
    flags: {
      ...LISTING,
      name: { type: 'string', placeholder: '<name>', description: 'Template name: lower-case letters, digits and underscores' },
      flow: { type: 'string', placeholder: '<flowId>', description: 'The Flowline Flow the button starts' },
      body: { type: 'string', placeholder: '<text>', description: 'Body text (≤ 1024 characters)' },
      button: { type: 'string', placeholder: '<label>', description: 'Button label (≤ 25 characters)' },
      language: { type: 'string', placeholder: '<code>', description: 'Language code (default en_US)' },
      category: { type: 'string', choices: ['MARKETING', 'UTILITY'], placeholder: '<MARKETING|UTILITY>', description: 'Template category (default UTILITY)' },
      examples: { type: 'string', placeholder: '<json>', description: 'JSON array of one example per body variable' },
      action: { type: 'string', choices: ['navigate', 'data_exchange'], placeholder: '<navigate|data_exchange>', description: 'flow_action of the button (default navigate)' },
      screen: { type: 'string', placeholder: '<id>', description: 'First screen with navigate' },
    },
    maxPositionals: 0,
  },
}, async (args, io, self) => {
  const flag = (name: string) => (typeof args.flags[name] === 'string' ? args.flags[name] : undefined);
  const missing = ['name', 'flow', 'body', 'button'].filter((f) => flag(f) === undefined);
  if (missing.length > 0) return reportUsageError(io, self, `${missing.map((m) => `--${m}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} required`);
  let examples: string[] | undefined;
  const rawExamples = flag('examples');
  if (rawExamples !== undefined) {
    let value: unknown;
    try {
      value = JSON.parse(rawExamples) as unknown;
    } catch {
      value = undefined;
    }
    if (!Array.isArray(value) || !value.every((e) => typeof e === 'string')) return reportUsageError(io, self, '--examples must be a JSON array of strings, such as \'["Ana"]\'');
    examples = value as string[];
  }
  const body = {
    name: flag('name'), flowId: flag('flow'), body: flag('body'), buttonText: flag('button'), language: flag('language') ?? 'en_US', category: flag('category') ?? 'UTILITY',
    ...(examples === undefined ? {} : { bodyExamples: examples }),
    ...(flag('action') === undefined ? {} : { flowAction: flag('action') }),
    ...(flag('screen') === undefined ? {} : { navigateScreen: flag('screen') }),
  };
  const answer = await callApi(io, args, 'POST', '/whatsapp/templates', body);
  if (!answer.ok) return fail(io, self, answer.message);
  if (wantsJson(args)) printJson(io, answer.body);
  else {
    const t = answer.body['template'] as TemplateRow;
    io.stdout.write(`Created template ${t.name} (${t.language}), Meta id ${t.graphTemplateId}: ${t.status}. It can be sent once Meta approves it ('flowline whatsapp templates list --refresh').\n`);
  }
  return EXIT_OK;
});

/** `flowline whatsapp templates delete <name>`: deletes every language of a template. */
export const whatsappTemplatesDeleteCommand: Command = apiCommand({
  name: 'whatsapp templates delete',
  summary: 'Delete a template (every language of its name) on Meta and in Flowline.',
  usage: 'flowline whatsapp templates delete <name> [--format text|json] [--server <url>]',
  details: `${AUTH_NOTE}\n\n${EXITS}`,
  args: { flags: LISTING, minPositionals: 1, maxPositionals: 1 },
}, async (args, io, self) => {
  const name = args.positionals[0] ?? '';
  const answer = await callApi(io, args, 'DELETE', `/whatsapp/templates/${encodeURIComponent(name)}`);
  if (!answer.ok) return fail(io, self, answer.message);
  if (wantsJson(args)) printJson(io, answer.body);
  else io.stdout.write(`Deleted template ${name} (${String(answer.body['deleted'])} language${answer.body['deleted'] === 1 ? '' : 's'}).\n`);
  return EXIT_OK;
});

type SyncRow = { graphFlowId: string; name: string; status: string; state: string; flowId: string | null; version: number | null; difference?: string; problem?: string };

/** `flowline whatsapp flows sync`: the WABA's Flows beside Flowline's (drift check). */
export const whatsappFlowsSyncCommand: Command = apiCommand({
  name: 'whatsapp flows sync',
  summary: 'Compare the Flows on the WABA with Flowline\'s: in sync, drifted, only on Meta (importable), missing on Meta.',
  usage: 'flowline whatsapp flows sync [--format text|json] [--server <url>]',
  details: [
    'drifted: Meta\'s flow.json differs from the Flowline version it was uploaded from (the first differing JSON pointer is shown);',
    'meta_only: made in Meta\'s builder, importable with \'flowline whatsapp flows import <metaFlowId> --id <slug>\'.',
    AUTH_NOTE, '',
    'Exit codes: 0 nothing drifted or missing, 1 a Flow drifted or is missing on Meta (or the call failed), 2 usage error.',
  ].join('\n'),
  args: { flags: LISTING, maxPositionals: 0 },
}, async (args, io, self) => {
  const answer = await callApi(io, args, 'GET', '/whatsapp/flows');
  if (!answer.ok) return fail(io, self, answer.message);
  const items = (answer.body['items'] as SyncRow[] | undefined) ?? [];
  if (wantsJson(args)) printJson(io, answer.body);
  else if (items.length === 0) io.stdout.write('No Flows on the WhatsApp Business Account.\n');
  else {
    io.stdout.write(table([['META ID', 'NAME', 'META STATUS', 'STATE', 'FLOWLINE', 'NOTE'], ...items.map((r) => [
      r.graphFlowId, r.name, r.status, r.state, r.flowId === null ? '-' : `${r.flowId}${r.version === null ? '' : ` v${r.version}`}`,
      r.difference === undefined ? (r.problem ?? (r.state === 'meta_only' ? 'importable' : '')) : `differs at ${r.difference}`,
    ])]));
  }
  return items.some((r) => r.state === 'drifted' || r.state === 'missing_on_meta') ? EXIT_FAILED : EXIT_OK;
});

/** `flowline whatsapp flows import <metaFlowId> --id <slug>`: a Flow made on Meta becomes a Flowline Flow. */
export const whatsappFlowsImportCommand: Command = apiCommand({
  name: 'whatsapp flows import',
  summary: 'Import a Flow that exists only on Meta: its flow.json becomes version 1 of a new Flowline Flow, linked to it.',
  usage: 'flowline whatsapp flows import <metaFlowId> --id <slug> [--name <name>] [--format text|json] [--server <url>]',
  details: `${AUTH_NOTE}\n\n${EXITS}`,
  args: {
    flags: { ...LISTING, id: { type: 'string', placeholder: '<slug>', description: 'Id of the new Flowline Flow' }, name: { type: 'string', placeholder: '<name>', description: 'Its name (default the Meta Flow\'s)' } },
    minPositionals: 1, maxPositionals: 1,
  },
}, async (args, io, self) => {
  if (typeof args.flags['id'] !== 'string') return reportUsageError(io, self, '--id is required');
  const body = { id: args.flags['id'], ...(typeof args.flags['name'] === 'string' ? { name: args.flags['name'] } : {}) };
  const answer = await callApi(io, args, 'POST', `/whatsapp/flows/${flowIdOf(args)}/import`, body);
  if (!answer.ok) return fail(io, self, answer.message);
  if (wantsJson(args)) printJson(io, answer.body);
  else io.stdout.write(`Imported Meta Flow ${args.positionals[0] ?? ''} as Flow ${String(answer.body['flowId'])} (version ${String(answer.body['version'])}).\n`);
  return EXIT_OK;
});

/** Every `flowline whatsapp …` command. */
export const WHATSAPP_COMMANDS: readonly Command[] = [
  whatsappConnectCommand, whatsappStatusCommand, whatsappKeysRegisterCommand, whatsappKeysRotateCommand, whatsappFlowsPushCommand, whatsappFlowsPublishCommand, whatsappFlowsDeprecateCommand, whatsappFlowsStatusCommand,
  whatsappFlowsSyncCommand, whatsappFlowsImportCommand, whatsappTemplatesListCommand, whatsappTemplatesCreateCommand, whatsappTemplatesDeleteCommand,
];

