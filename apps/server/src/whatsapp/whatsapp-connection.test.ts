import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStorage, type Storage } from '@flowline/storage';
import { createSecretBox } from '@flowline/protocol';
import { checkConnectionInput, createWhatsAppConnections, type WhatsAppDeps } from './whatsapp-connection.js';

describe('the WhatsApp connection of a workspace', () => {
  let dir: string;
  let storage: Storage;
  const deps = (box = createSecretBox('a test passphrase of the key')): WhatsAppDeps => ({
    storage, now: () => new Date(1_000), log: () => undefined, secretBox: box, privateHttp: 'none', bootstrapWorkspaceId: 'env',
    bootstrap: { wabaId: undefined, phoneNumberId: '55', accessToken: 'env-token', graphBaseUrl: 'https://graph.facebook.com', graphApiVersion: 'v23.0', appSecret: undefined, verifyToken: 'v' },
  });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowline-conn-'));
    storage = await openStorage({ dataDir: dir });
    for (const id of ['a', 'b', 'env']) await storage.workspaces.create({ id, name: id, at: 0 });
  });
  after(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('refuses ids that are not digits, a bad version or URL, and secrets with spaces', () => {
    assert.equal(checkConnectionInput({ wabaId: '1', phoneNumberId: '2' }), undefined);
    assert.match(checkConnectionInput({ wabaId: 'waba', phoneNumberId: '2' }) ?? '', /wabaId/);
    assert.match(checkConnectionInput({ wabaId: '1', phoneNumberId: '2', graphApiVersion: '23' }) ?? '', /v23\.0/);
    assert.match(checkConnectionInput({ wabaId: '1', phoneNumberId: '2', graphBaseUrl: 'https://user:pw@graph.facebook.com' }) ?? '', /no credentials/);
    assert.match(checkConnectionInput({ wabaId: '1', phoneNumberId: '2', accessToken: 'two words' }) ?? '', /accessToken/);
  });

  test('a new connection needs a token; a phone number belongs to one workspace', async () => {
    const connections = createWhatsAppConnections(deps());
    const missing = await connections.save('a', { wabaId: '1', phoneNumberId: '2' });
    assert.equal(!missing.ok && missing.code, 'INVALID_CONNECTION');
    assert.ok((await connections.save('a', { wabaId: '1', phoneNumberId: '2', accessToken: 't' })).ok);
    const taken = await connections.save('b', { wabaId: '1', phoneNumberId: '2', accessToken: 't' });
    assert.equal(!taken.ok && taken.code, 'PHONE_NUMBER_TAKEN');
  });

  test('a token sealed under another passphrase is reported as unreadable, not as "not connected"', async () => {
    assert.ok((await createWhatsAppConnections(deps()).save('b', { wabaId: '1', phoneNumberId: '3', accessToken: 'sealed-by-a' })).ok);
    const other = createWhatsAppConnections(deps(createSecretBox('another passphrase of the key')));
    const client = await other.client('b');
    assert.match(!client.ok ? client.message : '', /cannot be opened .* save the connection's secrets again/);
    assert.equal((await other.view('b')).configured, true);
  });

  test('the environment is the bootstrap of its own workspace only, and its view shows no secret', async () => {
    const connections = createWhatsAppConnections(deps());
    const view = await connections.view('env');
    assert.deepEqual([view.source, view.wabaId, view.secrets], ['environment', null, { accessToken: true, appSecret: false, webhookVerifyToken: true }]);
    assert.equal(JSON.stringify(view).includes('env-token'), false);
    const client = await connections.client('env');
    assert.match(!client.ok ? client.message : '', /no WABA id: set FLOWLINE_WHATSAPP_WABA_ID/);
    assert.deepEqual(await connections.view('nobody'), { configured: false });
  });
});
