import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startGraphStandIn, type GraphStandIn } from '../channels/test-support/graph-stand-in.js';
import { createGraphClient, type GraphClientOptions, type GraphTarget } from './graph-client.js';

const TOKEN = 'EAAG-stand-in-token';
const VALID_FLOW = JSON.stringify({
  version: '7.2',
  screens: [{ id: 'WELCOME', title: 'Welcome', terminal: true, layout: { type: 'SingleColumnLayout', children: [{ type: 'TextBody', text: 'Hello' }, { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: {} } }] } }],
}, null, 2);

describe('Graph client over the stand-in (real HTTP through the address guard)', () => {
  let graph: GraphStandIn;
  let target: GraphTarget;
  let waits: number[];
  const options = (): GraphClientOptions => ({ privateHttp: 'loopback', retryDelaysMs: [10, 20, 40], sleep: (ms) => {
    waits.push(ms);
    return Promise.resolve();
  } });
  before(async () => {
    graph = await startGraphStandIn({ accessToken: TOKEN });
    target = { baseUrl: graph.baseUrl, apiVersion: 'v23.0', accessToken: TOKEN, wabaId: graph.wabaId, phoneNumberId: graph.phoneNumberId };
  });
  after(() => graph.close());

  it('creates a Flow, uploads flow.json as multipart, publishes, reads and deprecates it with Meta\'s paths', async () => {
    waits = [];
    const client = createGraphClient(target, options());
    const created = await client.createFlow({ name: 'Booking', categories: ['APPOINTMENT_BOOKING'], endpointUri: 'https://flowline.example/endpoint/booking' });
    assert.ok(created.ok);
    const id = created.value.id;
    const createRequest = graph.requests.at(-1);
    assert.deepEqual([createRequest?.method, createRequest?.path, createRequest?.headers.authorization], ['POST', `/v23.0/${graph.wabaId}/flows`, `Bearer ${TOKEN}`]);
    assert.deepEqual(createRequest?.body, { name: 'Booking', categories: '["APPOINTMENT_BOOKING"]', endpoint_uri: 'https://flowline.example/endpoint/booking' });
    const uploaded = await client.uploadFlowJson(id, VALID_FLOW);
    assert.deepEqual(uploaded.ok && uploaded.value.validationErrors, []);
    assert.equal(graph.flows.get(id)?.flowJson, VALID_FLOW, 'the multipart file part arrives byte for byte');
    assert.match(String(graph.requests.at(-1)?.headers['content-type']), /^multipart\/form-data; boundary=/);
    assert.deepEqual(await client.registerPublicKey('-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n'), { ok: true, value: true, attempts: 1 });
    const key = await client.readPublicKey();
    assert.equal(key.ok && key.value.signatureStatus, 'VALID');
    assert.equal((await client.publishFlow(id)).ok, true);
    const read = await client.getFlow(id);
    assert.equal(read.ok && read.value['status'], 'PUBLISHED');
    const health = read.ok ? (read.value['health_status'] as { can_send_message?: string }) : undefined;
    assert.equal(health?.can_send_message, 'AVAILABLE');
    const preview = await client.getPreview(id, true);
    assert.ok(preview.ok && preview.value.previewUrl.startsWith('https://'));
    assert.deepEqual([graph.requests.at(-1)?.method, graph.requests.at(-1)?.path], ['GET', `/v23.0/${id}?fields=${encodeURIComponent('preview.invalidate(true)')}`]);
    const listed = await client.listFlows();
    assert.ok(listed.ok && listed.value.some((f) => f['id'] === id && f['status'] === 'PUBLISHED'));
    assert.equal((await client.deprecateFlow(id)).ok, true);
    assert.deepEqual(waits, []);
  });

  it('updates a draft\'s metadata with POST /{flow-id} (form fields as Meta names them); an empty change sends nothing', async () => {
    waits = [];
    const client = createGraphClient(target, options());
    const created = await client.createFlow({ name: 'Metadata', categories: ['OTHER'] });
    assert.ok(created.ok);
    const id = created.value.id;
    const updated = await client.updateFlow(id, { name: 'Metadata renamed', categories: ['SURVEY', 'OTHER'], endpointUri: 'https://flowline.example/endpoint/metadata', applicationId: '1' });
    assert.deepEqual(updated, { ok: true, value: true, attempts: 1 });
    const request = graph.requests.at(-1);
    assert.deepEqual([request?.method, request?.path, request?.headers['content-type']], ['POST', `/v23.0/${id}`, 'application/x-www-form-urlencoded']);
    assert.deepEqual(request?.body, { name: 'Metadata renamed', categories: '["SURVEY","OTHER"]', endpoint_uri: 'https://flowline.example/endpoint/metadata', application_id: '1' });
    const read = await client.getFlow(id, ['name', 'categories', 'endpoint_uri']);
    assert.deepEqual(read.ok && [read.value['name'], read.value['categories'], read.value['endpoint_uri']], ['Metadata renamed', ['SURVEY', 'OTHER'], 'https://flowline.example/endpoint/metadata']);
    const before = graph.requests.length;
    const empty = await client.updateFlow(id, {});
    assert.deepEqual([!empty.ok && empty.error.kind, empty.attempts, graph.requests.length], ['invalid_request', 0, before]);
    const bad = await client.updateFlow(id, { endpointUri: 'not a url' });
    assert.equal(!bad.ok && bad.error.kind, 'invalid_request');
    assert.match(!bad.ok ? bad.error.message : '', /^Updating the metadata of Meta Flow \d+: Meta refused the request .*Invalid endpoint URI/);
    assert.deepEqual(waits, []);
  });

  it('returns Meta\'s validation_errors with line and column as a value, not an error', async () => {
    const client = createGraphClient(target, options());
    const created = await client.createFlow({ name: 'Broken', categories: ['OTHER'] });
    assert.ok(created.ok);
    const uploaded = await client.uploadFlowJson(created.value.id, VALID_FLOW.replace('"Footer"', '"Foter"'));
    assert.ok(uploaded.ok);
    const [first] = uploaded.value.validationErrors;
    assert.equal(typeof first?.line_start, 'number');
    assert.equal(typeof first?.column_start, 'number');
    const published = await client.publishFlow(created.value.id);
    assert.equal(!published.ok && published.error.kind, 'flow_state');
    const deleted = await client.deleteFlow(created.value.id);
    assert.equal(deleted.ok, true);
    assert.deepEqual([graph.requests.at(-1)?.method, graph.requests.at(-1)?.body], ['DELETE', undefined], 'the guard sends DELETE without a body');
  });

  it('refuses a taken name without retrying, in plain words', async () => {
    waits = [];
    const client = createGraphClient(target, options());
    assert.ok((await client.createFlow({ name: 'Taken', categories: ['OTHER'] })).ok);
    const again = await client.createFlow({ name: 'Taken', categories: ['OTHER'] });
    assert.equal(again.ok, false);
    assert.equal(!again.ok && again.error.kind, 'name_taken');
    assert.match(!again.ok ? again.error.message : '', /already exists.*choose another name/);
    assert.equal(again.attempts, 1);
    assert.deepEqual(waits, []);
  });

  it('retries rate limits (codes 4 and 80007) and 5xx with backoff, then succeeds', async () => {
    waits = [];
    const client = createGraphClient(target, options());
    graph.failNext({ status: 400, body: { error: { message: '(#4) Application request limit reached', type: 'OAuthException', code: 4, fbtrace_id: 'Ab' } } });
    graph.failNext({ status: 400, body: { error: { message: '(#80007) Rate limit issues', type: 'OAuthException', code: 80007, fbtrace_id: 'Ac' } } });
    graph.failNext({ status: 503, body: { error: { message: 'Service temporarily unavailable', type: 'OAuthException', code: 2, fbtrace_id: 'Ad' } } });
    const listed = await client.listFlows();
    assert.equal(listed.ok, true);
    assert.equal(listed.attempts, 4);
    assert.deepEqual(waits, [10, 20, 40]);
  });

  it('gives up after the last retry with the last error, and a create is retried on a rate limit only', async () => {
    waits = [];
    const client = createGraphClient(target, options());
    for (let i = 0; i < 4; i++) graph.failNext({ status: 400, body: { error: { message: 'Rate limit', type: 'OAuthException', code: 80007 } } });
    const listed = await client.listFlows();
    assert.equal(!listed.ok && listed.error.kind, 'rate_limited');
    assert.equal(listed.attempts, 4);
    waits = [];
    graph.failNext({ status: 500, body: { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1 } } });
    const created = await client.createFlow({ name: 'Maybe', categories: ['OTHER'] });
    assert.equal(!created.ok && created.error.kind, 'server_error');
    assert.equal(created.attempts, 1, 'a 5xx on create may have created the Flow: not repeated blindly');
  });

  it('reports an expired token (190) once, without retrying', async () => {
    waits = [];
    const expiring = await startGraphStandIn({ accessToken: TOKEN });
    try {
      expiring.expireToken();
      const client = createGraphClient({ ...target, baseUrl: expiring.baseUrl }, options());
      const result = await client.getNode(expiring.wabaId, ['id']);
      assert.equal(!result.ok && result.error.kind, 'expired_token');
      assert.equal(!result.ok && result.error.code, 190);
      assert.match(!result.ok ? result.error.message : '', /access token has expired.*new system-user token/);
      assert.ok(!result.ok && result.error.fbtraceId !== undefined);
      assert.equal(result.attempts, 1);
      assert.deepEqual(waits, []);
    } finally {
      await expiring.close();
    }
  });

  it('names a missing permission and an unknown id', async () => {
    const client = createGraphClient(target, options());
    graph.failNext({ status: 403, body: { error: { message: '(#200) Requires whatsapp_business_management permission', type: 'OAuthException', code: 200 } } });
    const denied = await client.listFlows();
    assert.equal(!denied.ok && denied.error.kind, 'missing_permission');
    const unknown = await client.getFlow('123');
    assert.equal(!unknown.ok && unknown.error.kind, 'not_found');
  });

  it('retries a network failure of an idempotent call but not of a create', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    waits = [];
    const client = createGraphClient({ ...target, baseUrl: `http://127.0.0.1:${port}` }, options());
    const read = await client.getFlow('1');
    assert.equal(!read.ok && read.error.kind, 'network');
    assert.equal(read.attempts, 4);
    const created = await client.createFlow({ name: 'x', categories: ['OTHER'] });
    assert.equal(created.attempts, 1);
  });

  it('downloads a Flow\'s flow.json from the asset\'s download_url without sending the token there', async () => {
    const client = createGraphClient(target, options());
    const created = await client.createFlow({ name: 'Downloaded', categories: ['OTHER'] });
    assert.ok(created.ok);
    assert.deepEqual(await client.downloadFlowJson(created.value.id), { ok: true, attempts: 1, value: undefined }, 'no flow.json uploaded yet');
    assert.ok((await client.uploadFlowJson(created.value.id, VALID_FLOW)).ok);
    const downloaded = await client.downloadFlowJson(created.value.id);
    assert.deepEqual(downloaded.ok && downloaded.value, VALID_FLOW);
    const [assets, cdn] = graph.requests.slice(-2);
    assert.deepEqual([assets?.path, assets?.headers.authorization], [`/v23.0/${created.value.id}/assets`, `Bearer ${TOKEN}`]);
    assert.match(String(cdn?.path), /^\/cdn\/flow-json\//);
    assert.equal(cdn?.headers.authorization, undefined, 'the access token stays with Graph');
  });

  it('follows the paging cursors of GET /{waba-id}/flows to the last page', async () => {
    const paged = await startGraphStandIn({ accessToken: TOKEN, pageSize: 2 });
    try {
      for (let i = 0; i < 5; i++) paged.addFlow({ name: `Meta ${i}`, flowJson: VALID_FLOW });
      const client = createGraphClient({ ...target, baseUrl: paged.baseUrl, wabaId: paged.wabaId }, options());
      const listed = await client.listFlows();
      assert.deepEqual(listed.ok && listed.value.map((f) => f['name']), ['Meta 0', 'Meta 1', 'Meta 2', 'Meta 3', 'Meta 4']);
      assert.equal(listed.attempts, 3, 'three pages of two');
    } finally {
      await paged.close();
    }
  });

  it('refuses a download_url that points at a private address (the outbound address guard)', async () => {
    const fake = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: [{ name: 'flow.json', asset_type: 'FLOW_JSON', download_url: 'http://169.254.169.254/latest/meta-data/' }] }));
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    try {
      const client = createGraphClient({ ...target, baseUrl: `http://127.0.0.1:${(fake.address() as AddressInfo).port}` }, options());
      const result = await client.downloadFlowJson('123');
      assert.equal(!result.ok && result.error.kind, 'refused');
      assert.match(!result.ok ? result.error.message : '', /outbound address guard/);
    } finally {
      await new Promise<void>((resolve) => fake.close(() => resolve()));
    }
  });

  it('goes through the outbound address guard: a loopback Graph URL is refused unless loopback is allowed', async () => {
    const client = createGraphClient(target, { privateHttp: 'none' });
    const result = await client.getNode(graph.wabaId, ['id']);
    assert.equal(!result.ok && result.error.kind, 'refused');
    assert.equal(result.attempts, 1);
  });
});
