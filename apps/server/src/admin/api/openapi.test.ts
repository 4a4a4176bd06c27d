import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Hono } from 'hono';
import { API_ROUTES } from './api-routes.js';
import { createApiRoutes, toHonoPath } from './create-api-routes.js';
import type { ApiDeps } from './api-deps.js';

// The OpenAPI document is built without touching storage; a storage is never called here.
const deps = { now: () => new Date(0) } as unknown as ApiDeps;

async function documentOf(app: Hono): Promise<{ openapi: string; paths: Record<string, Record<string, Record<string, unknown>>> }> {
  const res = await app.request('/api/openapi.json');
  assert.equal(res.status, 200);
  return (await res.json()) as { openapi: string; paths: Record<string, Record<string, Record<string, unknown>>> };
}

test('the OpenAPI document is 3.1 and public (no token needed)', async () => {
  const doc = await documentOf(new Hono().route('/api', createApiRoutes(deps)));
  assert.equal(doc.openapi, '3.1.0');
});

test('every registered route appears in the OpenAPI document and every documented operation is registered', async () => {
  const app = new Hono().route('/api', createApiRoutes(deps));
  const doc = await documentOf(app);
  const registered = new Set(
    app.routes.filter((r) => r.path.startsWith('/api/v1/') && !r.path.endsWith('*') && r.method !== 'ALL').map((r) => `${r.method} ${r.path}`),
  );
  const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} /api/v1${toHonoPath(path)}`)));
  assert.deepEqual([...registered].sort(), [...documented].sort());
  assert.equal(registered.size, API_ROUTES.length);
});

test('each operation names its permission and roles, its parameters and its request body schema', async () => {
  const doc = await documentOf(new Hono().route('/api', createApiRoutes(deps)));
  const createFlow = doc.paths['/flows']?.['post'];
  assert.ok(createFlow !== undefined);
  assert.equal(createFlow['x-permission'], 'flows:write');
  assert.deepEqual(createFlow['x-roles'], ['admin', 'designer']);
  const body = createFlow['requestBody'] as { content: { 'application/json': { schema: { required: string[] } } } };
  assert.deepEqual(body.content['application/json'].schema.required, ['id', 'name']);
  const list = doc.paths['/flows']?.['get'];
  const names = (list?.['parameters'] as Array<{ name: string; in: string }>).map((p) => `${p.in}:${p.name}`);
  assert.deepEqual(names, ['query:limit', 'query:cursor', 'query:status']);
  const diff = doc.paths['/flows/{flowId}/diff']?.['get'];
  const diffParams = (diff?.['parameters'] as Array<{ name: string; in: string; required: boolean }>).map((p) => `${p.in}:${p.name}:${p.required}`);
  assert.deepEqual(diffParams, ['path:flowId:true', 'query:from:true', 'query:to:true']);
});

test("a route that takes a file documents its body as bytes, with its parameters and the file's limit", async () => {
  const doc = await documentOf(new Hono().route('/api', createApiRoutes(deps)));
  const upload = doc.paths['/sandbox/sessions/{sessionId}/media']?.['post'];
  assert.ok(upload !== undefined);
  assert.equal(upload['x-permission'], 'sandbox:use');
  const body = upload['requestBody'] as { required: boolean; content: Record<string, { schema: unknown }> };
  assert.deepEqual([body.required, body.content], [true, { '*/*': { schema: { type: 'string', format: 'binary' } } }]);
  assert.deepEqual((upload['parameters'] as Array<{ name: string; in: string; required: boolean }>).map((p) => `${p.in}:${p.name}:${p.required}`), ['path:sessionId:true', 'query:name:true', 'query:fileName:true']);
  const responses = upload['responses'] as Record<string, { description: string }>;
  assert.match(responses['413']?.description ?? '', /26214400 bytes/);
  assert.ok(responses['201'] !== undefined);
});
