import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStorage, type Storage } from '@flowline/storage';
import { startGraphStandIn, type GraphStandIn } from '../channels/test-support/graph-stand-in.js';
import { applyMetaFlowEvent, metaSendRefusal } from './apply-meta-flow-event.js';
import { compareValidators, createMetaFlowLifecycle, type MetaFlowLifecycle } from './meta-flow-lifecycle.js';
import { createSecretBox } from '@flowline/protocol';
import { createWhatsAppConnections } from './whatsapp-connection.js';

const WS = 'w';
const TOKEN = 'tok';
const STATIC_FLOW = JSON.stringify({ version: '7.2', screens: [{ id: 'ONE', title: 'One', terminal: true, layout: { type: 'SingleColumnLayout', children: [{ type: 'TextBody', text: 'Hi' }, { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: {} } }] } }] });
const ENDPOINT_FLOW = JSON.stringify({ ...JSON.parse(STATIC_FLOW) as object, data_api_version: '3.0', routing_model: { ONE: [] } });

describe('the Flow lifecycle on Meta: failures leave nothing half-done unrecorded', () => {
  let dir: string;
  let storage: Storage;
  let graph: GraphStandIn;
  let lifecycle: MetaFlowLifecycle;
  const logged: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowline-meta-'));
    storage = await openStorage({ dataDir: dir });
    graph = await startGraphStandIn({ accessToken: TOKEN });
    await storage.workspaces.create({ id: WS, name: 'W', at: 0 });
    const deps = {
      storage, now: () => new Date(1_000), log: (_level: string, event: string) => {
        logged.push(event);
      },
      secretBox: createSecretBox('a test passphrase of the key'), privateHttp: 'loopback' as const,
      bootstrapWorkspaceId: WS, bootstrap: undefined, graphOptions: { retryDelaysMs: [], sleep: () => Promise.resolve() },
    };
    const connections = createWhatsAppConnections(deps);
    const saved = await connections.save(WS, { wabaId: graph.wabaId, phoneNumberId: graph.phoneNumberId, accessToken: TOKEN, graphBaseUrl: graph.baseUrl });
    assert.ok(saved.ok);
    lifecycle = createMetaFlowLifecycle(deps, connections, { publicBaseUrl: undefined, publicKeyPem: 'unused' });
  });
  after(async () => {
    await graph.close();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function flow(id: string, json: string): Promise<void> {
    await storage.flows.create(WS, { id, name: id, at: 0, by: 't' });
    await storage.flows.addVersion(WS, id, { flowJson: json, createdAt: 0, createdBy: 't' });
  }

  test('an endpoint Flow is not created on Meta without a public base URL (its endpoint_uri)', async () => {
    await flow('dynamic', ENDPOINT_FLOW);
    const pushed = await lifecycle.push(WS, 'dynamic', {});
    assert.equal(!pushed.ok && pushed.code, 'PUBLIC_BASE_URL_MISSING');
    assert.deepEqual(await storage.whatsapp.listMetaFlows(WS, 'dynamic'), []);
  });

  test('a name taken on Meta creates nothing and is reported', async () => {
    await flow('taken', STATIC_FLOW);
    graph.failNext({ status: 400, body: { error: { message: 'Invalid parameter', type: 'OAuthException', code: 100, error_subcode: 4016019, error_user_title: 'Flow name is not unique', fbtrace_id: 'X' } } });
    const pushed = await lifecycle.push(WS, 'taken', {});
    assert.equal(!pushed.ok && pushed.code, 'GRAPH_NAME_TAKEN');
    assert.equal(!pushed.ok && pushed.status, 409);
    assert.deepEqual(await storage.whatsapp.listMetaFlows(WS, 'taken'), []);
  });

  test('a Meta Flow created before its upload failed is recorded, and the next push uploads to it instead of making another', async () => {
    await flow('half', STATIC_FLOW);
    graph.failNext({ status: 400, body: { error: { message: 'Error validating access token: Session has expired', type: 'OAuthException', code: 190, fbtrace_id: 'Y' } }, path: /\/assets$/ });
    const failed = await lifecycle.push(WS, 'half', {});
    assert.equal(!failed.ok && failed.code, 'GRAPH_EXPIRED_TOKEN');
    assert.match(!failed.ok ? failed.message : '', /access token has expired/);
    const [recorded] = await storage.whatsapp.listMetaFlows(WS, 'half');
    assert.deepEqual([recorded?.status, recorded?.version], ['DRAFT', null]);
    const again = await lifecycle.push(WS, 'half', {});
    assert.ok(again.ok);
    assert.deepEqual([again.created, again.meta.graphFlowId, again.meta.version], [false, recorded?.graphFlowId, 1]);
    assert.equal((await storage.whatsapp.listMetaFlows(WS, 'half')).length, 1);
  });

  test('publishing records the new Meta Flow even when deprecating the old one fails; a later deprecate finishes it', async () => {
    await flow('twice', STATIC_FLOW);
    assert.ok((await lifecycle.push(WS, 'twice', {})).ok);
    const first = await lifecycle.publish(WS, 'twice');
    assert.ok(first.ok);
    await storage.flows.addVersion(WS, 'twice', { flowJson: STATIC_FLOW.replace('"Hi"', '"Hello"'), createdAt: 0, createdBy: 't' });
    const pushed = await lifecycle.push(WS, 'twice', {});
    assert.ok(pushed.ok && pushed.created);
    graph.failNext({ status: 500, body: { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1 } }, path: /\/deprecate$/ });
    const second = await lifecycle.publish(WS, 'twice');
    assert.ok(second.ok);
    assert.deepEqual(second.deprecated, []);
    assert.match(second.warnings[0] ?? '', new RegExp(`previous Meta Flow ${first.meta.graphFlowId} was not deprecated`));
    assert.equal(await storage.channels.findGraphFlowId(WS, 'twice'), second.meta.graphFlowId, 'sends move to the new Meta Flow');
    const finished = await lifecycle.deprecate(WS, 'twice');
    assert.ok(finished.ok);
    assert.ok(finished.deprecated.includes(first.meta.graphFlowId));
  });

  test('Meta status webhooks gate sends: THROTTLED and BLOCKED refuse, PUBLISHED allows; a late creation webhook does not undo a publish', async () => {
    await flow('gated', STATIC_FLOW);
    assert.ok((await lifecycle.push(WS, 'gated', {})).ok);
    const published = await lifecycle.publish(WS, 'gated');
    assert.ok(published.ok);
    const id = published.meta.graphFlowId;
    assert.equal(await applyMetaFlowEvent(storage, { graphFlowId: id, event: 'FLOW_STATUS_CHANGE', value: { new_status: 'DRAFT' }, at: 2_000 }), false);
    assert.equal(await metaSendRefusal(storage, WS, 'gated'), undefined);
    for (const [status, pattern] of [['THROTTLED', /THROTTLED on WhatsApp/], ['BLOCKED', /BLOCKED on WhatsApp/]] as const) {
      assert.equal(await applyMetaFlowEvent(storage, { graphFlowId: id, event: 'FLOW_STATUS_CHANGE', value: { old_status: 'PUBLISHED', new_status: status }, at: 3_000 }), true);
      assert.match((await metaSendRefusal(storage, WS, 'gated')) ?? '', pattern);
    }
    assert.equal(await applyMetaFlowEvent(storage, { graphFlowId: id, event: 'ENDPOINT_LATENCY', value: { alert_state: 'ACTIVATED' }, at: 4_000 }), false);
    assert.equal(await applyMetaFlowEvent(storage, { graphFlowId: id, event: 'FLOW_STATUS_CHANGE', value: { old_status: 'BLOCKED', new_status: 'PUBLISHED' }, at: 5_000 }), true);
    assert.equal(await metaSendRefusal(storage, WS, 'gated'), undefined);
  });

  test('only drafts are deleted, and a send of the deleted draft is refused', async () => {
    await flow('scrap', STATIC_FLOW);
    const pushed = await lifecycle.push(WS, 'scrap', {});
    assert.ok(pushed.ok);
    const deleted = await lifecycle.deleteDraft(WS, 'scrap');
    assert.deepEqual(deleted.ok && deleted.deleted, pushed.meta.graphFlowId);
    assert.equal(graph.flows.has(pushed.meta.graphFlowId), false);
    assert.equal((await storage.whatsapp.listMetaFlows(WS, 'scrap'))[0]?.status, 'DELETED');
    assert.match((await metaSendRefusal(storage, WS, 'scrap')) ?? '', /was deleted: push a version/);
    const again = await lifecycle.deleteDraft(WS, 'scrap');
    assert.equal(!again.ok && again.code, 'NO_DRAFT');
  });
});

test('compareValidators reports each validator\'s errors on lines the other left clean', () => {
  const problem = (line: number, code: string) => ({ code, severity: 'error' as const, message: code, pointer: '/screens/0', line, column: 3 });
  const findings = compareValidators(
    [{ error: 'A', line_start: 4, column_start: 2 }, { error: 'B', line_start: 9, column_start: 1 }],
    [problem(4, 'A'), problem(12, 'C')],
  );
  assert.deepEqual(findings.map((f) => [f.kind, f.details['error'], f.details['at']]), [['meta_only', 'B', '9:1'], ['flowline_only', 'C', '12:3']]);
});
