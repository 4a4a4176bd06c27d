import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseServerConfig } from '../../config/parse-server-config.js';
import { silentLogger } from '../../logging/logger.js';
import { listen } from '../../start-server.js';
import { AUTH_FAILURE_DEFAULTS, createAuthFailureLimiter } from './auth-failure-limiter.js';

test('an address is refused after maxFailures failures until its window ends', () => {
  const limiter = createAuthFailureLimiter({ maxFailures: 3, windowMs: 60_000 });
  for (let i = 0; i < 3; i += 1) {
    assert.equal(limiter.retryAfterSeconds('10.0.0.1', 1_000), undefined);
    limiter.recordFailure('10.0.0.1', 1_000);
  }
  assert.equal(limiter.retryAfterSeconds('10.0.0.1', 1_000), 60);
  assert.equal(limiter.retryAfterSeconds('10.0.0.1', 30_500), 31);
  assert.equal(limiter.retryAfterSeconds('10.0.0.2', 30_500), undefined, 'other addresses are not affected');
  assert.equal(limiter.retryAfterSeconds('10.0.0.1', 61_000), undefined, 'the window ended');
});

test('the table of addresses stays bounded, forgetting the stalest first', () => {
  const limiter = createAuthFailureLimiter({ maxFailures: 1, maxAddresses: 100 });
  for (let i = 0; i < 10_000; i += 1) limiter.recordFailure(`10.0.${i >> 8}.${i & 255}`, 0);
  assert.equal(limiter.size, 100);
  assert.equal(limiter.retryAfterSeconds('10.0.0.0', 0), undefined, 'the first address was forgotten');
  assert.equal(limiter.retryAfterSeconds('10.0.39.15', 0), 60, 'the last one is still refused');
});

/** GET /api/v1/me from a chosen loopback source address. */
function me(port: number, from: string, token: string): Promise<{ status: number; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/api/v1/me', localAddress: from, headers: { authorization: `Bearer ${token}`, connection: 'close' } }, (res) => {
      res.resume();
      const retryAfter = res.headers['retry-after'];
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('over a real socket, wrong tokens from one address get 429 with Retry-After after the limit; other addresses still get in', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-auth-limit-'));
  const admin = 'auth-limit-admin-token-0123456789';
  const parsed = parseServerConfig({ PORT: '0', HOST: '127.0.0.1', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_WORKERS: '1', FLOWLINE_KEY_PASSPHRASE: 'test-passphrase-0123456789', FLOWLINE_ADMIN_TOKEN: admin, FLOWLINE_WORKER: 'off' });
  assert.ok(parsed.ok);
  const server = await listen(parsed.config, silentLogger);
  try {
    const statuses: number[] = [];
    for (let i = 0; i < AUTH_FAILURE_DEFAULTS.maxFailures + 5; i += 1) statuses.push((await me(server.port, '127.0.0.2', `wrong-${i}`)).status);
    assert.deepEqual(statuses, [...Array<number>(AUTH_FAILURE_DEFAULTS.maxFailures).fill(401), ...Array<number>(5).fill(429)]);
    const refused = await me(server.port, '127.0.0.2', admin);
    assert.equal(refused.status, 429, 'the refused address is not even checked');
    assert.ok(Number(refused.retryAfter) >= 1 && Number(refused.retryAfter) <= 60, `Retry-After ${refused.retryAfter}`);
    assert.equal((await me(server.port, '127.0.0.3', admin)).status, 200);
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
