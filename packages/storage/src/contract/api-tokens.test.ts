import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { describeContract } from '../test-support/describe-contract.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');

describeContract('API tokens', (h) => {
  test('stores only the SHA-256 of a token and authenticates with the plaintext', async () => {
    const ws = await h.newWorkspace();
    const { token, record } = await h.storage.apiTokens.issue(ws, { name: 'ci', role: 'designer', at: T0 });
    const rows = await h.rawQuery('select * from api_tokens where id = $1'.replace('$1', h.backend === 'sqlite' ? '?' : '$1'), [record.id]);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.['token_hash'], createHash('sha256').update(token).digest('hex'));
    assert.equal(JSON.stringify(rows).includes(token), false);
    const found = await h.storage.apiTokens.authenticate(token);
    assert.deepEqual(found && [found.workspaceId, found.role, found.id], [ws, 'designer', record.id]);
    assert.equal(await h.storage.apiTokens.authenticate(String(rows[0]?.['token_hash'])), undefined);
  });

  test('refuses a revoked token and cannot revoke across workspaces', async () => {
    const a = await h.newWorkspace();
    const b = await h.newWorkspace();
    const { token, record } = await h.storage.apiTokens.issue(a, { name: 'ops', role: 'operator', at: T0 });
    assert.equal(await h.storage.apiTokens.revoke(b, record.id, T0 + 1), false);
    assert.notEqual(await h.storage.apiTokens.authenticate(token), undefined);
    assert.deepEqual(await h.storage.apiTokens.list(b), []);
    assert.equal(await h.storage.apiTokens.revoke(a, record.id, T0 + 1), true);
    assert.equal(await h.storage.apiTokens.authenticate(token), undefined);
    assert.equal((await h.storage.apiTokens.list(a))[0]?.revokedAt, T0 + 1);
  });

  test('registers a caller-chosen admin token once', async () => {
    const ws = await h.newWorkspace();
    const secret = `admin-${ws}`;
    const first = await h.storage.apiTokens.register(ws, { token: secret, name: 'env', role: 'admin', at: T0 });
    assert.equal(first.ok, true);
    const second = await h.storage.apiTokens.register(ws, { token: secret, name: 'env', role: 'admin', at: T0 });
    assert.equal(second.ok ? 'ok' : second.code, 'TOKEN_EXISTS');
    assert.equal((await h.storage.apiTokens.authenticate(secret))?.role, 'admin');
  });

  test('issues a different secret every time', async () => {
    const ws = await h.newWorkspace();
    const tokens = new Set<string>();
    for (let i = 0; i < 20; i += 1) tokens.add((await h.storage.apiTokens.issue(ws, { name: `t${i}`, role: 'viewer', at: T0 })).token);
    assert.equal(tokens.size, 20);
  });
});
