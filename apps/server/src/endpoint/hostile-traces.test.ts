import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer as createHttpServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encryptRequest } from '@flowline/protocol';
import { parseServerConfig } from '../config/parse-server-config.js';
import { createServer } from '../create-server.js';
import { createEndpointListener } from './create-endpoint-listener.js';
import type { Logger } from '../logging/logger.js';

function post(port: number, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('unauthenticated requests for unknown Flows store a bounded number of short trace rows (SQLite, real listener)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-hostile-traces-'));
  const parsed = parseServerConfig({ PORT: '0', HOST: '127.0.0.1', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_WORKERS: '1', FLOWLINE_CRYPTO_THREADS: '0', FLOWLINE_KEY_PASSPHRASE: 'test-pass', FLOWLINE_APP_SECRET: 'app-secret', FLOWLINE_TRACE_REJECTED_PER_MINUTE: '20' });
  assert.ok(parsed.ok);
  let clock = Date.parse('2026-03-03T08:00:00Z');
  const logged: { event: string; fields: Readonly<Record<string, unknown>> }[] = [];
  const log: Logger = (_level, event, fields = {}) => logged.push({ event, fields });
  const server = await createServer(parsed.config, log, { now: () => new Date(clock) });
  const http = createHttpServer(createEndpointListener(server.runtime, parsed.config.bodyLimitBytes, () => undefined));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  try {
    const { storage, workspaceId } = server.context;
    const before = (await storage.endpointTraces.list(workspaceId, { limit: 100_000 })).length;
    // 14,000-character ids (as in the report), each different, plus unsigned requests to a real Flow.
    for (let i = 0; i < 150; i++) assert.equal(await post(port, `/endpoint/${String(i).padStart(6, '0')}${'x'.repeat(14_000)}`, '{}'), 404);
    const envelope = JSON.stringify(encryptRequest({ version: '3.0', action: 'ping' }, server.publicKeyPem).envelope);
    for (let i = 0; i < 50; i++) assert.equal(await post(port, '/endpoint/appointment-booking', envelope), 432);
    await server.runtime.trace.flush();
    const rows = await storage.endpointTraces.list(workspaceId, { limit: 100_000 });
    assert.equal(rows.length - before, 20, 'the first 20 rejections of the minute are stored, 180 are only counted');
    assert.ok(rows.every((row) => row.flowId.length <= 64), 'no stored id is longer than a Flow id');
    assert.ok(rows.every((row) => (row.handlerError ?? '').length <= 256 && (row.screen ?? '').length <= 128));
    // The next minute: its first rejection reports the last minute's count, and is stored.
    clock += 60_000;
    assert.equal(await post(port, '/endpoint/%', '{}'), 400);
    const sampled = logged.find((entry) => entry.event === 'endpoint.traces_sampled');
    assert.deepEqual([sampled?.fields['suppressed'], sampled?.fields['byCode']], [180, { FLOWLINE_UNKNOWN_FLOW: 130, ERR_SIGNATURE_MISSING: 50 }]);
    await server.runtime.trace.flush();
    assert.equal((await storage.endpointTraces.list(workspaceId, { limit: 100_000 })).length - before, 21);
  } finally {
    http.close();
    await server.close();
  }
});
