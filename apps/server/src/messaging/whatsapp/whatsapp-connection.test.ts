import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStorage, type Storage } from '@flowline/storage';
import { createSecretBox } from '@flowline/protocol';
import { startGraphStandIn, type GraphStandIn } from '../channels/test-support/graph-stand-in.js';
import { checkConnectionInput, createWhatsAppConnections, type ConnectionCheck, type WhatsAppConnections, type WhatsAppDeps } from './whatsapp-connection.js';

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

describe('checking the connection against Meta (the Graph stand-in): what is wrong, in plain words', () => {
  const TOKEN = 'EAAG-check-token-0123456789';
  let dir: string;
  let storage: Storage;
  let graph: GraphStandIn;
  let connections: WhatsAppConnections;
  const envelope = (code: number, message: string) => ({ error: { message, type: 'OAuthException', code, fbtrace_id: `Acheck${code}` } });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowline-conn-check-'));
    storage = await openStorage({ dataDir: dir });
    await storage.workspaces.create({ id: 'w', name: 'w', at: 0 });
    graph = await startGraphStandIn({ accessToken: TOKEN });
    connections = createWhatsAppConnections({
      storage, now: () => new Date(1_000), log: () => undefined, secretBox: createSecretBox('a test passphrase of the key'), privateHttp: 'loopback',
      bootstrapWorkspaceId: 'w', bootstrap: undefined, graphOptions: { retryDelaysMs: [], sleep: () => Promise.resolve() },
    });
    assert.ok((await connections.save('w', { wabaId: graph.wabaId, phoneNumberId: graph.phoneNumberId, accessToken: TOKEN, graphBaseUrl: graph.baseUrl })).ok);
  });
  after(async () => {
    await graph.close();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const verdicts = (result: { checks: readonly ConnectionCheck[] }) => result.checks.map((c) => [c.name, c.ok]);

  test('a token without a permission (code 200) is reported against the token, naming the permissions to give', async () => {
    graph.failNext({ status: 403, body: envelope(200, '(#200) Requires whatsapp_business_management permission to manage the object'), path: new RegExp(`/${graph.wabaId}\\?`) });
    const result = await connections.check('w');
    assert.equal(result.ok, false);
    assert.deepEqual(verdicts(result), [['token', false]], 'nothing else can be checked with this token');
    assert.match(result.checks[0]?.message ?? '', /the access token lacks a permission; give the system user whatsapp_business_management and whatsapp_business_messaging on this WABA/);
    assert.match(result.checks[0]?.message ?? '', /Meta said: \(#200\) Requires whatsapp_business_management permission .*Graph code 200/);
  });

  test('a permission missing for the phone number (code 10) is reported on the phone number check, the rest still checked', async () => {
    graph.failNext({ status: 403, body: envelope(10, '(#10) Application does not have permission for this action'), path: /\/phone_numbers\?/ });
    const result = await connections.check('w');
    assert.equal(result.ok, false);
    assert.deepEqual(verdicts(result), [['token', true], ['waba', true], ['phone_number', false], ['public_key', false]]);
    assert.match(result.checks[2]?.message ?? '', /^Listing the phone numbers of the WABA: the access token lacks a permission; .*Graph code 10/);
    assert.match(result.checks[3]?.message ?? '', /no endpoint public key is registered/);
  });

  test('an expired or revoked token (code 190) is reported against the token, saying to make a new one', async () => {
    graph.expireToken();
    const result = await connections.check('w');
    assert.equal(result.ok, false);
    assert.deepEqual(verdicts(result), [['token', false]]);
    assert.match(result.checks[0]?.message ?? '', /the access token has expired or was revoked; create a new system-user token and save it in the WhatsApp connection/);
    assert.match(result.checks[0]?.message ?? '', /Graph code 190\/463/);
    assert.equal((await storage.whatsapp.findConnection('w'))?.keyStatus, null, 'nothing recorded from a failed check');
  });
});
