import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parseServerConfig, silentLogger, startServer, type RunningServer } from '@flowline/server';
import { startGraphStandIn, type GraphStandIn } from '@flowline/server/graph-stand-in';
import { main } from '../main.js';
import { captureIo, tempDir } from '../test-support/capture-io.js';

const ADMIN = 'cli-admin-token';
const TOKEN = 'EAAG-cli-token';
const FLOW = JSON.stringify({ version: '7.2', screens: [{ id: 'ONE', title: 'One', terminal: true, layout: { type: 'SingleColumnLayout', children: [{ type: 'TextBody', text: 'Hi' }, { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: {} } }] } }] });

describe('flowline whatsapp … over the admin API (real server, Graph stand-in)', () => {
  let dir = '';
  let server: RunningServer | undefined;
  let graph: GraphStandIn;
  let env: Record<string, string> = {};
  const run = async (...argv: string[]) => {
    const io = captureIo({ env });
    const code = await main(['whatsapp', ...argv], io);
    return { code, out: io.out(), err: io.err() };
  };

  before(async () => {
    dir = tempDir();
    graph = await startGraphStandIn({ accessToken: TOKEN });
    const parsed = parseServerConfig({ PORT: '0', HOST: '127.0.0.1', FLOWLINE_WORKERS: '1', FLOWLINE_DATA_DIR: dir, FLOWLINE_KEY_PASSPHRASE: 'p', FLOWLINE_ADMIN_TOKEN: ADMIN, FLOWLINE_ALLOW_PRIVATE_HTTP: 'loopback' });
    assert.ok(parsed.ok);
    server = await startServer(parsed.config, silentLogger);
    env = { FLOWLINE_TOKEN: ADMIN, FLOWLINE_SERVER_URL: `http://127.0.0.1:${server.port}`, FLOWLINE_WHATSAPP_ACCESS_TOKEN: TOKEN };
    const created = await fetch(`${env['FLOWLINE_SERVER_URL']}/api/v1/flows`, {
      method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ id: 'hello', name: 'Hello', flowJson: FLOW }),
    });
    assert.equal(created.status, 201);
  });
  after(async () => {
    await server?.close();
    await graph.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to run without an admin token (exit 2)', async () => {
    const io = captureIo({ env: {} });
    assert.equal(await main(['whatsapp', 'status'], io), 2);
    assert.match(io.err(), /set FLOWLINE_TOKEN/);
  });

  it('connects with the token from the environment, checks, registers the key, pushes and publishes', async () => {
    const connected = await run('connect', '--waba', graph.wabaId, '--phone-number', graph.phoneNumberId, '--graph-url', graph.baseUrl);
    assert.equal(connected.code, 0, connected.err);
    const before = await run('status');
    assert.equal(before.code, 1, 'the key is not registered yet');
    assert.match(before.out, /FAIL public_key: no endpoint public key is registered/);
    assert.equal(before.out.includes(TOKEN), false);
    const key = await run('keys', 'register');
    assert.equal(key.code, 0, key.err);
    assert.match(key.out, /signature status: VALID/);
    assert.equal((await run('status')).code, 0);

    graph.addValidationErrorNext({ error: 'INVALID_PROPERTY_VALUE', error_type: 'FLOW_JSON_ERROR', message: 'Invalid value', line_start: 1, column_start: 2 });
    const invalid = await run('flows', 'push', 'hello', '--category', 'SURVEY');
    assert.equal(invalid.code, 1);
    assert.match(invalid.out, /Meta 1:2 INVALID_PROPERTY_VALUE Invalid value/);
    const pushed = await run('flows', 'push', 'hello');
    assert.equal(pushed.code, 0, pushed.err);
    const published = await run('flows', 'publish', 'hello');
    assert.equal(published.code, 0, published.err);
    const status = await run('flows', 'status', 'hello', '--json');
    assert.equal((JSON.parse(status.out) as { current: { status: string } }).current.status, 'PUBLISHED');
  });

  it('prints Meta\'s refusal and exits 1', async () => {
    const refused = await run('flows', 'deprecate', 'nothing-here');
    assert.equal(refused.code, 1);
    assert.match(refused.err, /no published Meta Flow \[NOTHING_TO_DEPRECATE\]/);
  });
});
