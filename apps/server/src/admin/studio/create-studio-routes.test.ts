import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { errorBody } from '../../http/error-body.js';
import { createStudioRoutes } from './create-studio-routes.js';

function fixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'studio-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
  return dir;
}

function app(dir: string): Hono {
  const root = new Hono();
  root.get('/api/v1/me', (c) => c.json({ role: 'admin' }));
  root.route('/', createStudioRoutes(dir));
  root.notFound((c) => c.json(errorBody('NOT_FOUND', 'not found'), 404));
  return root;
}

test('serves index.html at the root and hashed assets with a long cache', async () => {
  const a = app(fixture());
  const index = await a.request('/', { headers: { accept: 'text/html' } });
  assert.equal(index.status, 200);
  assert.match(await index.text(), /id="root"/);
  const asset = await a.request('/assets/index-abc.js');
  assert.equal(asset.status, 200);
  assert.match(asset.headers.get('content-type') ?? '', /javascript/);
  assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
});

test('falls back to index.html for the studio routes a browser opens', async () => {
  const response = await app(fixture()).request('/flows/registration/edit', { headers: { accept: 'text/html' } });
  assert.equal(response.status, 200);
  assert.match(await response.text(), /id="root"/);
});

test('leaves API paths, missing assets and non-HTML requests to the other routes', async () => {
  const a = app(fixture());
  assert.deepEqual(await (await a.request('/api/v1/me', { headers: { accept: 'text/html' } })).json(), { role: 'admin' });
  assert.equal((await a.request('/api/v1/unknown', { headers: { accept: 'text/html' } })).status, 404);
  assert.equal((await a.request('/assets/missing.js', { headers: { accept: 'text/html' } })).status, 404);
  assert.equal((await a.request('/flows', { headers: { accept: 'application/json' } })).status, 404);
});

test('refuses to read outside the studio folder', async () => {
  const response = await app(fixture()).request('/..%2f..%2fetc%2fpasswd');
  assert.equal(response.status, 404);
});
