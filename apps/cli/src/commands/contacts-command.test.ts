import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parseServerConfig, silentLogger, startServer, type RunningServer } from '@flowline/server';
import { main } from '../main.js';
import { captureIo, tempDir } from '../test-support/capture-io.js';

const ADMIN = 'cli-admin-token-contacts-0123456789';

describe('flowline contacts erase over the admin API (real server)', () => {
  let dir = '';
  let server: RunningServer | undefined;
  let env: Record<string, string> = {};
  let contactId = '';
  const run = async (...argv: string[]) => {
    const io = captureIo({ env });
    const code = await main(['contacts', ...argv], io);
    return { code, out: io.out(), err: io.err() };
  };
  const getContact = async () => (await (await fetch(`${env['FLOWLINE_SERVER_URL']}/api/v1/contacts/${contactId}`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as Record<string, unknown>;

  before(async () => {
    dir = tempDir();
    const parsed = parseServerConfig({ PORT: '0', HOST: '127.0.0.1', FLOWLINE_WORKERS: '1', FLOWLINE_DATA_DIR: dir, FLOWLINE_KEY_PASSPHRASE: 'p', FLOWLINE_ADMIN_TOKEN: ADMIN });
    assert.ok(parsed.ok);
    server = await startServer(parsed.config, silentLogger);
    env = { FLOWLINE_TOKEN: ADMIN, FLOWLINE_SERVER_URL: `http://127.0.0.1:${server.port}` };
    const created = await fetch(`${env['FLOWLINE_SERVER_URL']}/api/v1/contacts`, {
      method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ phone: '+351 912 345 678', name: 'Marta Apagada' }),
    });
    assert.equal(created.status, 201);
    contactId = String(((await created.json()) as Record<string, unknown>)['id']);
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('does nothing without --yes (exit 2) and says why', async () => {
    const { code, err } = await run('erase', contactId);
    assert.equal(code, 2);
    assert.match(err, /cannot be undone; add --yes/);
    assert.equal((await getContact())['name'], 'Marta Apagada');
  });

  it('erases with --yes and lists what was redacted; the contact is a tombstone', async () => {
    const { code, out } = await run('erase', contactId, '--yes');
    assert.equal(code, 0);
    assert.match(out, new RegExp(`Erased contact ${contactId}\\. Redacted:\\n  contacts: 1`));
    const contact = await getContact();
    assert.deepEqual([contact['phone'], contact['name']], [`erased:${contactId}`, null]);
  });

  it('erasing again says so (exit 0); an unknown contact fails with the server\'s reason (exit 1)', async () => {
    const again = await run('erase', contactId, '--yes', '--json');
    assert.equal(again.code, 0);
    assert.equal((JSON.parse(again.out) as Record<string, unknown>)['alreadyErased'], true);
    const missing = await run('erase', 'no-such-contact', '--yes');
    assert.equal(missing.code, 1);
    assert.match(missing.err, /contact not found \[NOT_FOUND\]/);
  });

  it('refuses to run without an admin token (exit 2)', async () => {
    const io = captureIo({ env: {} });
    assert.equal(await main(['contacts', 'erase', contactId, '--yes'], io), 2);
    assert.match(io.err(), /set FLOWLINE_TOKEN/);
  });
});
