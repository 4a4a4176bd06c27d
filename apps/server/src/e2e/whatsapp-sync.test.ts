import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startGraphStandIn, type GraphStandIn } from '../messaging/channels/test-support/graph-stand-in.js';
import { parseServerConfig } from '../config/parse-server-config.js';
import { silentLogger } from '../logging/logger.js';
import { startServer, type RunningServer } from '../start-server.js';
import { createAdminApi } from './test-support/admin-api.js';

// Issue 10, item 5 (sync and drift), over the real server and the Graph stand-in playing Meta.

const ADMIN = 'sync-admin-token-0123456789';
const TOKEN = 'EAAG-sync-system-user-token';

function flowJson(title: string): string {
  return JSON.stringify({
    version: '7.2',
    screens: [{ id: 'WELCOME', title, terminal: true, layout: { type: 'SingleColumnLayout', children: [{ type: 'TextBody', text: 'Hello' }, { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: {} } }] } }],
  }, null, 2);
}

type Json = { readonly [key: string]: unknown };
type Row = { graphFlowId: string; name: string; status: string; state: string; flowId: string | null; version: number | null; difference?: string; problem?: string };

describe('WhatsApp sync and drift over the Graph stand-in: linked, drifted, Meta-only (importable), missing on Meta', () => {
  let dataDir = '';
  let server: RunningServer | undefined;
  let graph: GraphStandIn;
  let base = '';
  let pulseMetaId = '';

  const api = createAdminApi(() => base, ADMIN);
  const rows = async (): Promise<Row[]> => {
    const listed = await api('GET', '/whatsapp/flows');
    assert.equal(listed.status, 200, listed.text);
    return listed.body['items'] as Row[];
  };
  const row = async (name: string): Promise<Row | undefined> => (await rows()).find((r) => r.name === name);

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'flowline-wa-sync-'));
    // Two Flows a page, so that the listing has to follow Meta's paging cursors.
    graph = await startGraphStandIn({ accessToken: TOKEN, pageSize: 2 });
    const parsed = parseServerConfig({
      PORT: '0', HOST: '127.0.0.1', FLOWLINE_WORKERS: '1', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_KEY_PASSPHRASE: 'sync-pass', FLOWLINE_ADMIN_TOKEN: ADMIN,
      FLOWLINE_ALLOW_PRIVATE_HTTP: 'loopback',
    });
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.errors.join('; '));
    server = await startServer(parsed.config, silentLogger);
    base = `http://127.0.0.1:${server.port}`;
    const saved = await api('PUT', '/whatsapp/connection', { wabaId: graph.wabaId, phoneNumberId: graph.phoneNumberId, accessToken: TOKEN, graphBaseUrl: graph.baseUrl, graphApiVersion: 'v23.0' });
    assert.equal(saved.status, 200, saved.text);
    for (const [id, name] of [['pulse', 'Pulse'], ['gone', 'Gone']] as const) {
      assert.equal((await api('POST', '/flows', { id, name, flowJson: flowJson(name) })).status, 201);
      const pushed = await api('POST', `/flows/${id}/whatsapp/push`);
      assert.equal(pushed.status, 200, pushed.text);
      if (id === 'pulse') pulseMetaId = String((pushed.body['meta'] as Json)['graphFlowId']);
    }
  });
  after(async () => {
    await graph.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('lists every page of the WABA\'s Flows: pushed ones in sync, ones made in Meta\'s builder Meta-only', async () => {
    graph.addFlow({ name: 'Made on Meta', flowJson: flowJson('From Meta') });
    graph.addFlow({ name: 'Also on Meta', flowJson: flowJson('Also'), status: 'DRAFT' });
    const listed = await rows();
    assert.deepEqual(listed.map((r) => [r.name, r.state, r.flowId, r.version]), [
      ['Pulse', 'in_sync', 'pulse', 1], ['Gone', 'in_sync', 'gone', 1], ['Made on Meta', 'meta_only', null, null], ['Also on Meta', 'meta_only', null, null],
    ]);
    const pages = graph.requests.filter((r) => r.method === 'GET' && r.path.includes(`/${graph.wabaId}/flows?`));
    assert.ok(pages.some((r) => r.path.includes('after=')), 'the second page was asked for with Meta\'s cursor');
  });

  test('key order and whitespace do not count as drift; a changed value does, with its JSON pointer', async () => {
    const reordered = JSON.parse(flowJson('Pulse')) as { screens: Record<string, unknown>[]; version: string };
    graph.editFlowJson(pulseMetaId, JSON.stringify({ screens: reordered.screens, version: reordered.version }));
    assert.equal((await row('Pulse'))?.state, 'in_sync');
    graph.editFlowJson(pulseMetaId, flowJson('Edited in Meta\'s builder'));
    assert.deepEqual(await row('Pulse'), {
      graphFlowId: pulseMetaId, name: 'Pulse', status: 'DRAFT', categories: ['OTHER'], state: 'drifted', flowId: 'pulse', version: 1, difference: '/screens/0/title',
    });
    // Pushing the Flowline version again puts it back in sync.
    assert.equal((await api('POST', '/flows/pulse/whatsapp/push')).status, 200);
    assert.equal((await row('Pulse'))?.state, 'in_sync');
  });

  test('a linked Flow deleted on Meta shows as missing_on_meta', async () => {
    const gone = (await row('Gone'))?.graphFlowId ?? '';
    const deleted = await fetch(`${graph.baseUrl}/v23.0/${gone}`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(deleted.status, 200);
    assert.deepEqual((await rows()).filter((r) => r.state === 'missing_on_meta').map((r) => [r.graphFlowId, r.flowId]), [[gone, 'gone']]);
  });

  test('imports a Meta-only Flow: its flow.json becomes version 1 of a new Flow, linked, and then in sync', async () => {
    const metaId = (await row('Made on Meta'))?.graphFlowId ?? '';
    const imported = await api('POST', `/whatsapp/flows/${metaId}/import`, { id: 'from-meta' });
    assert.equal(imported.status, 201, imported.text);
    assert.deepEqual([imported.body['flowId'], imported.body['name'], imported.body['version']], ['from-meta', 'Made on Meta', 1]);
    const version = await api('GET', '/flows/from-meta/versions/1');
    assert.equal(version.status, 200, version.text);
    assert.equal(version.body['flowJson'], flowJson('From Meta'), 'the JSON is kept as Meta served it');
    const onMeta = await api('GET', '/flows/from-meta/whatsapp');
    assert.deepEqual([(onMeta.body['current'] as Json)['graphFlowId'], (onMeta.body['current'] as Json)['status']], [metaId, 'PUBLISHED']);
    assert.equal((await row('Made on Meta'))?.state, 'in_sync');
    const audit = await api('GET', '/audit');
    assert.ok((audit.body['items'] as Json[]).some((e) => e['action'] === 'whatsapp.flow.import' && e['targetId'] === 'from-meta'));

    const again = await api('POST', `/whatsapp/flows/${metaId}/import`, { id: 'from-meta-2' });
    assert.deepEqual([again.status, (again.body['error'] as Json)['code']], [409, 'ALREADY_LINKED']);
  });

  test('an import that cannot complete leaves nothing behind: a taken id, a Flow JSON Flowline refuses, an unknown Meta id', async () => {
    const other = (await row('Also on Meta'))?.graphFlowId ?? '';
    const taken = await api('POST', `/whatsapp/flows/${other}/import`, { id: 'pulse' });
    assert.deepEqual([taken.status, (taken.body['error'] as Json)['code']], [409, 'FLOW_EXISTS']);
    assert.equal((await row('Also on Meta'))?.state, 'meta_only', 'no link was recorded');

    const broken = graph.addFlow({ name: 'Broken on Meta', flowJson: '{"version":"7.2","screens":"not a list"}', status: 'DRAFT' });
    const refused = await api('POST', `/whatsapp/flows/${broken.id}/import`, { id: 'broken' });
    assert.ok(refused.status >= 400 && refused.status < 500, refused.text);
    assert.equal((await api('GET', '/flows/broken')).status, 404);
    assert.equal((await row('Broken on Meta'))?.state, 'meta_only');

    const unknown = await api('POST', '/whatsapp/flows/999/import', { id: 'nothing' });
    assert.deepEqual([unknown.status, (unknown.body['error'] as Json)['code']], [422, 'GRAPH_NOT_FOUND']);
    const notAnId = await api('POST', '/whatsapp/flows/abc/import', { id: 'nothing' });
    assert.equal(notAnId.status, 400);
  });
});
