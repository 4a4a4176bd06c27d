import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startGraphStandIn, type GraphStandIn } from '../channels/test-support/graph-stand-in.js';

// Meta's Postman collection of the Flows API (read-only corpus beside the repository).
const COLLECTION = new URL('../../../../../shared/corpus/peers/meta-flows-api.postman_collection.json', import.meta.url);

interface PostmanItem {
  readonly name: string;
  readonly item?: PostmanItem[];
  readonly request?: { method: string; url: string | { raw: string }; body?: { mode: string; raw?: string; formdata?: { key: string; value?: string; type?: string }[] } };
  readonly response?: { code: number; body: string }[];
}

/** Every request of the collection with its example answer, by `METHOD url-template`. */
function examples(): Map<string, { request: NonNullable<PostmanItem['request']>; answer: unknown }> {
  const collection = JSON.parse(readFileSync(COLLECTION, 'utf8')) as { item: PostmanItem[] };
  const out = new Map<string, { request: NonNullable<PostmanItem['request']>; answer: unknown }>();
  const walk = (items: readonly PostmanItem[]) => {
    for (const item of items) {
      if (item.item !== undefined) walk(item.item);
      const response = item.response?.[0];
      if (item.request === undefined || response === undefined) continue;
      const url = typeof item.request.url === 'string' ? item.request.url : item.request.url.raw;
      // Requests that share a URL (the three template creations) are told apart by name.
      const key = `${item.request.method} ${url}`;
      out.set(out.has(key) ? `${key} (${item.name})` : key, { request: item.request, answer: JSON.parse(response.body) as unknown });
    }
  };
  walk(collection.item);
  return out;
}

/** Where `actual` lacks a key of `expected` or has another JSON type there (arrays: their first elements). */
function shapeDifferences(expected: unknown, actual: unknown, path = '$'): string[] {
  const kind = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  if (kind(expected) !== kind(actual)) return [`${path}: ${kind(expected)} expected, ${kind(actual)} found`];
  if (Array.isArray(expected) && Array.isArray(actual)) {
    return expected.length > 0 && actual.length > 0 ? shapeDifferences(expected[0], actual[0], `${path}[0]`) : [];
  }
  if (typeof expected === 'object' && expected !== null) {
    const a = actual as Record<string, unknown>;
    return Object.entries(expected).flatMap(([k, v]) => (k in a ? shapeDifferences(v, a[k], `${path}.${k}`) : [`${path}.${k}: missing`]));
  }
  return [];
}

const INVALID_FLOW = '{\n  "version": "7.2",\n  "screens": [\n    {\n      "id": "ONE",\n      "terminal": true,\n      "layout": { "type": "SingleColumnLayout", "children": [ { "type": "TextBody" } ] }\n    }\n  ]\n}\n';
// An endpoint Flow, so that Meta's answer carries data_api_version as in the collection's example.
const VALID_FLOW = JSON.stringify({ version: '7.2', data_api_version: '3.0', routing_model: { ONE: [] }, screens: [{ id: 'ONE', title: 'One', terminal: true, layout: { type: 'SingleColumnLayout', children: [{ type: 'TextBody', text: 'Hi' }, { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: {} } }] } }] });

describe('the Graph stand-in answers the Flows API with the shapes of Meta\'s Postman collection', () => {
  let graph: GraphStandIn;
  const all = examples();
  const vars: Record<string, string> = {};
  let created = 0;
  before(async () => {
    graph = await startGraphStandIn({ accessToken: 'token' });
    Object.assign(vars, { 'base-url': `${graph.baseUrl}/v23.0`, 'waba-id': graph.wabaId, 'business-phone-number-id': graph.phoneNumberId });
  });
  after(() => graph.close());

  /** Sends the collection's request (its form fields, or `file` as the flow.json part) and returns the stand-in's answer. */
  async function run(key: string, file?: string): Promise<{ status: number; body: unknown; example: unknown }> {
    const entry = all.get(key);
    assert.ok(entry, `the collection has ${key}`);
    const raw = typeof entry.request.url === 'string' ? entry.request.url : entry.request.url.raw;
    const url = raw.replace(/\{\{([\w-]+)\}\}/g, (_m, name: string) => vars[name] ?? `{{${name}}}`);
    const init: RequestInit = { method: entry.request.method, headers: { authorization: 'Bearer token' } };
    const fields = entry.request.body?.mode === 'formdata' ? (entry.request.body.formdata ?? []) : [];
    if (entry.request.method !== 'GET' && fields.length > 0) {
      const form = new FormData();
      for (const f of fields) {
        if (f.type === 'file') form.append(f.key, new Blob([file ?? ''], { type: 'application/json' }), 'flow.json');
        else form.append(f.key, (f.value ?? '').replace('<FLOW_NAME>', `Flow ${++created}`).replace('<NEW_FLOW_NAME>', 'Renamed'));
      }
      // Meta takes POST parameters as form data; the stand-in reads url-encoded forms and multipart uploads.
      if (fields.some((f) => f.type === 'file')) init.body = form;
      else init.body = new URLSearchParams([...form.entries()].map(([k, v]): [string, string] => [k, String(v)]));
    }
    if (entry.request.body?.mode === 'raw' && entry.request.body.raw !== undefined) {
      init.body = entry.request.body.raw.replace(/\{\{([\w-]+)\}\}/g, (_m, name: string) => vars[name] ?? '').replace('<TEMPLATE_NAME>', `offer_${++created}`).replace('<SCREEN_ID>', 'ONE');
      init.headers = { ...(init.headers as Record<string, string>), 'content-type': 'application/json' };
    }
    const response = await fetch(url, init);
    return { status: response.status, body: await response.json(), example: entry.answer };
  }

  it('create, upload (with and without validation errors), read, preview, list, update, assets, key, publish, deprecate, delete', async () => {
    const create = await run('POST {{base-url}}/{{waba-id}}/flows');
    assert.equal(create.status, 200);
    assert.deepEqual(shapeDifferences(create.example, create.body), []);
    vars['flow-id'] = String((create.body as { id: string }).id);
    const sequence: [string, string?][] = [
      ['POST {{base-url}}/{{flow-id}}/assets', INVALID_FLOW],
      ['POST {{base-url}}/{{flow-id}}/assets', VALID_FLOW],
      ['GET {{base-url}}/{{flow-id}}?fields=id,name,categories,preview,status,validation_errors,json_version,data_api_version,data_channel_uri,health_status,whatsapp_business_account,application'],
      ['GET {{base-url}}/{{flow-id}}?fields=preview.invalidate(false)'],
      ['GET {{base-url}}/{{waba-id}}/flows'],
      ['GET {{base-url}}/{{waba-id}}/'],
      ['POST {{base-url}}/{{flow-id}}'],
      ['GET {{base-url}}/{{flow-id}}/assets'],
      ['POST {{base-url}}/{{business-phone-number-id}}/whatsapp_business_encryption'],
      ['GET {{base-url}}/{{business-phone-number-id}}/whatsapp_business_encryption'],
      ['POST {{base-url}}/{{flow-id}}/publish'],
      ['POST {{base-url}}/{{waba-id}}/message_templates (Create Flow Template Message by ID)'],
      ['POST {{base-url}}/{{flow-id}}/deprecate'],
    ];
    for (const [key, file] of sequence) {
      const answer = await run(key, file);
      assert.equal(answer.status, 200, `${key}: ${JSON.stringify(answer.body)}`);
      // The first upload must report errors so that the validation error object's shape is compared too.
      if (file === INVALID_FLOW) assert.ok(((answer.body as { validation_errors: unknown[] }).validation_errors).length > 0);
      assert.deepEqual(shapeDifferences(answer.example, answer.body), [], key);
    }
    const second = await run('POST {{base-url}}/{{waba-id}}/flows');
    vars['flow-id'] = String((second.body as { id: string }).id);
    const deleted = await run('DELETE {{base-url}}/{{flow-id}}');
    assert.deepEqual([deleted.status, shapeDifferences(deleted.example, deleted.body)], [200, []]);
  });

  it('answers errors in Meta\'s envelope: a published Flow is immutable, only drafts can be deleted', async () => {
    const flow = await run('POST {{base-url}}/{{waba-id}}/flows');
    vars['flow-id'] = String((flow.body as { id: string }).id);
    await run('POST {{base-url}}/{{flow-id}}/assets', VALID_FLOW);
    await run('POST {{base-url}}/{{flow-id}}/publish');
    const upload = await run('POST {{base-url}}/{{flow-id}}/assets', VALID_FLOW);
    assert.equal(upload.status, 400);
    const envelope = (upload.body as { error: Record<string, unknown> }).error;
    assert.deepEqual(Object.keys(envelope).filter((k) => ['message', 'type', 'code', 'error_subcode', 'fbtrace_id'].includes(k)).sort(), ['code', 'error_subcode', 'fbtrace_id', 'message', 'type']);
    assert.equal(envelope['code'], 139001);
    const deleted = await run('DELETE {{base-url}}/{{flow-id}}');
    assert.equal((deleted.body as { error: { code: number } }).error.code, 139004);
  });
});
