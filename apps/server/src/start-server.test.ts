import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decryptResponse, encryptRequest } from '@flowline/protocol';
import { parseServerConfig } from './config/parse-server-config.js';
import { silentLogger, type Logger } from './logging/logger.js';
import { startServer } from './start-server.js';

function config(workers: number, dataDir: string) {
  const parsed = parseServerConfig({ PORT: '0', HOST: '127.0.0.1', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_WORKERS: String(workers) });
  assert.ok(parsed.ok);
  return parsed.config;
}

async function ping(port: number, publicPem: string): Promise<unknown> {
  const { envelope, aesKey, iv } = encryptRequest({ version: '3.0', action: 'ping' }, publicPem);
  const response = await fetch(`http://127.0.0.1:${port}/endpoint/appointment-booking`, { method: 'POST', body: JSON.stringify(envelope), headers: { 'content-type': 'application/json' } });
  assert.equal(response.status, 200);
  return decryptResponse(await response.text(), aesKey, iv);
}

test('a zero-config start creates a 0600 passphrase file and a key pair, and serves on loopback', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-server-'));
  const server = await startServer(config(1, dataDir), silentLogger);
  try {
    assert.equal(statSync(join(dataDir, 'key-passphrase')).mode & 0o777, 0o600);
    const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    assert.deepEqual(await health.json(), { status: 'ok', flows: 6 });
    assert.deepEqual(await ping(server.port, readFileSync(join(dataDir, 'keys', 'public.pem'), 'utf8')), { data: { status: 'active' } });
    const url = `http://127.0.0.1:${server.port}/endpoint/appointment-booking`;
    assert.equal((await fetch(url, { method: 'POST', body: '{oops' })).status, 400);
    assert.equal((await fetch(url, { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024) })).status, 413);
    assert.equal((await fetch(`http://127.0.0.1:${server.port}/endpoint/unknown`, { method: 'POST', body: '{}' })).status, 404);
    assert.equal((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status, 200, 'still up');
  } finally {
    await server.close();
  }
});

test('runs several cluster workers on one port', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-cluster-'));
  const server = await startServer(config(2, dataDir), silentLogger);
  try {
    const publicPem = readFileSync(join(dataDir, 'keys', 'public.pem'), 'utf8');
    for (let i = 0; i < 4; i++) assert.deepEqual(await ping(server.port, publicPem), { data: { status: 'active' } });
  } finally {
    await server.close();
  }
});

test('malformed percent-escapes in the Flow id get 400 from every cluster worker and no worker exits', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-cluster-hostile-'));
  const events: string[] = [];
  const log: Logger = (_level, event) => events.push(event);
  const server = await startServer(config(2, dataDir), log);
  try {
    const publicPem = readFileSync(join(dataDir, 'keys', 'public.pem'), 'utf8');
    // More requests than workers, one after another: on the old code each one ended a worker.
    for (const path of ['%', '%zz', '%E0%A4%A', '%', '%C0%AF', '%']) {
      const response = await fetch(`http://127.0.0.1:${server.port}/endpoint/${path}`, { method: 'POST', body: '{}' });
      assert.equal(response.status, 400, path);
    }
    for (let i = 0; i < 4; i++) assert.deepEqual(await ping(server.port, publicPem), { data: { status: 'active' } });
    assert.deepEqual(events.filter((event) => event === 'server.worker_exited'), []);
  } finally {
    await server.close();
  }
});
