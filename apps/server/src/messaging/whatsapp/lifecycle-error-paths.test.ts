import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSecretBox } from '@flowline/protocol';
import { openStorage, type Storage } from '@flowline/storage';
import { startGraphStandIn, type GraphFailureReply, type GraphStandIn } from '../channels/test-support/graph-stand-in.js';
import { createFlowTemplates, type FlowTemplates } from './flow-templates.js';
import { createMetaFlowLifecycle, type MetaFlowLifecycle } from './meta-flow-lifecycle.js';
import { createWhatsAppConnections } from './whatsapp-connection.js';

// Issue 10, "Must show": every failure of Meta, met by each step that changes something on Meta, leaves
// Flowline's record matching Meta's state: a failed create records nothing, a Flow created before its upload
// failed is recorded as linked, and a create whose answer was lost (Meta did it) is found and recorded. A dynamic
// version pushed to a draft made for a static one uploads nothing until the draft's endpoint_uri is set.

const WS = 'w';
const TOKEN = 'EAAG-lifecycle-error-token';
const FLOW = JSON.stringify({ version: '7.2', screens: [{ id: 'ONE', title: 'One', terminal: true, layout: { type: 'SingleColumnLayout', children: [{ type: 'TextBody', text: 'Hi' }, { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: {} } }] } }] });
/** The same Flow using the data endpoint: its Meta Flow needs an endpoint_uri. */
const DYNAMIC_FLOW = JSON.stringify({ ...JSON.parse(FLOW) as object, data_api_version: '3.0', routing_model: { ONE: [] } });
const PUBLIC_BASE_URL = 'https://flows.example.com';

const envelope = (code: number, message: string, extra: Record<string, unknown> = {}) => ({ error: { message, type: 'OAuthException', code, ...extra, fbtrace_id: 'Alifecycle' } });

/** Each failure of Meta with the API status and code Flowline answers it with. */
const FAILURES: readonly { name: string; reply: GraphFailureReply; status: number; code: string }[] = [
  { name: 'expired token (190)', reply: { status: 401, body: envelope(190, 'Error validating access token') }, status: 424, code: 'GRAPH_EXPIRED_TOKEN' },
  { name: 'rate limit (4)', reply: { status: 400, body: envelope(4, '(#4) Application request limit reached') }, status: 502, code: 'GRAPH_RATE_LIMITED' },
  { name: 'rate limit (80007)', reply: { status: 400, body: envelope(80007, '(#80007) Rate limit issues') }, status: 502, code: 'GRAPH_RATE_LIMITED' },
  { name: 'validation error (100)', reply: { status: 400, body: envelope(100, '(#100) Invalid parameter') }, status: 422, code: 'GRAPH_INVALID_REQUEST' },
  { name: 'name taken', reply: { status: 400, body: envelope(100, 'Invalid parameter', { error_subcode: 4016019, error_user_title: 'Flow name is not unique' }) }, status: 409, code: 'GRAPH_NAME_TAKEN' },
  { name: 'network failure', reply: { status: 0, body: null, drop: true }, status: 502, code: 'GRAPH_NETWORK' },
  { name: '5xx', reply: { status: 500, body: envelope(1, 'An unknown error occurred') }, status: 502, code: 'GRAPH_SERVER_ERROR' },
];

describe('each lifecycle step × each failure of Meta: nothing half-done is left unrecorded', () => {
  let dir: string;
  let storage: Storage;
  let graph: GraphStandIn;
  let lifecycle: MetaFlowLifecycle;
  /** The same workspace's lifecycle on a server Meta reaches at PUBLIC_BASE_URL (dynamic Flows get an endpoint_uri). */
  let served: MetaFlowLifecycle;
  let templates: FlowTemplates;
  let counter = 0;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowline-lifecycle-errors-'));
    storage = await openStorage({ dataDir: dir });
    graph = await startGraphStandIn({ accessToken: TOKEN });
    await storage.workspaces.create({ id: WS, name: 'W', at: 0 });
    // No retries: one injected failure is the call's answer (the retry schedule has its own table in graph-error-paths.test.ts).
    const deps = {
      storage, now: () => new Date(1_000), log: () => undefined, secretBox: createSecretBox('a test passphrase of the key'), privateHttp: 'loopback' as const,
      bootstrapWorkspaceId: WS, bootstrap: undefined, graphOptions: { retryDelaysMs: [], sleep: () => Promise.resolve() },
    };
    const connections = createWhatsAppConnections(deps);
    assert.ok((await connections.save(WS, { wabaId: graph.wabaId, phoneNumberId: graph.phoneNumberId, accessToken: TOKEN, graphBaseUrl: graph.baseUrl })).ok);
    lifecycle = createMetaFlowLifecycle(deps, connections, { publicBaseUrl: undefined, publicKeyPem: 'unused' });
    served = createMetaFlowLifecycle(deps, connections, { publicBaseUrl: PUBLIC_BASE_URL, publicKeyPem: 'unused' });
    templates = createFlowTemplates(deps, connections);
  });
  after(async () => {
    await graph.close();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function newFlow(): Promise<string> {
    const id = `f${++counter}`;
    await storage.flows.create(WS, { id, name: `Flow ${id}`, at: 0, by: 't' });
    await storage.flows.addVersion(WS, id, { flowJson: FLOW, createdAt: 0, createdBy: 't' });
    return id;
  }
  const onMetaNamed = (name: string) => [...graph.flows.values()].filter((f) => f.name === name);

  for (const failure of FAILURES) {
    test(`push, the create fails (${failure.name}): a clear failure, nothing recorded, nothing on Meta`, async () => {
      const id = await newFlow();
      graph.failNext({ ...failure.reply, path: /\/flows$/ });
      const pushed = await lifecycle.push(WS, id, {});
      assert.deepEqual(pushed.ok ? 'ok' : [pushed.status, pushed.code], [failure.status, failure.code]);
      assert.match(pushed.ok ? '' : pushed.message, /^Creating the Flow "Flow f\d+" on Meta: /);
      assert.deepEqual(await storage.whatsapp.listMetaFlows(WS, id), []);
      assert.deepEqual(onMetaNamed(`Flow ${id}`), []);
    });

    test(`push, the upload fails (${failure.name}): the Meta Flow made first is recorded as linked, and the next push uses it`, async () => {
      const id = await newFlow();
      graph.failNext({ ...failure.reply, path: /\/assets$/ });
      const pushed = await lifecycle.push(WS, id, {});
      assert.deepEqual(pushed.ok ? 'ok' : [pushed.status, pushed.code], [failure.status, failure.code]);
      assert.match(pushed.ok ? '' : pushed.message, /^Uploading flow\.json to Meta Flow \d+: /);
      const recorded = await storage.whatsapp.listMetaFlows(WS, id);
      assert.deepEqual(recorded.map((m) => [m.status, m.version]), [['DRAFT', null]]);
      assert.equal(onMetaNamed(`Flow ${id}`)[0]?.id, recorded[0]?.graphFlowId);
      const again = await lifecycle.push(WS, id, {});
      assert.ok(again.ok, again.ok ? '' : again.message);
      assert.deepEqual([again.created, again.meta.graphFlowId, again.meta.version], [false, recorded[0]?.graphFlowId, 1]);
    });

    for (const step of [
      { name: 'reading the draft\'s endpoint_uri', path: /\?fields=id%2Cendpoint_uri$/, says: /^Reading Meta Flow \d+: / },
      { name: 'setting the draft\'s endpoint_uri', path: /\/v23\.0\/\d+$/, says: /^Updating the metadata of Meta Flow \d+: / },
    ]) {
      test(`push of a dynamic version to a draft made for a static one, ${step.name} fails (${failure.name}): nothing uploaded, the draft keeps its version; the next push sets it and uploads`, async () => {
        const id = await newFlow();
        const first = await served.push(WS, id, {});
        assert.ok(first.ok, first.ok ? '' : first.message);
        const graphFlowId = first.meta.graphFlowId;
        await storage.flows.addVersion(WS, id, { flowJson: DYNAMIC_FLOW, createdAt: 0, createdBy: 't' });
        graph.failNext({ ...failure.reply, path: step.path });
        const pushed = await served.push(WS, id, {});
        assert.deepEqual(pushed.ok ? 'ok' : [pushed.status, pushed.code], [failure.status, failure.code]);
        assert.match(pushed.ok ? '' : pushed.message, step.says);
        assert.match(pushed.ok ? '' : pushed.message, /\(version 2 was not uploaded: push again\)$/);
        assert.deepEqual((await storage.whatsapp.listMetaFlows(WS, id)).map((m) => [m.graphFlowId, m.status, m.version]), [[graphFlowId, 'DRAFT', 1]]);
        assert.deepEqual([graph.flows.get(graphFlowId)?.flowJson, graph.flows.get(graphFlowId)?.endpointUri], [FLOW, undefined], 'Meta still holds the static version, without an endpoint');
        const again = await served.push(WS, id, {});
        assert.ok(again.ok, again.ok ? '' : again.message);
        assert.deepEqual([again.created, again.meta.graphFlowId, again.meta.version, again.endpointUriSet], [false, graphFlowId, 2, { endpointUri: `${PUBLIC_BASE_URL}/endpoint/${id}`, previous: null }]);
        assert.deepEqual([graph.flows.get(graphFlowId)?.flowJson, graph.flows.get(graphFlowId)?.endpointUri], [DYNAMIC_FLOW, `${PUBLIC_BASE_URL}/endpoint/${id}`]);
      });
    }

    test(`publish fails (${failure.name}): the draft stays a draft here as on Meta`, async () => {
      const id = await newFlow();
      const pushed = await lifecycle.push(WS, id, {});
      assert.ok(pushed.ok);
      graph.failNext({ ...failure.reply, path: /\/publish$/ });
      const published = await lifecycle.publish(WS, id);
      assert.deepEqual(published.ok ? 'ok' : [published.status, published.code], [failure.status, failure.code]);
      assert.deepEqual((await storage.whatsapp.listMetaFlows(WS, id)).map((m) => m.status), ['DRAFT']);
      assert.equal(graph.flows.get(pushed.meta.graphFlowId)?.status, 'DRAFT');
    });

    test(`template create fails (${failure.name}): nothing saved`, async () => {
      const id = await newFlow();
      assert.ok((await lifecycle.push(WS, id, {})).ok);
      graph.failNext({ ...failure.reply, path: /\/message_templates$/ });
      const created = await templates.create(WS, { name: `t_${id}`, language: 'en_US', category: 'UTILITY', body: 'Book now', buttonText: 'Open', flowId: id });
      assert.deepEqual(created.ok ? 'ok' : [created.status, created.code], [failure.status, failure.code]);
      assert.deepEqual((await storage.whatsapp.listTemplates(WS)).filter((t) => t.name === `t_${id}`), []);
    });

    test(`key registration fails (${failure.name}): a clear failure, no key status recorded`, async () => {
      graph.failNext({ ...failure.reply, path: /whatsapp_business_encryption$/ });
      const registered = await lifecycle.registerKey(WS);
      assert.deepEqual(registered.ok ? 'ok' : [registered.status, registered.code], [failure.status, failure.code]);
      assert.match(registered.ok ? '' : registered.message, /^Registering the endpoint public key: /);
    });
  }

  for (const lost of [{ name: 'network failure', reply: { status: 0, body: null, drop: true } }, { name: '5xx', reply: { status: 502, body: envelope(2, 'Service temporarily unavailable') } }]) {
    test(`a Flow create whose answer was lost (${lost.name}) but which Meta made is found by its name, recorded and uploaded to`, async () => {
      const id = await newFlow();
      graph.failNext({ ...lost.reply, afterEffect: true, path: /\/flows$/ });
      const pushed = await lifecycle.push(WS, id, {});
      assert.ok(pushed.ok, pushed.ok ? '' : pushed.message);
      const onMeta = onMetaNamed(`Flow ${id}`);
      assert.equal(onMeta.length, 1, 'one Meta Flow, not a second one');
      assert.deepEqual((await storage.whatsapp.listMetaFlows(WS, id)).map((m) => [m.graphFlowId, m.version]), [[onMeta[0]?.id, 1]]);
      assert.equal(onMeta[0]?.flowJson, FLOW);
    });

    test(`an endpoint_uri update whose answer was lost (${lost.name}) but which Meta made is found set at the next push, which uploads`, async () => {
      const id = await newFlow();
      const first = await served.push(WS, id, {});
      assert.ok(first.ok);
      const graphFlowId = first.meta.graphFlowId;
      await storage.flows.addVersion(WS, id, { flowJson: DYNAMIC_FLOW, createdAt: 0, createdBy: 't' });
      graph.failNext({ ...lost.reply, afterEffect: true, path: /\/v23\.0\/\d+$/ });
      const pushed = await served.push(WS, id, {});
      assert.equal(pushed.ok, false);
      assert.deepEqual([graph.flows.get(graphFlowId)?.flowJson, graph.flows.get(graphFlowId)?.endpointUri], [FLOW, `${PUBLIC_BASE_URL}/endpoint/${id}`], 'set on Meta, nothing uploaded');
      const again = await served.push(WS, id, {});
      assert.deepEqual(again.ok && [again.meta.version, again.endpointUriSet], [2, null], 'already set: not written twice');
      assert.equal(graph.flows.get(graphFlowId)?.flowJson, DYNAMIC_FLOW);
    });

    test(`a template create whose answer was lost (${lost.name}) but which Meta made is found and recorded`, async () => {
      const id = await newFlow();
      assert.ok((await lifecycle.push(WS, id, {})).ok);
      graph.failNext({ ...lost.reply, afterEffect: true, path: /\/message_templates$/ });
      const created = await templates.create(WS, { name: `lost_${id}`, language: 'en_US', category: 'UTILITY', body: 'Book now', buttonText: 'Open', flowId: id });
      assert.ok(created.ok, created.ok ? '' : created.message);
      const onMeta = [...graph.templates.values()].filter((t) => t['name'] === `lost_${id}`);
      assert.equal(onMeta.length, 1);
      assert.equal(created.template.graphTemplateId, onMeta[0]?.['id']);
    });
  }

  test('a failed create whose fate cannot be read (the list fails too) says where to look', async () => {
    const id = await newFlow();
    graph.failNext({ status: 502, body: envelope(2, 'Service temporarily unavailable'), path: /\/flows$/ });
    graph.failNext({ status: 502, body: envelope(2, 'Service temporarily unavailable'), path: /\/flows\?/ });
    const pushed = await lifecycle.push(WS, id, {});
    assert.match(pushed.ok ? '' : pushed.message, /Meta may have created "Flow f\d+" anyway: the sync list/);
    assert.deepEqual(await storage.whatsapp.listMetaFlows(WS, id), []);
  });
});
