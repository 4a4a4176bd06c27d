import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROLES } from '@flowline/storage';
import { API_ROUTES } from './api-routes.js';
import { isAllowed } from './permissions.js';
import { createSandboxService } from '../../messaging/sandbox/sandbox-service.js';
import { describeApi } from './test-support/describe-api.js';
import { createWhatsApp } from '../../messaging/whatsapp/create-whatsapp.js';
import { createSecretBox, generateKeyPair, saveKeyPair } from '@flowline/protocol';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEndpointKeyRing } from '../../endpoint/keys/endpoint-key-ring.js';

/** A concrete URL for a route: path parameters get ids that exist nowhere. */
const urlOf = (path: string): string => `/api/v1${path.replace(/\{(\w+)\}/g, 'missing-$1')}`;

describeApi('API auth and roles', (h) => {
  test('every route answers 401 without a token, with a WWW-Authenticate challenge', async () => {
    for (const route of API_ROUTES) {
      const res = await h().call(route.method.toUpperCase(), urlOf(route.path), { token: null });
      assert.equal(res.status, 401, `${route.method} ${route.path}`);
      assert.equal((res.body['error'] as { code: string }).code, 'UNAUTHENTICATED');
      assert.equal(res.headers.get('www-authenticate'), 'Bearer');
    }
  });

  test('every route answers 401 for an unknown token', async () => {
    for (const route of API_ROUTES) {
      const res = await h().call(route.method.toUpperCase(), urlOf(route.path), { token: 'flk_not-a-real-token' });
      assert.equal(res.status, 401, `${route.method} ${route.path}`);
    }
  });

  test('every route enforces its permission for every role: 403 exactly when the role lacks it', async (t) => {
    let forbidden = 0;
    // The sandbox routes answer 503 on a server without the sandbox; here it is wired.
    const sandbox = createSandboxService({ storage: h().storage, now: () => new Date(h().clock.now), log: () => undefined, selfBaseUrl: () => undefined, publicKeyPem: 'unused', appSecret: undefined });
    // So are the WhatsApp routes (without a connection they answer 409, never 5xx), key rotation included.
    const keysDir = mkdtempSync(join(tmpdir(), 'flowline-roles-keys-'));
    saveKeyPair(keysDir, generateKeyPair({ passphrase: 'a test passphrase of the key' }));
    const ring = createEndpointKeyRing({ keysDir, passphrase: 'a test passphrase of the key', now: () => h().clock.now, log: () => undefined, pollMs: 0 });
    const whatsapp = await createWhatsApp({
      storage: h().storage, now: () => new Date(h().clock.now), log: () => undefined, secretBox: createSecretBox('a test passphrase of the key'),
      privateHttp: 'none', bootstrapWorkspaceId: 'none', bootstrap: undefined,
    }, { publicBaseUrl: undefined, publicKeyPem: 'unused', keyRotation: { ring, passphrase: 'a test passphrase of the key', graceHours: 24, settleMs: 0 } });
    t.after(() => rmSync(keysDir, { recursive: true, force: true }));
    const api = h().withDeps({ sandbox, whatsapp });
    for (const route of API_ROUTES) {
      for (const role of ROLES) {
        const res = await api.call(route.method.toUpperCase(), urlOf(route.path), { token: h().tokens[role], ...(route.method === 'get' || route.method === 'delete' ? {} : { body: {} }) });
        const label = `${role} ${route.method} ${route.path} → ${res.status}`;
        if (isAllowed(role, route.permission)) {
          assert.notEqual(res.status, 403, label);
          assert.notEqual(res.status, 401, label);
          assert.ok(res.status < 500, label);
        } else {
          forbidden += 1;
          assert.equal(res.status, 403, label);
          assert.equal((res.body['error'] as { code: string }).code, 'FORBIDDEN');
        }
      }
    }
    assert.ok(forbidden > 20, 'the table restricts a good share of route × role pairs');
  });

  test('a revoked token is refused from then on', async () => {
    const created = await h().call('POST', '/api/v1/tokens', { body: { name: 'short-lived', role: 'viewer' } });
    assert.equal(created.status, 201);
    const secret = created.body['token'] as string;
    assert.equal((await h().call('GET', '/api/v1/me', { token: secret })).status, 200);
    const id = (created.body['record'] as { id: string }).id;
    assert.equal((await h().call('DELETE', `/api/v1/tokens/${id}`)).status, 204);
    assert.equal((await h().call('GET', '/api/v1/me', { token: secret })).status, 401);
  });

  test('GET /me tells the workspace, role and permissions of the caller', async () => {
    const res = await h().call('GET', '/api/v1/me', { token: h().tokens.operator });
    assert.equal(res.status, 200);
    assert.equal(res.body['role'], 'operator');
    assert.deepEqual((res.body['workspace'] as { id: string }).id, h().workspaceA);
    const permissions = res.body['permissions'] as string[];
    assert.ok(permissions.includes('inbox:write'));
    assert.ok(!permissions.includes('flows:publish'));
  });

  test('token listing never shows secrets or hashes', async () => {
    const res = await h().call('GET', '/api/v1/tokens');
    assert.equal(res.status, 200);
    assert.ok(!res.text.includes(h().tokens.admin));
    assert.ok(!/hash/i.test(res.text));
    assert.ok((res.body['items'] as unknown[]).length >= 4);
  });
});
