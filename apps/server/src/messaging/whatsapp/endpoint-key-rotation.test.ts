import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decryptResponse, encryptRequest } from '@flowline/protocol';
import { startGraphStandIn, type GraphStandIn } from '../channels/test-support/graph-stand-in.js';
import { parseServerConfig, type ServerConfig } from '../../config/parse-server-config.js';
import { createServer, type FlowlineServer } from '../../create-server.js';
import { silentLogger } from '../../logging/logger.js';

// Issue 10, Build §2: rotating the endpoint key through the admin API, with the server's real crypto path
// (two crypto threads), the key folder on disk and the Graph stand-in as Meta; the clock is injected.

const ADMIN = 'rotation-admin-token-0123456789';
const TOKEN = 'EAAG-rotation-system-user-token-0123456789';
const PASSPHRASE = 'rotation-test-passphrase-0123';
const START = Date.parse('2026-05-04T10:00:00Z');
const HOUR = 3_600_000;

type Json = { readonly [key: string]: unknown };

function config(dataDir: string): ServerConfig {
  const parsed = parseServerConfig({
    PORT: '0', HOST: '127.0.0.1', FLOWLINE_WORKERS: '1', FLOWLINE_CRYPTO_THREADS: '2', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_KEY_PASSPHRASE: PASSPHRASE,
    FLOWLINE_ADMIN_TOKEN: ADMIN, FLOWLINE_ALLOW_PRIVATE_HTTP: 'loopback', FLOWLINE_KEY_ROTATION_GRACE_HOURS: '2',
  });
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.errors.join('; '));
  return parsed.config;
}

/** A ping encrypted with the given public key, as WhatsApp sends it, through the server's endpoint route. */
async function ping(server: FlowlineServer, publicKeyPem: string): Promise<{ status: number; body: unknown }> {
  const { envelope, aesKey, iv } = encryptRequest({ version: '3.0', action: 'ping' }, publicKeyPem);
  const response = await server.app.request('/endpoint/appointment-booking', { method: 'POST', body: JSON.stringify(envelope), headers: { 'content-type': 'application/json' } });
  const text = await response.text();
  return { status: response.status, body: response.status === 200 ? decryptResponse(text, aesKey, iv) : (JSON.parse(text) as unknown) };
}

const ACTIVE = { data: { status: 'active' } };

describe('endpoint key rotation (POST /api/v1/whatsapp/keys/rotate)', () => {
  let dataDir = '';
  let graph: GraphStandIn;
  let server: FlowlineServer;
  let now = START;
  const keysDir = () => join(dataDir, 'keys');
  const api = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Json; text: string }> => {
    const response = await server.app.request(`/api/v1${path}`, {
      method, headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Json), text };
  };
  /** Everything in the key folder, file by file (what "nothing changed" compares). */
  const folder = () => Object.fromEntries(readdirSync(keysDir()).sort().map((name) => [name, readFileSync(join(keysDir(), name), 'utf8')]));

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'flowline-key-rotation-'));
    graph = await startGraphStandIn({ accessToken: TOKEN });
    server = await createServer(config(dataDir), silentLogger, { now: () => new Date(now), keyPollMs: 0, keyRotationSettleMs: 0 });
    const saved = await api('PUT', '/whatsapp/connection', { wabaId: graph.wabaId, phoneNumberId: graph.phoneNumberId, accessToken: TOKEN, graphBaseUrl: graph.baseUrl });
    assert.equal(saved.status, 200, saved.text);
    assert.equal((await api('POST', '/whatsapp/keys/register')).status, 200);
  });
  after(async () => {
    await server.close();
    await graph.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('Meta refusing the new key changes nothing: same files, same current key, a clear message', async () => {
    const before = folder();
    const current = server.publicKeyPem;
    graph.failNext({ path: /whatsapp_business_encryption/, status: 400, body: { error: { message: '(#100) Invalid parameter business_public_key', type: 'OAuthException', code: 100, fbtrace_id: 'ArotationA' } } });
    const refused = await api('POST', '/whatsapp/keys/rotate');
    assert.equal(refused.status, 422, refused.text);
    assert.equal(at(refused.body, 'error', 'code'), 'KEY_NOT_REGISTERED');
    assert.match(String(at(refused.body, 'error', 'message')), /The key was not rotated \(the current key stays in use\)/);
    assert.equal(at(refused.body, 'error', 'details', 'graph', 'fbtraceId'), 'ArotationA');

    graph.expireToken();
    const expired = await api('POST', '/whatsapp/keys/rotate');
    assert.equal(expired.status, 424, expired.text);
    assert.match(String(at(expired.body, 'error', 'message')), /access token has expired/);

    assert.deepEqual(folder(), before, 'no staged, previous or replaced key file is left');
    assert.equal(server.publicKeyPem, current);
    assert.equal(graph.publicKey(), current, 'Meta still has the current key');
    assert.deepEqual((await ping(server, current)).body, ACTIVE);
    assert.deepEqual(at((await api('GET', '/whatsapp/keys/rotation')).body, 'previous'), []);
  });

  test('a second rotation while one runs is refused and changes nothing', async () => {
    const lock = join(keysDir(), 'rotation.lock');
    writeFileSync(lock, 'held by another process\n');
    const before = folder();
    try {
      const busy = await api('POST', '/whatsapp/keys/rotate');
      assert.equal(busy.status, 409, busy.text);
      assert.equal(at(busy.body, 'error', 'code'), 'ROTATION_IN_PROGRESS');
      assert.deepEqual(folder(), before);
    } finally {
      rmSync(lock);
    }
  });

  test('a rotation registers the new key with Meta; old and new keys decrypt on the crypto threads during the grace period; afterwards the old key gets 421', async () => {
    const stub = await startGraphStandIn({ accessToken: TOKEN });
    // The earlier test revoked the stand-in's token: a fresh stand-in plays Meta from here on.
    await graph.close();
    graph = stub;
    assert.equal((await api('PUT', '/whatsapp/connection', { wabaId: graph.wabaId, phoneNumberId: graph.phoneNumberId, graphBaseUrl: graph.baseUrl })).status, 200);
    assert.equal(server.runtime.decryptor.threads, 2, 'requests are decrypted on crypto threads');
    const oldPem = server.publicKeyPem;
    const before = (await api('GET', '/whatsapp/keys/rotation')).body;

    const rotated = await api('POST', '/whatsapp/keys/rotate');
    assert.equal(rotated.status, 200, rotated.text);
    const newPem = readFileSync(join(keysDir(), 'public.pem'), 'utf8');
    assert.notEqual(newPem, oldPem);
    assert.equal(server.publicKeyPem, newPem, 'the new key is current');
    assert.equal(graph.publicKey(), newPem, 'Meta has the new public key');
    assert.equal(rotated.body['signatureStatus'], 'VALID');
    assert.deepEqual(rotated.body['previous'], { fingerprint: at(before, 'current', 'fingerprint'), retiresAt: new Date(START + 2 * HOUR).toISOString() });
    assert.notEqual(at(rotated.body, 'rotation', 'current', 'fingerprint'), at(before, 'current', 'fingerprint'));
    assert.equal(at(rotated.body, 'rotation', 'graceHours'), 2);
    // Neither answer carries key material other than the public key, nor the passphrase or the token.
    for (const text of [rotated.text, (await api('GET', '/whatsapp/keys/rotation')).text]) {
      assert.equal(text.includes('PRIVATE KEY'), false);
      assert.equal(text.includes(PASSPHRASE), false);
      assert.equal(text.includes(TOKEN), false);
    }
    // On disk: the new pair, the old private key kept (encrypted) until the end of its grace period.
    const previous = readdirSync(keysDir()).filter((n) => n.startsWith('previous-'));
    assert.equal(previous.length, 1);
    assert.match(readFileSync(join(keysDir(), previous[0] ?? ''), 'utf8'), /BEGIN ENCRYPTED PRIVATE KEY/);
    assert.equal(readdirSync(keysDir()).some((n) => n.startsWith('next-') || n.endsWith('.tmp') || n === 'rotation.lock'), false);

    // During the grace period: a request WhatsApp encrypted before it fetched the new key, and one after.
    now = START + 2 * HOUR - 1;
    server.keys.refresh();
    assert.deepEqual(await ping(server, oldPem), { status: 200, body: ACTIVE });
    assert.deepEqual(await ping(server, newPem), { status: 200, body: ACTIVE });

    // After it: the old key is dropped from every thread and its file deleted; its requests get the protocol's 421.
    now = START + 2 * HOUR;
    assert.equal(server.keys.refresh(), true);
    assert.deepEqual(await ping(server, oldPem), { status: 421, body: { error: 'request cannot be decrypted' } });
    assert.deepEqual(await ping(server, newPem), { status: 200, body: ACTIVE });
    assert.deepEqual(readdirSync(keysDir()).filter((n) => n.startsWith('previous-')), []);
    assert.deepEqual(at((await api('GET', '/whatsapp/keys/rotation')).body, 'previous'), []);
  });

  test('a server started later on the same folder (another worker) loads the rotated key', async () => {
    const other = await createServer(config(dataDir), silentLogger, { now: () => new Date(now), seed: false, keyPollMs: 0 });
    try {
      assert.equal(other.publicKeyPem, server.publicKeyPem);
      assert.deepEqual((await ping(other, server.publicKeyPem)).body, ACTIVE);
    } finally {
      await other.close();
    }
  });
});

function at(value: unknown, ...path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
