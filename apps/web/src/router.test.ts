import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchPath } from './router.js';

test('matches literal and parameter segments and decodes parameters', () => {
  assert.deepEqual(matchPath('/flows/:id/edit', '/flows/my%20flow/edit'), { id: 'my flow' });
  assert.deepEqual(matchPath('/', '/'), {});
  assert.equal(matchPath('/flows/:id', '/flows/a/edit'), undefined);
  assert.equal(matchPath('/flows/new', '/flows/other'), undefined);
});
