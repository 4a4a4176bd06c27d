import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createCloudApiClient, type CloudApiClient } from './cloud-api-client.js';
import { graphPostOverFetch } from './graph-post.js';
import { toFlowMessageBody } from './flow-message.js';
import { startGraphStandIn, type GraphStandIn } from './test-support/graph-stand-in.js';

const corpus = join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus');

interface PostmanItem {
  name: string;
  item?: PostmanItem[];
  request?: { method: string; url: { raw: string } | string; body?: { mode?: string; raw?: string } };
}

function postmanRequests(): Map<string, { method: string; url: string; body: unknown }> {
  const collection = JSON.parse(readFileSync(join(corpus, 'peers', 'meta-flows-api.postman_collection.json'), 'utf8')) as { item: PostmanItem[] };
  const found = new Map<string, { method: string; url: string; body: unknown }>();
  const walk = (items: PostmanItem[]) => {
    for (const item of items) {
      if (item.item) walk(item.item);
      if (item.request?.body?.mode === 'raw' && item.request.body.raw) {
        const url = typeof item.request.url === 'string' ? item.request.url : item.request.url.raw;
        found.set(item.name, { method: item.request.method, url, body: JSON.parse(item.request.body.raw) as unknown });
      }
    }
  };
  walk(collection.item);
  return found;
}

/** Key sets and value types, recursively; free-form data objects are compared as "object". */
function shapeOf(value: unknown, key = ''): unknown {
  if (key === 'data' || key === 'flow_action_data') return typeof value;
  if (Array.isArray(value)) return value.map((v) => shapeOf(v));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, shapeOf(v, k)]));
  }
  return typeof value;
}

describe('Cloud API client against the Graph stand-in', () => {
  let graph: GraphStandIn;
  let client: CloudApiClient;
  const postman = postmanRequests();
  before(async () => {
    graph = await startGraphStandIn();
    client = createCloudApiClient({ baseUrl: graph.baseUrl, apiVersion: 'v23.0', phoneNumberId: '1122334455', accessToken: 'secret-token' }, graphPostOverFetch(fetch));
  });
  after(() => graph.close());

  const cases = [
    { name: 'Send Draft Flow by Name', message: { flowName: 'booking', mode: 'draft' as const } },
    { name: 'Send Draft Flow by ID', message: { flowId: '1987937931743377', mode: 'draft' as const } },
    { name: 'Send Published Flow by Name', message: { flowName: 'booking', mode: 'published' as const } },
    { name: 'Send Published Flow by ID', message: { flowId: '1987937931743377', mode: 'published' as const } },
  ];
  for (const { name, message } of cases) {
    test(`sends a Flow message shaped like Meta's "${name}" request`, async () => {
      const reference = postman.get(name);
      assert.ok(reference, `the collection has "${name}"`);
      const result = await client.sendFlowMessage({
        to: '+351911111111', flowToken: 'tok', cta: 'Book!', header: 'Header', body: 'Body', footer: 'Footer',
        action: 'navigate', screen: 'APPOINTMENT', data: { name: 'Ana' }, ...message,
      });
      assert.ok(result.ok);
      assert.match(result.messageId, /^wamid\./);
      const sent = graph.requests.at(-1);
      assert.equal(sent?.method, reference.method);
      assert.equal(sent?.path, '/v23.0/1122334455/messages');
      assert.match(reference.url, /\/messages$/);
      assert.equal(sent?.headers.authorization, 'Bearer secret-token');
      assert.deepEqual(shapeOf(sent?.body), shapeOf(reference.body));
    });
  }

  test(`sends a template with a FLOW button shaped like Meta's "Send Flow Template Message" request`, async () => {
    const reference = postman.get('Send Flow Template Message');
    assert.ok(reference);
    const result = await client.sendFlowTemplate({ to: '+351911111111', templateName: 'book_now', language: 'en_US', flowToken: 'tok', flowActionData: { name: 'Ana' } });
    assert.ok(result.ok);
    assert.deepEqual(shapeOf(graph.requests.at(-1)?.body), shapeOf(reference.body));
  });

  test('says to retry a rate limit and not to retry a send outside the 24-hour window', async () => {
    graph.failNext({ status: 400, body: { error: { message: 'Re-engagement message', type: 'OAuthException', code: 131047, error_data: { details: 'more than 24 hours' } } } });
    const outside = await client.sendFlowMessage({ to: '+1', flowId: '1', flowToken: 't', cta: 'Go', body: 'b', mode: 'published', action: 'navigate' });
    assert.deepEqual(outside, { ok: false, retry: false, status: 400, code: 131047, message: 'Re-engagement message: more than 24 hours' });
    graph.failNext({ status: 429, body: { error: { message: 'Rate limit hit', code: 130429 } } });
    const limited = await client.sendFlowMessage({ to: '+1', flowId: '1', flowToken: 't', cta: 'Go', body: 'b', mode: 'published', action: 'navigate' });
    assert.equal(limited.ok ? 'ok' : limited.retry, true);
    graph.failNext({ status: 400, body: { error: { message: 'Flow is throttled', code: 132069 } } });
    const throttled = await client.sendFlowTemplate({ to: '+1', templateName: 't', language: 'en_US', flowToken: 't' });
    assert.equal(throttled.ok ? 'ok' : throttled.retry, true);
    graph.failNext({ status: 502, body: 'not json' });
    const outage = await client.sendFlowTemplate({ to: '+1', templateName: 't', language: 'en_US', flowToken: 't' });
    assert.deepEqual(outage.ok ? 'ok' : [outage.retry, outage.code], [true, undefined]);
  });

  test('reports an unreachable Graph API as retryable instead of throwing', async () => {
    const dead = createCloudApiClient({ baseUrl: 'http://127.0.0.1:9', apiVersion: 'v23.0', phoneNumberId: '1', accessToken: 'x', timeoutMs: 2000 }, graphPostOverFetch(fetch));
    const result = await dead.sendFlowMessage({ to: '+1', flowId: '1', flowToken: 't', cta: 'Go', body: 'b', mode: 'published', action: 'navigate' });
    assert.deepEqual(result.ok ? 'ok' : [result.retry, result.status], [true, 0]);
  });
});

describe('Flow message bodies', () => {
  test('sends flow_message_version "3" and no payload for a data_exchange start', () => {
    const built = toFlowMessageBody({ to: '1', flowId: '9', flowToken: 't', cta: 'Go', body: 'b', mode: 'published', action: 'data_exchange' });
    assert.ok(built.ok);
    assert.deepEqual(built.body['interactive'], {
      type: 'flow', body: { text: 'b' },
      action: { name: 'flow', parameters: { flow_message_version: '3', flow_action: 'data_exchange', flow_token: 't', flow_id: '9', flow_cta: 'Go' } },
    });
  });

  test('refuses both or neither of flowId and flowName, a payload with data_exchange and empty data', () => {
    const base = { to: '1', flowToken: 't', cta: 'Go', body: 'b', mode: 'published' as const, action: 'navigate' as const };
    assert.equal(toFlowMessageBody(base).ok, false);
    assert.equal(toFlowMessageBody({ ...base, flowId: '1', flowName: 'n' }).ok, false);
    assert.equal(toFlowMessageBody({ ...base, flowId: '1', action: 'data_exchange', screen: 'A' }).ok, false);
    assert.equal(toFlowMessageBody({ ...base, flowId: '1', data: {} }).ok, false);
  });
});
