import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeContract } from '../test-support/describe-contract.js';
import { seedSend } from '../test-support/seed-send.js';

describeContract('secret sealing backlog (migration 0005)', (h) => {
  test('lists rules and outbox rows that name a secret, rewrites them and leaves the backlog in one step', async () => {
    const ws = await h.newWorkspace();
    const hook = { type: 'webhook', url: 'https://crm.example/hook', secret: 'plain-secret-0005', headers: { 'X-Key': 'plain-header-0005' } };
    await h.storage.routingRules.replace(ws, null, [{ name: 'hook', conditions: {}, actions: [hook] }, { name: 'tag', conditions: {}, actions: [{ type: 'tag', tags: ['x'] }] }], 0);
    const { send } = await seedSend(h.storage, ws);
    const recorded = await h.storage.recordSubmission({
      submission: { workspaceId: ws, flowId: send.flowId, version: send.version, sendId: send.id, messageId: `wamid.${ws}`, answers: {}, contract: { ok: true, problems: [] }, receivedAt: 1 },
      actions: [{ kind: 'webhook', payload: { action: hook, ruleId: 'r' }, idempotencyKey: `${ws}:0` }],
      events: [],
    });
    assert.ok(recorded.ok);
    await h.storage.secretSealing.enlist();
    await h.storage.secretSealing.enlist();
    const mine = (await h.storage.secretSealing.pending(1000)).filter((row) => row.workspaceId === ws);
    assert.deepEqual(mine.map((row) => row.table).sort(), ['outbox_actions', 'routing_rules'], 'the tag-only rule is not listed, and nothing twice');
    for (const row of mine) {
      const value = JSON.parse(JSON.stringify(row.value).replaceAll('plain-secret-0005', 'SEALED').replaceAll('plain-header-0005', 'SEALED')) as unknown;
      await h.storage.secretSealing.complete(row, value);
    }
    assert.deepEqual((await h.storage.secretSealing.pending(1000)).filter((row) => row.workspaceId === ws), []);
    const param = h.backend === 'sqlite' ? '?' : '$1';
    const rules = await h.rawQuery(`SELECT actions FROM routing_rules WHERE workspace_id = ${param}`, [ws]);
    const outbox = await h.rawQuery(`SELECT payload FROM outbox_actions WHERE workspace_id = ${param}`, [ws]);
    const raw = JSON.stringify([rules, outbox]);
    assert.ok(raw.includes('SEALED') && !raw.includes('plain-secret-0005') && !raw.includes('plain-header-0005'), raw);
  });
});
