import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createCloudApiClient } from '../channels/cloud-api-client.js';
import { graphPostOverFetch } from '../channels/graph-post.js';
import { startGraphStandIn, type GraphFailureReply, type GraphStandIn } from '../channels/test-support/graph-stand-in.js';
import { createGraphClient, type GraphClient, type GraphResult } from './graph-client.js';
import type { GraphErrorKind } from './graph-error.js';

// Issue 10, "Must show": every Graph call has a test for its error paths. Each call of the Graph client
// (and each Cloud API send) meets each of Meta's failures, served by the stand-in in Meta's error envelope
// {"error":{"message","type","code","error_subcode","fbtrace_id"}}: an expired token (190), rate limits
// (4 and 80007), a validation error (100), a name taken (100 with Meta's "not unique" texts), a dropped
// connection and a 5xx. Expected: a plain message naming the action, a retry with backoff exactly where
// repeating cannot do harm, never a thrown error.

const TOKEN = 'EAAG-error-paths-token-0123456789';
const VALID_FLOW = JSON.stringify({
  version: '7.2',
  screens: [{ id: 'ONE', title: 'One', terminal: true, layout: { type: 'SingleColumnLayout', children: [{ type: 'TextBody', text: 'Hi' }, { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: {} } }] } }],
});
const PUBLIC_KEY = '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----\n';

const envelope = (code: number, message: string, extra: Record<string, unknown> = {}) => ({ error: { message, type: 'OAuthException', code, ...extra, fbtrace_id: `Atrace${code}` } });

/** One failure Meta can answer, and what Flowline must make of it. */
interface Failure {
  readonly name: string;
  readonly reply: GraphFailureReply;
  /** The kind when the call gives up, and the advice its message must carry. */
  readonly kind: GraphErrorKind;
  readonly says: RegExp;
  /** retried: repeat after a backoff for every call; ambiguous: repeat only calls that are safe to repeat; never. */
  readonly retry: 'always' | 'ambiguous' | 'never';
  /** Meta's envelope arrived: its code and fbtrace_id are kept for support. */
  readonly fromMeta: boolean;
}

const FAILURES: readonly Failure[] = [
  { name: 'expired token (190)', reply: { status: 401, body: envelope(190, 'Error validating access token: Session has expired', { error_subcode: 463 }) }, kind: 'expired_token', says: /access token has expired/, retry: 'never', fromMeta: true },
  { name: 'rate limit (4)', reply: { status: 400, body: envelope(4, '(#4) Application request limit reached') }, kind: 'rate_limited', says: /rate-limiting/, retry: 'always', fromMeta: true },
  { name: 'rate limit (80007)', reply: { status: 400, body: envelope(80007, '(#80007) Rate limit issues') }, kind: 'rate_limited', says: /rate-limiting/, retry: 'always', fromMeta: true },
  { name: 'validation error (100)', reply: { status: 400, body: envelope(100, '(#100) Invalid parameter', { error_user_msg: 'Param categories must be a list' }) }, kind: 'invalid_request', says: /Meta refused the request.*Param categories/, retry: 'never', fromMeta: true },
  { name: 'name taken', reply: { status: 400, body: envelope(100, 'Invalid parameter', { error_subcode: 4016019, error_user_title: 'Flow name is not unique' }) }, kind: 'name_taken', says: /already exists.*choose another name/, retry: 'never', fromMeta: true },
  { name: 'network failure', reply: { status: 0, body: null, drop: true }, kind: 'network', says: /Graph API unreachable/, retry: 'ambiguous', fromMeta: false },
  { name: '5xx', reply: { status: 500, body: envelope(1, 'An unknown error occurred') }, kind: 'server_error', says: /temporary problem/, retry: 'ambiguous', fromMeta: true },
];

/** One Graph call: how to set up what it acts on, how to call it, and whether repeating it after an ambiguous failure is safe. */
interface Call {
  readonly name: string;
  /** Names the action in its messages. */
  readonly action: RegExp;
  readonly repeatable: boolean;
  prepare(client: GraphClient, unique: string): Promise<Record<string, string>>;
  run(client: GraphClient, ctx: Record<string, string>, unique: string): Promise<GraphResult<unknown>>;
}

const ok = <T>(result: GraphResult<T>): T => {
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  return result.value;
};
const newFlow = async (client: GraphClient, unique: string) => ok(await client.createFlow({ name: `Setup ${unique}`, categories: ['OTHER'] })).id;
const template = (name: string, flowId: string) => ({
  name, language: 'en_US', category: 'UTILITY',
  components: [{ type: 'BODY', text: 'Book now' }, { type: 'BUTTONS', buttons: [{ type: 'FLOW', text: 'Open', flow_id: flowId, flow_action: 'navigate', navigate_screen: 'ONE' }] }],
});

const CALLS: readonly Call[] = [
  { name: 'connection check: read the WABA (getNode)', action: /^Reading \d+/, repeatable: true, prepare: async () => ({}), run: (c, _x) => c.getNode(graphOf(c).wabaId, ['id', 'name']) },
  { name: 'connection check: phone numbers', action: /^Listing the phone numbers/, repeatable: true, prepare: async () => ({}), run: (c) => c.listPhoneNumbers() },
  { name: 'key register', action: /^Registering the endpoint public key/, repeatable: true, prepare: async () => ({}), run: (c) => c.registerPublicKey(PUBLIC_KEY) },
  { name: 'key read', action: /^Reading the registered public key/, repeatable: true, prepare: async () => ({}), run: (c) => c.readPublicKey() },
  { name: 'flows create', action: /^Creating the Flow "/, repeatable: false, prepare: async () => ({}), run: (c, _x, u) => c.createFlow({ name: `Created ${u}`, categories: ['OTHER'] }) },
  {
    name: 'flows update metadata (endpoint_uri)', action: /^Updating the metadata of Meta Flow \d+/, repeatable: true,
    prepare: async (c, u) => ({ id: await newFlow(c, u) }),
    run: (c, x, u) => c.updateFlow(x['id'] ?? '', { endpointUri: `https://flows.example.com/endpoint/f${u}` }),
  },
  { name: 'flows update (asset upload)', action: /^Uploading flow\.json to Meta Flow/, repeatable: true, prepare: async (c, u) => ({ id: await newFlow(c, u) }), run: (c, x) => c.uploadFlowJson(x['id'] ?? '', VALID_FLOW) },
  {
    name: 'flows publish', action: /^Publishing Meta Flow/, repeatable: true,
    prepare: async (c, u) => {
      const id = await newFlow(c, u);
      ok(await c.uploadFlowJson(id, VALID_FLOW));
      return { id };
    },
    run: (c, x) => c.publishFlow(x['id'] ?? ''),
  },
  {
    name: 'flows deprecate', action: /^Deprecating Meta Flow/, repeatable: true,
    prepare: async (c, u) => {
      const id = await newFlow(c, u);
      ok(await c.uploadFlowJson(id, VALID_FLOW));
      ok(await c.publishFlow(id));
      return { id };
    },
    run: (c, x) => c.deprecateFlow(x['id'] ?? ''),
  },
  { name: 'flows delete', action: /^Deleting Meta Flow/, repeatable: true, prepare: async (c, u) => ({ id: await newFlow(c, u) }), run: (c, x) => c.deleteFlow(x['id'] ?? '') },
  { name: 'flows get', action: /^Reading Meta Flow/, repeatable: true, prepare: async (c, u) => ({ id: await newFlow(c, u) }), run: (c, x) => c.getFlow(x['id'] ?? '') },
  { name: 'flows list', action: /^Listing the Flows of the WABA/, repeatable: true, prepare: async () => ({}), run: (c) => c.listFlows() },
  { name: 'flows preview', action: /^Reading the preview of Meta Flow/, repeatable: true, prepare: async (c, u) => ({ id: await newFlow(c, u) }), run: (c, x) => c.getPreview(x['id'] ?? '', true) },
  {
    name: 'flows download flow.json (sync)', action: /^Downloading the flow\.json of Meta Flow/, repeatable: true,
    prepare: async (c, u) => {
      const id = await newFlow(c, u);
      ok(await c.uploadFlowJson(id, VALID_FLOW));
      return { id };
    },
    run: (c, x) => c.downloadFlowJson(x['id'] ?? ''),
  },
  { name: 'templates create', action: /^Creating the template "/, repeatable: false, prepare: async (c, u) => ({ flow: await newFlow(c, u) }), run: (c, x, u) => c.createTemplate(template(`made_${u}`, x['flow'] ?? '')) },
  { name: 'templates list', action: /^Listing the message templates/, repeatable: true, prepare: async () => ({}), run: (c) => c.listTemplates() },
  {
    name: 'media: Retrieve Media URL (getMedia)', action: /^Retrieving the URL of media \d+/, repeatable: true,
    prepare: async () => ({ id: standIn().media.add(Buffer.from('a customer photo'), { mimeType: 'image/jpeg' }).id }),
    run: (c, x) => c.getMedia(x['id'] ?? ''),
  },
  {
    name: 'templates delete', action: /^Deleting the template "/, repeatable: true,
    prepare: async (c, u) => {
      ok(await c.createTemplate(template(`gone_${u}`, await newFlow(c, u))));
      return { name: `gone_${u}` };
    },
    run: (c, x) => c.deleteTemplate(x['name'] ?? ''),
  },
];

// The stand-in of the table below (getMedia's setup adds a file to it).
let currentStandIn: GraphStandIn | undefined;
function standIn(): GraphStandIn {
  assert.ok(currentStandIn !== undefined);
  return currentStandIn;
}

// The client's target, kept beside each client (getNode needs the WABA id).
const targets = new WeakMap<GraphClient, { wabaId: string }>();
function graphOf(client: GraphClient): { wabaId: string } {
  const target = targets.get(client);
  assert.ok(target !== undefined);
  return target;
}

describe('every Graph call meets every failure of Meta (table over the stand-in)', () => {
  let graph: GraphStandIn;
  let waits: number[] = [];
  let client: GraphClient;
  let counter = 0;
  before(async () => {
    graph = await startGraphStandIn({ accessToken: TOKEN });
    currentStandIn = graph;
    client = createGraphClient(
      { baseUrl: graph.baseUrl, apiVersion: 'v23.0', accessToken: TOKEN, wabaId: graph.wabaId, phoneNumberId: graph.phoneNumberId },
      { privateHttp: 'loopback', retryDelaysMs: [10, 20, 40], sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      } },
    );
    targets.set(client, { wabaId: graph.wabaId });
  });
  after(() => graph.close());

  for (const call of CALLS) {
    for (const failure of FAILURES) {
      const retried = failure.retry === 'always' || (failure.retry === 'ambiguous' && call.repeatable);
      test(`${call.name} × ${failure.name}: ${retried ? 'retried after a backoff, then done' : 'a plain message, not repeated'}`, async () => {
        const unique = `${++counter}`;
        const ctx = await call.prepare(client, unique);
        // Once: a retry meets Meta working again, so a call repeated where it must not be would succeed and fail this test.
        graph.failNext(failure.reply);
        waits = [];
        const result = await call.run(client, ctx, unique);
        if (retried) {
          assert.equal(result.ok, true, result.ok ? '' : result.error.message);
          assert.equal(result.attempts >= 2, true);
          assert.deepEqual(waits, [10], 'one backoff before the second attempt');
          return;
        }
        assert.equal(result.ok, false);
        if (result.ok) return;
        assert.equal(result.attempts, 1, 'sent once');
        assert.deepEqual(waits, []);
        assert.equal(result.error.kind, failure.kind);
        assert.equal(result.error.retry, failure.retry !== 'never', 'the error says whether trying again later may work');
        assert.match(result.error.message, call.action, 'the message names what was being done');
        assert.match(result.error.message, failure.says);
        if (failure.fromMeta) {
          assert.match(result.error.message, /Meta said: .*fbtrace_id Atrace/, 'Meta\'s own words and trace id, for support');
          assert.equal(result.error.code, (failure.reply.body as { error: { code: number } }).error.code);
        }
      });
    }
  }

  test('a retryable failure that persists gives up after the last backoff with that failure', async () => {
    waits = [];
    for (let i = 0; i < 4; i++) graph.failNext({ status: 503, body: envelope(2, 'Service temporarily unavailable') });
    const listed = await client.listFlows();
    assert.equal(!listed.ok && listed.error.kind, 'server_error');
    assert.equal(listed.attempts, 4);
    assert.deepEqual(waits, [10, 20, 40]);
  });
});

describe('sends (POST /{phone-number-id}/messages) meet every failure of Meta', () => {
  let graph: GraphStandIn;
  before(async () => {
    graph = await startGraphStandIn({ accessToken: TOKEN });
  });
  after(() => graph.close());

  const sends = [
    { name: 'Flow message', run: (c: ReturnType<typeof createCloudApiClient>) => c.sendFlowMessage({ to: '15550001111', flowId: '123', flowToken: 'tok-1', cta: 'Open', body: 'Hi', mode: 'published', action: 'navigate', screen: 'ONE' }) },
    { name: 'FLOW template', run: (c: ReturnType<typeof createCloudApiClient>) => c.sendFlowTemplate({ to: '15550001111', templateName: 'book', language: 'en_US', flowToken: 'tok-2' }) },
  ];
  for (const send of sends) {
    for (const failure of FAILURES.filter((f) => f.name !== 'name taken')) {
      test(`${send.name} × ${failure.name}: ${failure.retry === 'never' ? 'refused, not to be retried' : 'to be retried by the send\'s caller'}`, async () => {
        const client = createCloudApiClient({ baseUrl: graph.baseUrl, apiVersion: 'v23.0', phoneNumberId: graph.phoneNumberId, accessToken: TOKEN }, graphPostOverFetch(fetch));
        graph.failNext(failure.reply);
        const result = await send.run(client);
        assert.equal(result.ok, false);
        if (result.ok) return;
        assert.equal(result.retry, failure.retry !== 'never');
        assert.notEqual(result.message, '');
        if (failure.fromMeta) assert.equal(result.code, (failure.reply.body as { error: { code: number } }).error.code);
        else assert.match(result.message, /Graph API unreachable/);
        if (failure.kind === 'expired_token') assert.match(result.message, /save a new system-user token/);
        if (failure.kind === 'rate_limited') assert.match(result.message, /rate-limiting .*send again in a few minutes/);
        // Meta working again: the same send goes through.
        assert.equal((await send.run(client)).ok, true);
      });
    }
  }
});
