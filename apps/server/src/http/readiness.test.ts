import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer as createTcpServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { testDatabaseUrl, throwawaySchema } from '@flowline/storage/test-support';
import { parseServerConfig } from '../config/parse-server-config.js';
import { createServer } from '../create-server.js';
import { silentLogger } from '../logging/logger.js';

function config(env: Record<string, string>) {
  const parsed = parseServerConfig({ PORT: '0', HOST: '127.0.0.1', FLOWLINE_WORKERS: '1', FLOWLINE_KEY_PASSPHRASE: 'readiness test passphrase 5Hk8Wq', FLOWLINE_WORKER: 'off', ...env });
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.errors.join('; '));
  return parsed.config;
}

async function readyz(app: { request: (path: string) => Response | Promise<Response> }): Promise<{ status: number; body: { status: string; checks: Record<string, string> } }> {
  const response = await app.request('/readyz');
  return { status: response.status, body: (await response.json()) as { status: string; checks: Record<string, string> } };
}

/** Asks until the answer has the wanted status (the report is cached for a second); fails after many tries. */
async function readyzUntil(app: Parameters<typeof readyz>[0], status: number): Promise<Awaited<ReturnType<typeof readyz>>> {
  let last = await readyz(app);
  for (let i = 0; i < 100 && last.status !== status; i++) {
    await new Promise((r) => setTimeout(r, 100));
    last = await readyz(app);
  }
  return last;
}

test('GET /readyz is ready on a working SQLite server, and not ready once it is shutting down; /healthz stays alive', async () => {
  const server = await createServer(config({ FLOWLINE_DATA_DIR: mkdtempSync(join(tmpdir(), 'flowline-readyz-')) }), silentLogger);
  try {
    assert.deepEqual(await readyz(server.app), { status: 200, body: { status: 'ready', checks: { database: 'ok', migrations: 'ok', keys: 'ok', shutdown: 'ok' } } });
    server.context.readiness.markDraining();
    assert.deepEqual(await readyz(server.app), { status: 503, body: { status: 'not ready', checks: { database: 'ok', migrations: 'ok', keys: 'ok', shutdown: 'shutting down' } } });
    assert.equal((await server.app.request('/healthz')).status, 200);
  } finally {
    await server.close();
  }
});

/** A TCP relay to PostgreSQL that the test can cut (listener closed, every connection dropped) and restore on the same port. */
async function relay(target: URL): Promise<{ port: number; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const open = () =>
    new Promise<void>((resolve, reject) => {
      server = createTcpServer((client) => {
        const upstream = connect(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server?.address();
        if (typeof address === 'object' && address !== null) port = address.port;
        resolve();
      });
    });
  const cut = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (server === undefined) return resolve();
      server.close(() => resolve());
      server = undefined;
    });
  await open();
  return { port, cut, restore: open, close: cut };
}

test('GET /readyz on PostgreSQL: 503 "database unreachable" while the database cannot be reached, ready again when it can', { skip: testDatabaseUrl() === undefined && 'FLOWLINE_TEST_DATABASE_URL is not set' }, async () => {
  const url = testDatabaseUrl() ?? '';
  const target = new URL(url);
  const pg = await relay(target);
  const { schema, drop } = throwawaySchema(url, 'h18a_readyz');
  const viaRelay = new URL(url);
  viaRelay.hostname = '127.0.0.1';
  viaRelay.port = String(pg.port);
  const server = await createServer(config({ FLOWLINE_DATA_DIR: mkdtempSync(join(tmpdir(), 'flowline-readyz-pg-')), DATABASE_URL: viaRelay.toString(), FLOWLINE_DATABASE_SCHEMA: schema }), silentLogger);
  try {
    assert.equal((await readyz(server.app)).status, 200);
    await pg.cut();
    const down = await readyzUntil(server.app, 503);
    assert.deepEqual(down, { status: 503, body: { status: 'not ready', checks: { database: 'unreachable', migrations: 'unknown (database unreachable)', keys: 'ok', shutdown: 'ok' } } });
    assert.doesNotMatch(JSON.stringify(down.body), /127\.0\.0\.1|postgres:/, 'the public answer names no address');
    assert.equal((await server.app.request('/healthz')).status, 200, 'alive all the same');
    await pg.restore();
    assert.equal((await readyzUntil(server.app, 200)).status, 200);
  } finally {
    await server.close();
    await pg.close();
    await drop();
  }
});
