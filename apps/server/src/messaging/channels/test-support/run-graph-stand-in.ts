// `npm run whatsapp:stand-in`: starts the Graph API stand-in (a TEST DOUBLE of Meta, not WhatsApp) on
// loopback so a newcomer can try "Publish to WhatsApp" without a Meta account, and connects the local
// server's workspace to it (or prints the values to paste into the studio's WhatsApp page).
// The server must allow loopback Graph calls and share the app secret that signs the stand-in's webhooks:
//   FLOWLINE_ALLOW_PRIVATE_HTTP=loopback FLOWLINE_APP_SECRET=… npm start
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startGraphStandIn, type StandInFlow } from './graph-stand-in.js';

const STATUSES = new Set(['DRAFT', 'PUBLISHED', 'DEPRECATED', 'THROTTLED', 'BLOCKED']);

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? undefined : process.argv[at + 1];
}

/** The admin token: --token, FLOWLINE_ADMIN_TOKEN, or the one the first start wrote to the data folder. */
function adminToken(): string | undefined {
  const given = argument('token') ?? process.env['FLOWLINE_ADMIN_TOKEN'];
  if (given !== undefined && given !== '') return given;
  const file = join(process.env['FLOWLINE_DATA_DIR'] ?? 'data', 'admin-token');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

const server = (argument('server') ?? process.env['FLOWLINE_URL'] ?? `http://127.0.0.1:${process.env['PORT'] ?? '3000'}`).replace(/\/+$/, '');
const appSecret = process.env['FLOWLINE_APP_SECRET'];
const accessToken = `stand-in-token-${randomBytes(12).toString('hex')}`;
const verifyToken = `stand-in-verify-${randomBytes(6).toString('hex')}`;
const graph = await startGraphStandIn({ accessToken, ...(appSecret === undefined ? {} : { appSecret }), webhookUrl: `${server}/webhooks/whatsapp` });

const out = (line = '') => process.stdout.write(`${line}\n`);
out('Graph API STAND-IN: a local test double of Meta\'s Graph API. It is not WhatsApp: no message reaches a phone.');
out(`  listening at ${graph.baseUrl}; it runs Flowline's own validator as "Meta's", and posts Flow status webhooks to ${server}/webhooks/whatsapp`);
out();
const connection = { wabaId: graph.wabaId, phoneNumberId: graph.phoneNumberId, accessToken, ...(appSecret === undefined ? {} : { appSecret }), webhookVerifyToken: verifyToken, graphBaseUrl: graph.baseUrl, graphApiVersion: 'v23.0' };
const token = process.argv.includes('--print-only') ? undefined : adminToken();
let connected = false;
if (token !== undefined) {
  try {
    const answer = await fetch(`${server}/api/v1/whatsapp/connection`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(connection) });
    connected = answer.ok;
    out(answer.ok ? `Connected the workspace of ${server} to the stand-in. Open the studio → WhatsApp → "Check connection".` : `The server refused the connection (${answer.status}): ${await answer.text()}`);
  } catch (error) {
    out(`Could not reach ${server} (${error instanceof Error ? error.message : String(error)}); paste the values below into the studio instead.`);
  }
}
if (!connected) {
  out('Paste into the studio → WhatsApp (or `flowline whatsapp connect`):');
  for (const [key, value] of Object.entries(connection)) out(`  ${key.padEnd(18)} ${value}`);
}
if (appSecret === undefined) out('\nFLOWLINE_APP_SECRET is not set: the stand-in\'s status webhooks are unsigned and the server will refuse them. Set the same value for both.');
out('\nThe server must run with FLOWLINE_ALLOW_PRIVATE_HTTP=loopback (Graph calls to a loopback address are refused otherwise).');
out('Play Meta here: "status <meta-flow-id> THROTTLED|BLOCKED|PUBLISHED", "approve <template-id>", "reregister" (the key\'s signature becomes MISMATCH), "flows", or Ctrl-C to stop.');

const input = createInterface({ input: process.stdin });
input.on('line', (line) => {
  const [command, id, value] = line.trim().split(/\s+/);
  if (command === 'flows') {
    for (const flow of graph.flows.values()) out(`  ${flow.id}  ${flow.status.padEnd(10)} ${flow.name}`);
    for (const [templateId, template] of graph.templates) out(`  template ${templateId}  ${String(template['status'])}  ${String(template['name'])}`);
  } else if (command === 'status' && id !== undefined && value !== undefined && STATUSES.has(value.toUpperCase())) {
    if (!graph.flows.has(id)) return out(`  no Meta Flow ${id} on the stand-in (try "flows")`);
    void graph.setFlowStatus(id, value.toUpperCase() as StandInFlow['status']).then(() => graph.settle()).then(() => out(`  Meta Flow ${id} is ${value.toUpperCase()}; the webhook was posted`));
  } else if (command === 'approve' && id !== undefined) {
    if (!graph.templates.has(id)) return out(`  no template ${id} on the stand-in (try "flows")`);
    graph.setTemplateStatus(id, 'APPROVED');
    out(`  template ${id} is APPROVED ("Refresh review status" in the studio reads it)`);
  } else if (command === 'reregister') {
    graph.reregisterPhoneNumber();
    out(graph.keySignatureStatus() === undefined
      ? '  the phone number was registered again; no key is registered yet'
      : '  the phone number was registered again: the key\'s signature status is MISMATCH until the key is registered again ("Read key status" in the studio shows it)');
  } else if (command !== undefined && command !== '') {
    out('  commands: flows | status <meta-flow-id> THROTTLED|BLOCKED|PUBLISHED | approve <template-id> | reregister');
  }
});
const stop = () => {
  input.close();
  void graph.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
