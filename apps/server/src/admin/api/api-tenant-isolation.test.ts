import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeApi } from './test-support/describe-api.js';
import { seedPipeline, type SeededPipeline } from './test-support/seed-pipeline.js';

describeApi('API tenant isolation', (h) => {
  let seed: SeededPipeline;

  test('seeds workspace A', async () => {
    seed = await seedPipeline(h(), 'private-flow');
  });

  test('a token of workspace B cannot read A\'s resources: 404, as if they did not exist', async () => {
    const b = { token: h().tokenB };
    const paths = [
      '/api/v1/flows/private-flow',
      '/api/v1/flows/private-flow/versions',
      '/api/v1/flows/private-flow/versions/1',
      '/api/v1/flows/private-flow/export',
      '/api/v1/flows/private-flow/diff?from=1&to=1',
      '/api/v1/flows/private-flow/contract',
      '/api/v1/flows/private-flow/routing',
      '/api/v1/flows/private-flow/metrics',
      `/api/v1/contacts/${seed.contactId}`,
      `/api/v1/contacts/${seed.contactId}/answers`,
      `/api/v1/submissions/${seed.submissionId}`,
      `/api/v1/deliveries/${seed.actionIds[0] ?? ''}`,
      `/api/v1/inbox/${seed.itemId}`,
    ];
    for (const path of paths) {
      const res = await h().call('GET', path, b);
      assert.equal(res.status, 404, path);
      assert.equal((res.body['error'] as { code: string }).code, 'NOT_FOUND');
      // The same answer as for an id that exists nowhere.
      const nowhere = await h().call('GET', path.replace('private-flow', 'no-such-flow').replace(seed.contactId, 'x').replace(seed.submissionId, 'x').replace(seed.itemId, 'x').replace(seed.actionIds[0] ?? '', 'x'), b);
      assert.equal(nowhere.status, 404);
      assert.deepEqual(nowhere.body, res.body, `${path} answers exactly as for a missing id`);
    }
  });

  test('workspace B\'s lists show none of A\'s rows', async () => {
    const b = { token: h().tokenB };
    for (const path of ['/api/v1/flows', '/api/v1/contacts', '/api/v1/submissions', '/api/v1/deliveries', '/api/v1/inbox', '/api/v1/sends', '/api/v1/traces', '/api/v1/audit']) {
      const res = await h().call('GET', path, b);
      assert.equal(res.status, 200, path);
      assert.deepEqual(res.body['items'], [], path);
    }
    assert.ok(((await h().call('GET', '/api/v1/flows')).body['items'] as unknown[]).length > 0, 'A sees its own Flow');
  });

  test('a token of workspace B cannot change A\'s resources, and nothing changes', async () => {
    const b = { token: h().tokenB };
    const writes: Array<[string, string, unknown]> = [
      ['POST', '/api/v1/flows/private-flow/versions', { flowJson: '{}' }],
      ['POST', '/api/v1/flows/private-flow/publish', { version: 1 }],
      ['POST', '/api/v1/flows/private-flow/status', { status: 'blocked' }],
      ['PUT', '/api/v1/flows/private-flow/routing', { rules: [] }],
      ['POST', '/api/v1/flows/private-flow/routing/test', { answer: {} }],
      ['PATCH', `/api/v1/contacts/${seed.contactId}`, { tags: ['stolen'] }],
      ['POST', `/api/v1/deliveries/${seed.actionIds[0] ?? ''}/retry`, undefined],
      ['POST', `/api/v1/inbox/${seed.itemId}/assign`, { assignee: 'mallory' }],
      ['POST', `/api/v1/inbox/${seed.itemId}/reroute`, { queue: 'elsewhere' }],
      ['POST', `/api/v1/inbox/${seed.itemId}/resolve`, undefined],
    ];
    for (const [method, path, body] of writes) {
      const res = await h().call(method, path, body === undefined ? b : { ...b, body });
      assert.equal(res.status, 404, `${method} ${path}`);
    }
    const flow = await h().call('GET', '/api/v1/flows/private-flow');
    assert.equal(flow.body['status'], 'draft');
    assert.equal(flow.body['latestVersion'], 1);
    const contact = await h().call('GET', `/api/v1/contacts/${seed.contactId}`);
    assert.deepEqual(contact.body['tags'], ['vip']);
    const item = await h().call('GET', `/api/v1/inbox/${seed.itemId}`);
    assert.equal(item.body['assignee'], null);
    assert.equal(item.body['queue'], 'billing');
    assert.equal(item.body['status'], 'open');
  });

  test('creating a Flow with the same id in workspace B does not touch A\'s', async () => {
    const res = await h().call('POST', '/api/v1/flows', { token: h().tokenB, body: { id: 'private-flow', name: 'B\'s own', template: 'survey' } });
    assert.equal(res.status, 201, res.text);
    const a = await h().call('GET', '/api/v1/flows/private-flow');
    assert.equal(a.body['name'], 'private-flow');
  });
});
