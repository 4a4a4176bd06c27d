import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startGraphStandIn, type GraphStandIn } from '../channels/test-support/graph-stand-in.js';

// Meta's Postman collection of the Flows API (read-only corpus beside the repository).
const COLLECTION = new URL('../../../../../../shared/corpus/peers/meta-flows-api.postman_collection.json', import.meta.url);

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

  /** A form POST (Meta takes POST parameters as form data) or a GET, answered as status and JSON. */
  async function call(method: 'GET' | 'POST', path: string, fields?: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${graph.baseUrl}/v23.0/${path}`, {
      method, headers: { authorization: 'Bearer token' }, ...(fields === undefined ? {} : { body: new URLSearchParams(fields) }),
    });
    return { status: response.status, body: await response.json() as Record<string, unknown> };
  }
  const codeOf = (answer: { body: Record<string, unknown> }) => (answer.body['error'] as { code?: number } | undefined)?.code;
  const upload = async (flowId: string, flowJson: string) => {
    const form = new FormData();
    form.append('file', new Blob([flowJson], { type: 'application/json' }), 'flow.json');
    form.append('name', 'flow.json');
    form.append('asset_type', 'FLOW_JSON');
    const response = await fetch(`${graph.baseUrl}/v23.0/${flowId}/assets`, { method: 'POST', headers: { authorization: 'Bearer token' }, body: form });
    assert.equal(response.status, 200);
  };

  it('runs Meta\'s publishing checks: a Flow with data_api_version needs its endpoint_uri (139002), set by a metadata update', async () => {
    const created = await call('POST', `${graph.wabaId}/flows`, { name: 'Endpoint later', categories: '["OTHER"]' });
    const id = String(created.body['id']);
    await upload(id, VALID_FLOW);
    assert.equal((await call('POST', `${graph.phoneNumberId}/whatsapp_business_encryption`, { business_public_key: '-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n' })).status, 200);
    const refused = await call('POST', `${id}/publish`);
    assert.deepEqual([refused.status, codeOf(refused)], [400, 139002]);
    assert.match(String((refused.body['error'] as { message?: string }).message), /no endpoint_uri/);
    assert.equal(graph.flows.get(id)?.status, 'DRAFT');
    // An invalid URI is Meta's code 100, and a refused update changes nothing (the name neither).
    const invalid = await call('POST', id, { name: 'Renamed meanwhile', endpoint_uri: 'flows.example.com/endpoint' });
    assert.deepEqual([invalid.status, codeOf(invalid), graph.flows.get(id)?.name, graph.flows.get(id)?.endpointUri], [400, 100, 'Endpoint later', undefined]);
    assert.deepEqual((await call('POST', id, { endpoint_uri: 'https://flows.example.com/endpoint/later' })).body, { success: true });
    assert.equal((await call('GET', `${id}?fields=endpoint_uri`)).body['endpoint_uri'], 'https://flows.example.com/endpoint/later');
    assert.deepEqual((await call('POST', `${id}/publish`)).body, { success: true });
    // A published Flow's metadata is immutable too, like its flow.json (139001).
    const late = await call('POST', id, { endpoint_uri: 'https://elsewhere.example.com/endpoint/later' });
    assert.deepEqual([late.status, codeOf(late), graph.flows.get(id)?.endpointUri], [400, 139001, 'https://flows.example.com/endpoint/later']);
  });

  it("answers Retrieve Media URL as Meta's reference does, with a download URL that needs the token; unknown ids and bad tokens as Graph answers them", async () => {
    // Meta's Cloud API reference, Media → Retrieve Media URL (GET /{Version}/{Media-ID}), example 200 answer.
    // Meta's Postman collection of the Flows API has no media request, so its example is written here.
    const example = { file_size: '303833', id: '2621233374848975', messaging_product: 'whatsapp', mime_type: 'image/jpeg', sha256: '<HASH>', url: '<URL>' };
    const media = graph.media.add(Buffer.from('a photo'), { mimeType: 'image/jpeg' });
    const answer = await call('GET', `${media.id}?phone_number_id=${graph.phoneNumberId}`);
    assert.equal(answer.status, 200);
    assert.deepEqual(shapeDifferences(example, answer.body), []);
    assert.deepEqual([answer.body['id'], answer.body['sha256'], answer.body['file_size']], [media.id, media.sha256, '7']);
    const url = String(answer.body['url']);
    assert.equal((await fetch(url)).status, 401);
    const download = await fetch(url, { headers: { authorization: 'Bearer token' } });
    assert.deepEqual([download.status, download.headers.get('content-type'), Buffer.from(await download.arrayBuffer()).toString()], [200, 'image/jpeg', 'a photo']);
    // Another number's media, and an id Meta does not know: Graph's unknown-object error (code 100, subcode 33).
    for (const path of [`${media.id}?phone_number_id=999`, '1234567']) {
      const unknown = await call('GET', path);
      assert.deepEqual([unknown.status, codeOf(unknown), (unknown.body['error'] as { error_subcode?: number }).error_subcode], [400, 100, 33]);
    }
  });

  it('answers the key\'s signature status MISMATCH after the number is registered again, VALID once the key is uploaded again; publishing waits for it', async () => {
    const pem = '-----BEGIN PUBLIC KEY-----\nMIIBmismatch\n-----END PUBLIC KEY-----\n';
    assert.equal((await call('POST', `${graph.phoneNumberId}/whatsapp_business_encryption`, { business_public_key: pem })).status, 200);
    const status = async () => ((await call('GET', `${graph.phoneNumberId}/whatsapp_business_encryption`)).body['data'] as Record<string, unknown>[])[0]?.['business_public_key_signature_status'];
    assert.equal(await status(), 'VALID');
    graph.reregisterPhoneNumber();
    assert.equal(await status(), 'MISMATCH');
    assert.equal(graph.keySignatureStatus(), 'MISMATCH');
    const created = await call('POST', `${graph.wabaId}/flows`, { name: 'Stale key', categories: '["OTHER"]', endpoint_uri: 'https://flows.example.com/endpoint/stale' });
    const id = String(created.body['id']);
    await upload(id, VALID_FLOW);
    const health = (await call('GET', `${id}?fields=health_status`)).body['health_status'] as { can_send_message: string; entities: { entity_type: string; errors?: { error_description: string }[] }[] };
    assert.equal(health.can_send_message, 'BLOCKED');
    assert.match(health.entities.find((e) => e.entity_type === 'PHONE_NUMBER')?.errors?.[0]?.error_description ?? '', /signature verification failed/);
    const refused = await call('POST', `${id}/publish`);
    assert.deepEqual([refused.status, codeOf(refused)], [400, 139002]);
    assert.match(String((refused.body['error'] as { message?: string }).message), /MISMATCH/);
    assert.equal((await call('POST', `${graph.phoneNumberId}/whatsapp_business_encryption`, { business_public_key: pem })).status, 200);
    assert.equal(await status(), 'VALID');
    assert.deepEqual((await call('POST', `${id}/publish`)).body, { success: true });
  });
});
