import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseServerConfig } from '../config/parse-server-config.js';
import { createServer } from '../create-server.js';
import { silentLogger } from '../logging/logger.js';

test('the studio, the API and error answers carry the security headers', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-headers-'));
  const parsed = parseServerConfig({ PORT: '0', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_WORKERS: '1', FLOWLINE_KEY_PASSPHRASE: 'test-passphrase-0123456789', FLOWLINE_WORKER: 'off' });
  assert.ok(parsed.ok);
  const server = await createServer(parsed.config, silentLogger);
  try {
    for (const [path, init] of [['/', { headers: { accept: 'text/html' } }], ['/api/v1/me', {}], ['/api/openapi.json', {}], ['/healthz', {}], ['/nothing', {}]] as const) {
      const response = await server.app.request(path, init);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'self'/, path);
      assert.match(csp, /script-src 'self'(;|$)/, `${path}: no inline script or eval`);
      assert.match(csp, /frame-ancestors 'none'/, path);
      assert.equal(response.headers.get('x-frame-options'), 'DENY', path);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer', path);
    }
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
