import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Storage } from '@flowline/storage';
import { testDatabaseUrl } from '@flowline/storage/test-support';
import { createIngestDeps, type IngestDeps } from './ingest-deps.js';
import { ingestCompletion, type CompletionInput } from './ingest-completion.js';
import { toStoredRoutingRule } from './stored-routing-rule.js';
import { addSend, openTestStorage, seedLead } from './test-support/pipeline-fixture.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const backends: [string, string | undefined][] = [['SQLite', undefined]];
const pgUrl = testDatabaseUrl();
if (pgUrl !== undefined) backends.push(['PostgreSQL', pgUrl]);

for (const [backend, url] of backends) {
  describe(`ingestCompletion on ${backend}`, () => {
    let storage: Storage;
    let dispose: () => Promise<void>;
    let deps: IngestDeps;
    let seq = 0;
    const input = (over: Partial<CompletionInput> & { workspaceId: string }): CompletionInput => ({
      contactPhone: '+351910000001',
      answer: { email: 'ana@example.com', budget: '25000' },
      messageId: `wamid.${(seq += 1)}`,
      receivedAt: T0 + seq,
      ...over,
    });
    const rules = (values: unknown[]) =>
      values.map((v) => {
        const r = toStoredRoutingRule(v);
        if (!r.ok) throw new Error(JSON.stringify(r.problems));
        return r.input;
      });

    before(async () => {
      ({ storage, dispose } = await openTestStorage(url));
      deps = createIngestDeps(storage, { rulesTtlMs: 0 });
    });
    after(() => dispose());

    it('stores, routes and enqueues the actions of a valid answer with submitted and routed events', async () => {
      const ws = `ws-routed-${backend}`;
      const { sendId, flowToken } = await seedLead(storage, ws);
      await storage.routingRules.replace(ws, 'lead', rules([
        { name: 'big', when: { field: 'budget', gte: 10000 }, actions: [{ type: 'ticket', queue: 'sales', priority: 3 }, { type: 'webhook', url: 'https://crm.example/hook', secret: 's' }], stop: true },
        { name: 'small', default: true, actions: [{ type: 'tag', tags: ['small'] }] },
      ]), T0);
      const outcome = await ingestCompletion(deps, input({ workspaceId: ws, flowToken, answer: { email: 'ana@example.com', budget: '25000', flow_token: flowToken } }));
      assert.equal(outcome.status, 'routed');
      if (outcome.status !== 'routed') return;
      assert.equal(outcome.actionIds.length, 2);
      const submission = await storage.submissions.find(ws, outcome.submissionId);
      assert.equal(submission?.sendId, sendId);
      assert.equal(submission?.contract.ok, true);
      const actions = await storage.outbox.list(ws, { submissionId: outcome.submissionId });
      assert.deepEqual(actions.map((a) => [a.kind, a.idempotencyKey]).sort((x, y) => String(x[1]).localeCompare(String(y[1]))), [['ticket', `${outcome.submissionId}:0`], ['webhook', `${outcome.submissionId}:1`]]);
      const events = await storage.events.list(ws, { sendId });
      assert.deepEqual(events.map((e) => e.type).sort(), ['routed', 'submitted']);
      // The routed event counts the actions by kind: a campaign's outcomes (tickets, CRM records…) read it.
      const routedData = events.find((e) => e.type === 'routed')?.data as Record<string, unknown> | undefined;
      assert.deepEqual([routedData?.['actions'], routedData?.['actionKinds']], [2, { ticket: 1, webhook: 1 }]);
      assert.equal((await storage.sends.find(ws, sendId))?.status, 'completed');
    });

    it('applies the default rule when no rule matches', async () => {
      const ws = `ws-default-${backend}`;
      const { flowToken } = await seedLead(storage, ws);
      await storage.routingRules.replace(ws, null, rules([{ name: 'big', when: { field: 'budget', gte: 10000 }, actions: [{ type: 'assign', assignee: 'ana' }] }, { default: true, actions: [{ type: 'tag', tags: ['small'] }] }]), T0);
      const outcome = await ingestCompletion(deps, input({ workspaceId: ws, flowToken, answer: { email: 'a@b.c', budget: '10' } }));
      assert.equal(outcome.status, 'routed');
      if (outcome.status !== 'routed') return;
      assert.deepEqual((await storage.outbox.list(ws, { submissionId: outcome.submissionId })).map((a) => a.kind), ['tag']);
    });

    it('keeps an answer that breaks the contract and opens an inbox exception', async () => {
      const ws = `ws-contract-${backend}`;
      const { flowToken } = await seedLead(storage, ws);
      const outcome = await ingestCompletion(deps, input({ workspaceId: ws, flowToken, answer: { budget: 5, surprise: true } }));
      assert.equal(outcome.status, 'exception');
      if (outcome.status !== 'exception') return;
      assert.equal(outcome.reason, 'contract_violation');
      const submission = await storage.submissions.find(ws, outcome.submissionId);
      assert.equal(submission?.contract.ok, false);
      assert.deepEqual(submission?.answers, { budget: 5, surprise: true });
      const item = await storage.inbox.find(ws, outcome.inboxItemId);
      assert.equal(item?.kind, 'exception');
      assert.equal(item?.submissionId, outcome.submissionId);
      assert.deepEqual(await storage.outbox.list(ws, { submissionId: outcome.submissionId }), []);
    });

    it('keeps an answer with an unknown flow token as an exception', async () => {
      const ws = `ws-token-${backend}`;
      await seedLead(storage, ws);
      const outcome = await ingestCompletion(deps, input({ workspaceId: ws, flowToken: 'not-a-token', flowId: 'lead' }));
      assert.equal(outcome.status === 'exception' ? outcome.reason : outcome.status, 'unknown_flow_token');
      assert.equal((await storage.inbox.list(ws, { queue: 'exceptions' })).length, 1);
      assert.equal((await storage.submissions.list(ws)).length, 1);
    });

    it('reports a redelivered message id as a duplicate without storing it twice', async () => {
      const ws = `ws-dup-${backend}`;
      const { flowToken } = await seedLead(storage, ws);
      const first = input({ workspaceId: ws, flowToken });
      assert.equal((await ingestCompletion(deps, first)).status, 'routed');
      assert.deepEqual(await ingestCompletion(deps, first), { status: 'duplicate', messageId: first.messageId });
      assert.equal((await storage.submissions.list(ws)).length, 1);
    });

    it('keeps a second answer to an answered send as an exception', async () => {
      const ws = `ws-second-${backend}`;
      const { flowToken } = await seedLead(storage, ws);
      await ingestCompletion(deps, input({ workspaceId: ws, flowToken }));
      const second = await ingestCompletion(deps, input({ workspaceId: ws, flowToken }));
      assert.equal(second.status === 'exception' ? second.reason : second.status, 'duplicate_answer');
      assert.equal((await storage.submissions.list(ws)).length, 2);
    });

    it('opens an exception rather than mis-routing when a stored rule no longer parses', async () => {
      const ws = `ws-badrule-${backend}`;
      const { flowToken } = await seedLead(storage, ws);
      await storage.routingRules.replace(ws, 'lead', [{ name: 'broken', conditions: { when: { field: 'budget', like: 1 } }, actions: [] }], T0);
      const outcome = await ingestCompletion(deps, input({ workspaceId: ws, flowToken }));
      assert.equal(outcome.status === 'exception' ? outcome.reason : outcome.status, 'invalid_routing_rules');
    });

    it('batches concurrent completions and isolates a duplicate inside a batch', async () => {
      const ws = `ws-batch-${backend}`;
      const { contactId } = await seedLead(storage, ws);
      await storage.routingRules.replace(ws, null, rules([{ actions: [{ type: 'tag', tags: ['lead'] }] }]), T0);
      const sends = await Promise.all(Array.from({ length: 40 }, () => addSend(storage, ws, contactId)));
      const inputs = sends.map((s) => input({ workspaceId: ws, flowToken: s.flowToken }));
      const repeated = inputs[3];
      assert.ok(repeated);
      const outcomes = await Promise.all([...inputs, repeated].map((i) => ingestCompletion(deps, i)));
      assert.equal(outcomes.filter((o) => o.status === 'routed').length, 40);
      assert.equal(outcomes.filter((o) => o.status === 'duplicate').length, 1);
      assert.equal((await storage.submissions.list(ws, { limit: 1000 })).length, 40);
      assert.equal((await storage.outbox.list(ws, { limit: 1000 })).length, 40);
    });

    it('routes only one of two different answers to one send that arrive in the same batch; the other is an exception', async () => {
      const ws = `ws-race-${backend}`;
      const { contactId } = await seedLead(storage, ws);
      await storage.routingRules.replace(ws, null, rules([{ actions: [{ type: 'tag', tags: ['lead'] }] }]), T0);
      const others = await Promise.all(Array.from({ length: 10 }, () => addSend(storage, ws, contactId)));
      const contested = others[0];
      assert.ok(contested);
      const inputs = [...others.map((s) => input({ workspaceId: ws, flowToken: s.flowToken })), input({ workspaceId: ws, flowToken: contested.flowToken })];
      const outcomes = await Promise.all(inputs.map((i) => ingestCompletion(deps, i)));
      assert.equal(outcomes.filter((o) => o.status === 'routed').length, 10);
      const exceptions = outcomes.filter((o) => o.status === 'exception');
      assert.deepEqual(exceptions.map((o) => (o.status === 'exception' ? o.reason : o.status)), ['duplicate_answer']);
      assert.equal((await storage.submissions.list(ws, { sendId: contested.sendId })).length, 2, 'both answers are kept');
      assert.equal((await storage.outbox.list(ws, { limit: 1000 })).length, 10, 'only routed answers enqueue actions');
      assert.equal((await storage.sends.find(ws, contested.sendId))?.status, 'completed');
    });
  });
}
