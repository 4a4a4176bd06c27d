import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { parseServerConfig } from '../../config/parse-server-config.js';
import { silentLogger } from '../../logging/logger.js';
import { startServer, type RunningServer } from '../../start-server.js';

const SEEDS = new URL('../../admin/seeds/', import.meta.url);
const INTERNAL_SECRET = 'INTERNAL-ONLY-7f3a';

/**
 * Finding 2 of issue 15: a designer could make the server fetch a loopback-only service through the
 * declarative `http` data source and read its JSON back through the endpoint preview.
 */
describe('the http data source goes through the outbound address guard', () => {
  let internal: Server;
  let internalPort = 0;
  const seen: string[] = [];
  let server: RunningServer;
  let dataDir: string;
  let designer = '';
  const ADMIN = 'ssrf-test-admin-token-0123456789';

  before(async () => {
    internal = createHttpServer((req, res) => {
      seen.push(req.url ?? '');
      if (req.url === '/redirect') res.writeHead(302, { location: `http://127.0.0.1:${internalPort}/topics` }).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: [{ code: 'leak', name: INTERNAL_SECRET }] }));
    });
    await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
    internalPort = (internal.address() as AddressInfo).port;
    dataDir = mkdtempSync(join(tmpdir(), 'flowline-ssrf-'));
    // The operator allows one internal host by name; addresses by literal and redirects elsewhere stay refused.
    const parsed = parseServerConfig({ PORT: '0', HOST: '127.0.0.1', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_WORKERS: '1', FLOWLINE_KEY_PASSPHRASE: 'ssrf-test', FLOWLINE_ADMIN_TOKEN: ADMIN, FLOWLINE_ALLOW_PRIVATE_HTTP: 'localhost' });
    assert.ok(parsed.ok);
    server = await startServer(parsed.config, silentLogger);
    const issued = await api(ADMIN, 'POST', '/tokens', { name: 'designer', role: 'designer' });
    designer = String(issued.body['token']);
  });
  after(async () => {
    await server.close();
    internal.closeAllConnections();
    internal.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function api(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; text: string; body: Record<string, unknown> }> {
    const response = await fetch(`http://127.0.0.1:${server.port}/api/v1${path}`, {
      method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, text, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
  }

  /** Creates a Flow whose INIT lists topics from an http source, waits until the endpoint serves it, and previews INIT as the designer. */
  async function previewWithSource(flowId: string, url: string): Promise<string> {
    const endpointConfig = JSON.parse(readFileSync(new URL('support-triage.endpoint.json', SEEDS), 'utf8')) as { INIT: { data: { topics: unknown } } };
    endpointConfig.INIT.data.topics = { $source: { kind: 'http', url, itemsPath: 'items', fields: { id: 'code', title: 'name' } } };
    const created = await api(designer, 'POST', '/flows', { id: flowId, name: flowId, flowJson: readFileSync(new URL('support-triage.flow.json', SEEDS), 'utf8'), endpointConfig });
    assert.equal(created.status, 201, created.text);
    const request = { flowId, request: { action: 'INIT', flow_token: `${flowId}-token` } };
    // The endpoint's Flow catalog picks new Flows up on its next poll.
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const preview = await api(designer, 'POST', '/preview/endpoint', request);
      assert.equal(preview.status, 200, preview.text);
      if (preview.body['servedVersion'] !== null) return preview.text;
      await sleep(100);
    }
    throw new Error(`the endpoint never served ${flowId}`);
  }

  it('does not fetch an address literal on loopback', async () => {
    const answer = await previewWithSource('ssrf-literal', `http://127.0.0.1:${internalPort}/topics`);
    assert.ok(!answer.includes(INTERNAL_SECRET), answer);
    assert.deepEqual(seen, []);
  });

  it('refuses a redirect from an allowed host to a loopback address', async () => {
    const answer = await previewWithSource('ssrf-redirect', `http://localhost:${internalPort}/redirect`);
    assert.ok(!answer.includes(INTERNAL_SECRET), answer);
    assert.ok(seen.length > 0 && seen.every((path) => path === '/redirect'), `the redirect target was never contacted (${seen.join(', ')})`);
  });

  it('reaches a host the operator allowed by name', async () => {
    const answer = await previewWithSource('ssrf-allowed', `http://localhost:${internalPort}/topics`);
    assert.ok(answer.includes(INTERNAL_SECRET), answer);
  });
});
