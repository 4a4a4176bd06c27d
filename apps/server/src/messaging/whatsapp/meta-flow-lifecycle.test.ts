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
import { createWhatsAppConnections, type WhatsAppConnections, type WhatsAppDeps } from './whatsapp-connection.js';

const WS = 'w';
const TOKEN = 'tok';
const STATIC_FLOW = JSON.stringify({ version: '7.2', screens: [{ id: 'ONE', title: 'One', terminal: true, layout: { type: 'SingleColumnLayout', children: [{ type: 'TextBody', text: 'Hi' }, { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: {} } }] } }] });
const ENDPOINT_FLOW = JSON.stringify({ ...JSON.parse(STATIC_FLOW) as object, data_api_version: '3.0', routing_model: { ONE: [] } });
const PUBLIC_KEY = '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----\n';

describe('the Flow lifecycle on Meta: failures leave nothing half-done unrecorded', () => {
  let dir: string;
  let storage: Storage;
  let graph: GraphStandIn;
  let lifecycle: MetaFlowLifecycle;
  let deps: WhatsAppDeps;
  let connections: WhatsAppConnections;
  const logged: string[] = [];
  /** A lifecycle of the same workspace whose server is reached by Meta at this public base URL. */
  const servedAt = (publicBaseUrl: string) => createMetaFlowLifecycle(deps, connections, { publicBaseUrl, publicKeyPem: PUBLIC_KEY });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowline-meta-'));
    storage = await openStorage({ dataDir: dir });
    graph = await startGraphStandIn({ accessToken: TOKEN });
    await storage.workspaces.create({ id: WS, name: 'W', at: 0 });
    deps = {
      storage, now: () => new Date(1_000), log: (_level: string, event: string) => {
        logged.push(event);
      },
      secretBox: createSecretBox('a test passphrase of the key'), privateHttp: 'loopback' as const,
      bootstrapWorkspaceId: WS, bootstrap: undefined, graphOptions: { retryDelaysMs: [], sleep: () => Promise.resolve() },
    };
    connections = createWhatsAppConnections(deps);
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

  test('a draft made for a static version gets its endpoint_uri when a dynamic version is pushed to it, and a new public base URL reaches it at the next push', async () => {
    const first = servedAt('https://flows.example.com');
    await flow('grows', STATIC_FLOW);
    const staticPush = await first.push(WS, 'grows', {});
    assert.ok(staticPush.ok, staticPush.ok ? '' : staticPush.message);
    const id = staticPush.meta.graphFlowId;
    assert.deepEqual([staticPush.endpointUriSet, graph.flows.get(id)?.endpointUri], [null, undefined], 'a static Flow has no endpoint');
    const updates = () => graph.requests.filter((r) => r.method === 'POST' && r.path === `/v23.0/${id}`).length;

    await storage.flows.addVersion(WS, 'grows', { flowJson: ENDPOINT_FLOW, createdAt: 0, createdBy: 't' });
    logged.length = 0;
    const dynamicPush = await first.push(WS, 'grows', {});
    assert.ok(dynamicPush.ok, dynamicPush.ok ? '' : dynamicPush.message);
    assert.deepEqual([dynamicPush.created, dynamicPush.meta.graphFlowId, dynamicPush.meta.version], [false, id, 2]);
    assert.deepEqual(dynamicPush.endpointUriSet, { endpointUri: 'https://flows.example.com/endpoint/grows', previous: null });
    assert.deepEqual([graph.flows.get(id)?.endpointUri, graph.flows.get(id)?.flowJson], ['https://flows.example.com/endpoint/grows', ENDPOINT_FLOW]);
    assert.ok(logged.includes('whatsapp.endpoint_uri_set'));
    assert.equal(updates(), 1);

    // The same URL again: read, not written.
    const samePush = await first.push(WS, 'grows', {});
    assert.deepEqual(samePush.ok && samePush.endpointUriSet, null);
    assert.equal(updates(), 1);

    // FLOWLINE_PUBLIC_BASE_URL changed (the server moved): the next push points the draft at the new address.
    const moved = servedAt('https://new.example.com/');
    const movedPush = await moved.push(WS, 'grows', {});
    assert.deepEqual(movedPush.ok && movedPush.endpointUriSet, { endpointUri: 'https://new.example.com/endpoint/grows', previous: 'https://flows.example.com/endpoint/grows' });
    assert.equal(graph.flows.get(id)?.endpointUri, 'https://new.example.com/endpoint/grows');

    // Meta's publishing checks pass: the dynamic Flow has its endpoint_uri and a signed key.
    assert.ok((await moved.registerKey(WS)).ok);
    const published = await moved.publish(WS, 'grows');
    assert.ok(published.ok, published.ok ? '' : published.message);
    assert.equal(graph.flows.get(id)?.status, 'PUBLISHED');
  });

  test('a draft published in Meta\'s builder meanwhile refuses its endpoint_uri (139001): its status is recorded and the next push makes a new Meta Flow with it', async () => {
    const served = servedAt('https://flows.example.com');
    await flow('builder', STATIC_FLOW);
    const first = await served.push(WS, 'builder', {});
    assert.ok(first.ok);
    const old = first.meta.graphFlowId;
    await graph.setFlowStatus(old, 'PUBLISHED');
    await storage.flows.addVersion(WS, 'builder', { flowJson: ENDPOINT_FLOW, createdAt: 0, createdBy: 't' });
    const refused = await served.push(WS, 'builder', {});
    assert.deepEqual(refused.ok ? 'ok' : [refused.status, refused.code], [409, 'GRAPH_FLOW_STATE']);
    assert.match(refused.ok ? '' : refused.message, /^Updating the metadata of Meta Flow \d+: .*\(version 2 was not uploaded: push again\)$/);
    assert.deepEqual((await storage.whatsapp.listMetaFlows(WS, 'builder')).map((m) => [m.graphFlowId, m.status]), [[old, 'PUBLISHED']]);
    const again = await served.push(WS, 'builder', {});
    assert.ok(again.ok, again.ok ? '' : again.message);
    assert.equal(again.created, true);
    assert.notEqual(again.meta.graphFlowId, old);
    assert.equal(graph.flows.get(again.meta.graphFlowId)?.endpointUri, 'https://flows.example.com/endpoint/builder');
    assert.equal(graph.flows.get(old)?.endpointUri, undefined, 'the published one is left as it is');
  });

  test('a key Meta answers MISMATCH for (the number was registered again) is recorded, shown by the connection and its check, until registered again', async () => {
    const keys = servedAt('https://flows.example.com');
    const registered = await keys.registerKey(WS);
    assert.deepEqual(registered.ok && [registered.signatureStatus, registered.matches], ['VALID', true]);
    assert.equal((await connections.view(WS)).publicKey?.signatureStatus, 'VALID');

    graph.reregisterPhoneNumber();
    const read = await keys.readKey(WS);
    assert.deepEqual(read.ok && [read.signatureStatus, read.matches], ['MISMATCH', true], 'the key is still this server\'s, its signature is not valid');
    assert.equal((await storage.whatsapp.findConnection(WS))?.keyStatus, 'MISMATCH');
    assert.deepEqual((await connections.view(WS)).publicKey, { signatureStatus: 'MISMATCH', checkedAt: 1_000 });
    const check = await connections.check(WS);
    assert.equal(check.ok, false);
    const keyCheck = check.checks.find((c) => c.name === 'public_key');
    assert.equal(keyCheck?.ok, false);
    assert.match(keyCheck?.message ?? '', /signature of the registered endpoint public key does not match \(MISMATCH;.*register the key again/);

    const again = await keys.registerKey(WS);
    assert.deepEqual(again.ok && again.signatureStatus, 'VALID');
    assert.equal((await connections.view(WS)).publicKey?.signatureStatus, 'VALID');
    assert.equal((await connections.check(WS)).ok, true);
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
