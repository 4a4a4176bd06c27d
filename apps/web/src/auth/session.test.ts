import { test } from 'node:test';
import assert from 'node:assert/strict';
import { can, parseMe, roleAtLeast } from './session.js';

test('reads /me with a workspace object and the permissions the API lists', () => {
  const me = parseMe({ workspace: { id: 'default', name: 'Acme' }, role: 'operator', permissions: ['inbox:write', 'flows:read'] });
  assert.deepEqual(me, { role: 'operator', workspace: 'Acme', permissions: ['inbox:write', 'flows:read'] });
  assert.equal(me !== undefined && can(me, 'inbox:write'), true);
  assert.equal(me !== undefined && can(me, 'flows:write'), false);
});

test('falls back to the role table when /me lists no permissions', () => {
  assert.equal(can({ role: 'designer', workspace: 'w', permissions: [] }, 'flows:write'), true);
  assert.equal(can({ role: 'viewer', workspace: 'w', permissions: [] }, 'flows:write'), false);
  assert.equal(can({ role: 'admin', workspace: 'w', permissions: [] }, 'tokens:manage'), true);
});

test('refuses a /me body without a known role', () => {
  assert.equal(parseMe({ role: 'owner' }), undefined);
  assert.equal(parseMe('admin'), undefined);
  assert.equal(roleAtLeast('designer', 'operator'), true);
  assert.equal(roleAtLeast('viewer', 'operator'), false);
});
