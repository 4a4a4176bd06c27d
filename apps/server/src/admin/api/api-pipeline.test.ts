import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Storage } from '@flowline/storage';
import { describeApi, type ApiHarness } from './test-support/describe-api.js';
import { seedPipeline, type SeededPipeline } from './test-support/seed-pipeline.js';

describeApi('API submissions, deliveries, inbox and metrics', (h) => {
  let seed: SeededPipeline;

  test('seeds a Flow with sends, submissions, actions, a ticket and endpoint traces', async () => {
    seed = await seedPipeline(h(), 'triage');
    assert.equal(seed.actionIds.length, 2);
  });

  test('submissions filter by Flow, contract status and contact; one submission lists the actions it caused', async () => {
    const all = await h().call('GET', '/api/v1/submissions?flowId=triage', { token: h().tokens.viewer });
    assert.equal((all.body['items'] as unknown[]).length, 2);
    const invalid = await h().call('GET', '/api/v1/submissions?status=invalid');
    assert.deepEqual((invalid.body['items'] as Array<{ id: string }>).map((s) => s.id), [seed.invalidSubmissionId]);
    const byContact = await h().call('GET', `/api/v1/submissions?contactId=${seed.contactId}`);
    assert.equal((byContact.body['items'] as unknown[]).length, 2);
    const none = await h().call('GET', '/api/v1/submissions?contactId=nobody');
    assert.equal((none.body['items'] as unknown[]).length, 0);
    const one = await h().call('GET', `/api/v1/submissions/${seed.submissionId}`);
    assert.equal(one.body['contactId'], seed.contactId);
    assert.deepEqual((one.body['actions'] as Array<{ kind: string }>).map((a) => a.kind).sort(), ['ticket', 'webhook']);
    assert.ok(!one.text.includes('flowToken'), 'the flow token stays internal');
  });

  test('the contact view shows every answer the contact gave and their tickets', async () => {
    const res = await h().call('GET', `/api/v1/contacts/${seed.contactId}/answers`);
    assert.equal(res.status, 200);
    assert.deepEqual((res.body['answers'] as Array<{ id: string }>).map((a) => a.id), [seed.submissionId, seed.invalidSubmissionId]);
    assert.deepEqual((res.body['inbox'] as Array<{ id: string }>).map((i) => i.id), [seed.itemId]);
  });

  test('a dead letter is listed and retried through the API; a delivered action cannot be retried', async () => {
    const storage = h().storage;
    const claimed = await storage.outbox.claimDueActions(10, h().clock.now + 100_000, 30_000, { workspaceId: h().workspaceA });
    const webhook = claimed.find((a) => a.kind === 'webhook');
    const ticket = claimed.find((a) => a.kind === 'ticket');
    assert.ok(webhook !== undefined && ticket !== undefined);
    await storage.outbox.markFailed(webhook, { at: h().clock.now + 100_001, error: 'connection refused', permanent: true });
    await storage.outbox.markDelivered(ticket, { at: h().clock.now + 100_001 });

    const dead = await h().call('GET', '/api/v1/deliveries?status=dead', { token: h().tokens.viewer });
    const items = dead.body['items'] as Array<{ id: string; lastError: string; attempts: number }>;
    assert.deepEqual(items.map((a) => a.id), [webhook.id]);
    assert.equal(items[0]?.lastError, 'connection refused');
    assert.equal(items[0]?.attempts, 1);

    assert.equal((await h().call('POST', `/api/v1/deliveries/${webhook.id}/retry`, { token: h().tokens.viewer })).status, 403);
    const retried = await h().call('POST', `/api/v1/deliveries/${webhook.id}/retry`, { token: h().tokens.operator });
    assert.equal(retried.status, 200, retried.text);
    assert.equal(retried.body['status'], 'pending');
    const detail = await h().call('GET', `/api/v1/deliveries/${webhook.id}`);
    assert.equal((detail.body['attemptLog'] as unknown[]).length, 1);
    assert.equal(((await h().call('GET', '/api/v1/deliveries?status=dead')).body['items'] as unknown[]).length, 0);
    const again = await h().call('POST', `/api/v1/deliveries/${ticket.id}/retry`);
    assert.equal(again.status, 409);
    assert.equal((again.body['error'] as { code: string }).code, 'NOT_RETRYABLE');
  });

  test('operators assign, re-route and resolve tickets; each step is an event', async () => {
    const operator = { token: h().tokens.operator };
    const listed = await h().call('GET', '/api/v1/inbox?queue=billing&kind=ticket', operator);
    assert.deepEqual((listed.body['items'] as Array<{ id: string }>).map((i) => i.id), [seed.itemId]);
    const assigned = await h().call('POST', `/api/v1/inbox/${seed.itemId}/assign`, { ...operator, body: { assignee: 'rita' } });
    assert.equal(assigned.body['assignee'], 'rita');
    const mine = await h().call('GET', '/api/v1/inbox?assignee=rita', operator);
    assert.equal((mine.body['items'] as unknown[]).length, 1);
    const rerouted = await h().call('POST', `/api/v1/inbox/${seed.itemId}/reroute`, { ...operator, body: { queue: 'sales', reason: 'asked for an upgrade' } });
    assert.equal(rerouted.status, 200, rerouted.text);
    assert.equal(rerouted.body['queue'], 'sales');
    assert.equal(rerouted.body['assignee'], null);
    assert.equal((await h().call('POST', `/api/v1/inbox/${seed.itemId}/reroute`, { ...operator, body: { queue: 'sales' } })).status, 409);
    h().clock.now += 70_000 + 3_600_000;
    const resolved = await h().call('POST', `/api/v1/inbox/${seed.itemId}/resolve`, operator);
    assert.equal(resolved.status, 200, resolved.text);
    assert.equal(resolved.body['status'], 'resolved');
    assert.equal((await h().call('POST', `/api/v1/inbox/${seed.itemId}/resolve`, operator)).status, 409);
    const events = await h().storage.events.list(h().workspaceA, { flowId: 'triage' });
    assert.equal(events.filter((e) => e.type === 'rerouted').length, 1);
    assert.equal(events.filter((e) => e.type === 'resolved' && e.sendId === seed.sendIds[0]).length, 1);
  });

  test('metrics are computed from the stored events and traces, with Meta\'s endpoint thresholds', async () => {
    const res = await h().call('GET', '/api/v1/flows/triage/metrics?version=1', { token: h().tokens.viewer });
    assert.equal(res.status, 200, res.text);
    const m = res.body;
    assert.equal(m['hasEndpoint'], true);
    assert.equal(m['sends'], 3);
    assert.equal(m['opens'], 3);
    assert.equal(m['submissions'], 2);
    assert.equal(m['unmatchedSubmissions'], 0);
    assert.deepEqual(m['unknown'], {}, 'every figure of this Flow can be known');
    assert.equal(m['completionRate'], 2 / 3);
    assert.deepEqual(m['funnel'], [
      { screen: 'DETAILS', reached: 3, droppedOff: 1 },
      { screen: 'CONFIRM', reached: 2, droppedOff: 0 },
    ]);
    assert.equal(m['dropOffStep'], 'DETAILS');
    assert.equal(m['medianTimeToCompleteMs'], 45_000);
    assert.deepEqual(m['routing'], { routed: 2, rerouted: 1, accuracy: 0.5 });
    assert.deepEqual(m['resolution'], { resolved: 1, medianTimeToResolutionMs: 3_600_000 });
    assert.deepEqual(m['endpoint'], {
      requests: 5, p50Ms: 250, p90Ms: 1500, p99Ms: 1500, errorRate: 0.2,
      thresholds: { p90Ms: 1000, errorRate: 0.05 }, meetsLatencyThreshold: false, meetsErrorRateThreshold: false,
    });
    const other = await h().call('GET', '/api/v1/flows/triage/metrics?version=9');
    assert.equal(other.status, 404);
    const traces = await h().call('GET', '/api/v1/traces?flowId=triage&limit=2');
    assert.equal((traces.body['items'] as unknown[]).length, 2);
    assert.equal(typeof traces.body['nextCursor'], 'string');
  });

  test('routing rules are replaced, listed and tested against a sample answer; invalid rules get their problems', async () => {
    const rules = [
      { name: 'Billing', when: { field: 'topic', equals: 'billing' }, stop: true, actions: [{ type: 'ticket', queue: 'billing' }] },
      { name: 'Fallback', default: true, actions: [{ type: 'ticket', queue: 'general' }] },
    ];
    const put = await h().call('PUT', '/api/v1/flows/triage/routing', { token: h().tokens.designer, body: { rules } });
    assert.equal(put.status, 200, put.text);
    const listed = await h().call('GET', '/api/v1/flows/triage/routing');
    assert.deepEqual((listed.body['rules'] as Array<{ name: string }>).map((r) => r.name), ['Billing', 'Fallback']);
    const billing = await h().call('POST', '/api/v1/flows/triage/routing/test', { body: { answer: { topic: 'billing' } } });
    assert.deepEqual((billing.body['matchedRules'] as Array<{ name: string }>).map((r) => r.name), ['Billing']);
    assert.equal(billing.body['usedDefault'], false);
    const other = await h().call('POST', '/api/v1/flows/triage/routing/test', { body: { answer: { topic: 'other' } } });
    assert.deepEqual((other.body['matchedRules'] as Array<{ name: string }>).map((r) => r.name), ['Fallback']);
    assert.equal(other.body['usedDefault'], true);
    const draft = await h().call('POST', '/api/v1/flows/triage/routing/test', { body: { answer: { budget: 5000 }, rules: [{ name: 'Big', when: { field: 'budget', gte: 1000 }, actions: [{ type: 'ticket', queue: 'sales' }] }] } });
    assert.deepEqual((draft.body['matchedRules'] as Array<{ name: string }>).map((r) => r.name), ['Big']);
    const bad = await h().call('PUT', '/api/v1/flows/triage/routing', { body: { rules: [{ name: 'Broken', when: { field: 'x', between: 3 }, actions: [] }] } });
    assert.equal(bad.status, 422);
    const problems = (bad.body['error'] as { details: { problems: Array<{ pointer: string }> } }).details.problems;
    assert.ok(problems.some((p) => p.pointer.startsWith('/rules/0/when')), JSON.stringify(problems));
  });

  test('POST /sends answers 503 without a send service and forwards the caller\'s workspace to it', async () => {
    const body = { flowId: 'triage', contactId: seed.contactId };
    assert.equal((await h().call('POST', '/api/v1/sends', { body })).status, 503);
    const requests: unknown[] = [];
    const withSender = h().withDeps({
      sendFlow: async (request) => {
        requests.push(request);
        const send = await h().storage.sends.create(request.workspaceId, { flowId: request.flowId, version: 1, contactId: request.contactId, channel: 'sandbox', at: h().clock.now });
        if (!send.ok) return { ok: false, code: 'UNKNOWN_CONTACT', message: send.message, status: 404, retry: false };
        return { ok: true, send: send.value, messageId: 'wamid.test' };
      },
    });
    const sent = await withSender.call('POST', '/api/v1/sends', { token: h().tokens.operator, body });
    assert.equal(sent.status, 201, sent.text);
    assert.equal((requests[0] as { workspaceId: string }).workspaceId, h().workspaceA);
    assert.ok(!sent.text.includes('flowToken'));
    const refused = await withSender.call('POST', '/api/v1/sends', { body: { flowId: 'triage', contactId: 'nobody' } });
    assert.equal(refused.status, 404);
    const listed = await withSender.call('GET', '/api/v1/sends?flowId=triage&limit=200');
    assert.equal((listed.body['items'] as unknown[]).length, 4);
  });
  test('metrics never count an endpoint request without its open, when the endpoint commits both between the two reads', async () => {
    const ws = h().workspaceA;
    const send = await h().storage.sends.create(ws, { flowId: 'triage', version: 1, contactId: seed.contactId, channel: 'sandbox', at: h().clock.now });
    assert.ok(send.ok);
    const sendId = send.value.id;
    await h().storage.events.record(ws, [{ type: 'sent', flowId: 'triage', version: 1, sendId, at: h().clock.now }]);
    const figures = async (harness: ApiHarness) => {
      const m = (await harness.call('GET', '/api/v1/flows/triage/metrics?version=1')).body;
      return { opens: m['opens'] as number, requests: (m['endpoint'] as { requests: number }).requests };
    };
    const before = await figures(h());
    // The customer's first request lands as the endpoint's write-behind writes it: its trace and its open in one
    // transaction, committed right after the route's first read.
    let landed = false;
    const land = async () => {
      if (landed) return;
      landed = true;
      await h().storage.transaction(async (tx) => {
        await tx.endpointTraces.recordMany(ws, [{ flowId: 'triage', version: 1, screen: 'DETAILS', action: 'INIT', latencyMs: 80, outcome: 'ok', statusCode: 200, at: h().clock.now + 1 }]);
        await tx.events.record(ws, [{ type: 'opened', flowId: 'triage', version: 1, sendId, at: h().clock.now + 1 }]);
      });
    };
    const storage = h().storage;
    const racing = Object.create(storage) as Storage;
    const afterRead = <A extends unknown[], R>(read: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
      const result = await read(...args);
      await land();
      return result;
    };
    Object.defineProperty(racing, 'events', { value: { ...storage.events, list: afterRead(storage.events.list.bind(storage.events)) } });
    Object.defineProperty(racing, 'endpointTraces', { value: { ...storage.endpointTraces, list: afterRead(storage.endpointTraces.list.bind(storage.endpointTraces)) } });
    const during = await figures(h().withDeps({ storage: racing }));
    assert.ok(landed, 'the request landed between the reads');
    assert.ok(during.requests - before.requests <= during.opens - before.opens, `a counted request has its open counted: before ${JSON.stringify(before)}, during ${JSON.stringify(during)}`);
    assert.deepEqual(await figures(h()), { opens: before.opens + 1, requests: before.requests + 1 });
  });
});
