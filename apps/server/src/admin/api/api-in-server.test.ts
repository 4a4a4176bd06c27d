import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseServerConfig } from '../../config/parse-server-config.js';
import { createServer } from '../../create-server.js';
import { silentLogger } from '../../logging/logger.js';

test('the server mounts the API at /api, with FLOWLINE_ADMIN_TOKEN as an admin token of the served workspace', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-api-server-'));
  const parsed = parseServerConfig({ PORT: '0', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_WORKERS: '1', FLOWLINE_KEY_PASSPHRASE: 'test-pass', FLOWLINE_ADMIN_TOKEN: 'automation-secret-0123456789' });
  assert.ok(parsed.ok);
  const server = await createServer(parsed.config, silentLogger, { now: () => new Date('2026-03-03T08:00:00Z') });
  try {
    const auth = { headers: { authorization: 'Bearer automation-secret-0123456789' } };
    const me = await server.app.request('/api/v1/me', auth);
    assert.equal(me.status, 200);
    const body = (await me.json()) as { role: string; workspace: { id: string } };
    assert.equal(body.role, 'admin');
    assert.equal(body.workspace.id, server.context.workspaceId);
    const flows = (await (await server.app.request('/api/v1/flows?limit=200', auth)).json()) as { items: Array<{ id: string }> };
    assert.ok(flows.items.length >= 6, 'the seeded Flows are listed');
    assert.equal((await server.app.request('/api/v1/flows')).status, 401);
    const openapi = await server.app.request('/api/openapi.json');
    assert.equal(openapi.status, 200);
    assert.equal(((await openapi.json()) as { openapi: string }).openapi, '3.1.0');
    const unknown = await server.app.request('/api/v1/nothing-here', auth);
    assert.deepEqual([unknown.status, await unknown.json()], [404, { error: { code: 'NOT_FOUND', message: 'no such API route' } }]);
    // Paths no route serves answer the same error body, except the data endpoint's, which keep its protocol's bare {error}.
    for (const path of ['/api/nothing-here', '/nothing-here', '/webhooks/nothing-here']) {
      const missing = await server.app.request(path, auth);
      assert.deepEqual([missing.status, await missing.json()], [404, { error: { code: 'NOT_FOUND', message: 'not found' } }], path);
    }
    const endpointMissing = await server.app.request('/endpoint/', { method: 'POST', body: '{}' });
    assert.deepEqual([endpointMissing.status, await endpointMissing.json()], [404, { error: 'not found' }]);
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
