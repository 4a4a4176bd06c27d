import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isWithinServiceWindow } from '../repositories/contacts-repository.js';
import { describeContract } from '../test-support/describe-contract.js';
import { seedSend } from '../test-support/seed-send.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const HOUR = 3_600_000;

describeContract('contacts, sends and submissions', (h) => {
  test('gives every send a distinct unguessable flow_token that resolves to its workspace', async () => {
    const ws = await h.newWorkspace();
    const { contact, send } = await seedSend(h.storage, ws);
    const tokens = new Set([send.flowToken]);
    for (let i = 0; i < 30; i += 1) {
      const next = await h.storage.sends.create(ws, { flowId: 'booking', version: 1, contactId: contact.id, channel: 'sandbox', at: T0 + i });
      assert.ok(next.ok);
      tokens.add(next.value.flowToken);
    }
    assert.equal(tokens.size, 31);
    assert.match(send.flowToken, /^[A-Za-z0-9_-]{32}$/);
    assert.deepEqual(await h.storage.sends.locateFlowToken(send.flowToken), { workspaceId: ws, sendId: send.id });
    assert.equal((await h.storage.sends.findByFlowToken(ws, send.flowToken))?.id, send.id);
    assert.equal(await h.storage.sends.findByFlowToken(await h.newWorkspace(), send.flowToken), undefined);
  });

  test('refuses a send of a missing version or to a contact of another workspace', async () => {
    const a = await h.newWorkspace();
    const b = await h.newWorkspace();
    const { contact } = await seedSend(h.storage, a);
    const noVersion = await h.storage.sends.create(a, { flowId: 'booking', version: 9, contactId: contact.id, channel: 'sandbox', at: T0 });
    assert.equal(noVersion.ok ? 'ok' : noVersion.code, 'UNKNOWN_FLOW_VERSION');
    await seedSend(h.storage, b, '+351900000002');
    const foreign = await h.storage.sends.create(b, { flowId: 'booking', version: 1, contactId: contact.id, channel: 'sandbox', at: T0 });
    assert.equal(foreign.ok ? 'ok' : foreign.code, 'UNKNOWN_CONTACT');
  });

  test('merges contact updates and tracks the 24-hour service window', async () => {
    const ws = await h.newWorkspace();
    const first = await h.storage.contacts.upsert(ws, { phone: '+1555', name: 'Ana', tags: ['vip'], fields: { city: 'Porto' }, at: T0 });
    const second = await h.storage.contacts.upsert(ws, { phone: '+1555', tags: ['lead', 'vip'], fields: { plan: 'gold' }, at: T0 + 1 });
    assert.equal(second.id, first.id);
    assert.deepEqual([second.name, second.tags, second.fields], ['Ana', ['vip', 'lead'], { city: 'Porto', plan: 'gold' }]);
    assert.equal(await h.storage.contacts.setOptIn(ws, first.id, true, T0 + 2), true);
    assert.equal((await h.storage.contacts.findByPhone(ws, '+1555'))?.optedInAt, T0 + 2);
    assert.equal(isWithinServiceWindow(await h.storage.contacts.findConversation(ws, first.id), T0), false);
    await h.storage.contacts.recordInbound(ws, first.id, T0);
    const conversation = await h.storage.contacts.findConversation(ws, first.id);
    assert.equal(isWithinServiceWindow(conversation, T0 + 23 * HOUR), true);
    assert.equal(isWithinServiceWindow(conversation, T0 + 24 * HOUR), false);
    const other = await h.newWorkspace();
    await h.storage.contacts.recordInbound(other, first.id, T0);
    assert.equal(await h.storage.contacts.findConversation(other, first.id), undefined);
    assert.deepEqual((await h.storage.contacts.list(ws, { tag: 'lead' })).map((c) => c.phone), ['+1555']);
  });

  test('records many inbound times at once: finds contacts by preferred phone, creates the missing ones once, later times win', async () => {
    const ws = await h.newWorkspace();
    const other = await h.newWorkspace();
    const bare = await h.storage.contacts.upsert(ws, { phone: '351911', name: 'Bare', at: T0 });
    const plus = await h.storage.contacts.upsert(ws, { phone: '+351922', at: T0 });
    const both = await h.storage.contacts.upsert(ws, { phone: '+351933', at: T0 });
    await h.storage.contacts.upsert(ws, { phone: '351933', at: T0 });
    await h.storage.contacts.recordInboundMany([
      { workspaceId: ws, phones: ['+351911', '351911'], at: T0 + 1 },
      { workspaceId: ws, phones: ['+351922', '351922'], at: T0 + 2 },
      { workspaceId: ws, phones: ['+351933', '351933'], at: T0 + 3 },
      { workspaceId: ws, phones: ['+351944', '351944'], name: 'New', at: T0 + 4 },
      { workspaceId: ws, phones: ['+351944', '351944'], name: 'Again', at: T0 + 6 },
      { workspaceId: ws, phones: ['+351922', '351922'], at: T0 + 5 },
      { workspaceId: other, phones: ['+351911'], at: T0 + 7 },
    ]);
    const inbound = async (w: string, id: string) => (await h.storage.contacts.findConversation(w, id))?.lastInboundAt;
    assert.equal(await inbound(ws, bare.id), T0 + 1);
    assert.equal(await inbound(ws, plus.id), T0 + 5);
    assert.equal(await inbound(ws, both.id), T0 + 3);
    const created = await h.storage.contacts.findByPhone(ws, '+351944');
    assert.deepEqual([created?.name, created?.phone], ['New', '+351944']);
    assert.equal(created && (await inbound(ws, created.id)), T0 + 6);
    assert.equal(await h.storage.contacts.findByPhone(ws, '351944'), undefined);
    const foreign = await h.storage.contacts.findByPhone(other, '+351911');
    assert.equal(foreign && (await inbound(other, foreign.id)), T0 + 7);
    assert.equal(await h.storage.contacts.findByPhone(other, '351911'), undefined);
    // An existing conversation keeps its outbound time; the inbound time is replaced.
    await h.storage.contacts.recordOutbound(ws, bare.id, T0 + 8);
    await h.storage.contacts.recordInboundMany([{ workspaceId: ws, phones: ['351911'], at: T0 + 9 }]);
    assert.deepEqual(await h.storage.contacts.findConversation(ws, bare.id), { contactId: bare.id, lastInboundAt: T0 + 9, lastOutboundAt: T0 + 8 });
    await h.storage.contacts.recordInboundMany([]);
  });

  test('records a submission with its outbox actions and events in one transaction', async () => {
    const ws = await h.newWorkspace();
    const { send } = await seedSend(h.storage, ws);
    const result = await h.storage.recordSubmission({
      submission: { workspaceId: ws, flowId: 'booking', version: 1, sendId: send.id, flowToken: send.flowToken, messageId: 'wamid.1', answers: { date: '2026-03-02' }, contract: { ok: true, problems: [] }, receivedAt: T0 },
      actions: [
        { kind: 'ticket', payload: { queue: 'front' }, idempotencyKey: 'wamid.1:ticket' },
        { kind: 'webhook', payload: { url: 'https://crm.example' }, idempotencyKey: 'wamid.1:crm' },
      ],
      events: [{ type: 'submitted', flowId: 'booking', version: 1, sendId: send.id, at: T0 }],
    });
    assert.ok(result.ok);
    assert.equal((await h.storage.submissions.find(ws, result.value.submission.id))?.messageId, 'wamid.1');
    assert.deepEqual((await h.storage.outbox.list(ws, { submissionId: result.value.submission.id })).map((a) => [a.kind, a.status, a.nextAttemptAt]).sort(), [
      ['ticket', 'pending', T0],
      ['webhook', 'pending', T0],
    ]);
    assert.deepEqual(await h.storage.events.countByType(ws, 'booking'), { submitted: 1 });
    const again = await h.storage.recordSubmission({
      submission: { workspaceId: ws, flowId: 'booking', messageId: 'wamid.1', answers: {}, contract: { ok: true, problems: [] }, receivedAt: T0 + 1 },
      actions: [{ kind: 'ticket', payload: {}, idempotencyKey: 'other' }],
      events: [],
    });
    assert.equal(again.ok ? 'ok' : again.code, 'DUPLICATE_SUBMISSION');
    assert.equal((await h.storage.outbox.list(ws)).length, 2);
  });

  test('rolls back the submission when one of its outbox rows fails', async () => {
    const ws = await h.newWorkspace();
    await h.storage.outbox.enqueue(ws, [{ kind: 'webhook', payload: {}, idempotencyKey: 'taken' }], T0);
    const result = await h.storage.recordSubmission({
      submission: { workspaceId: ws, flowId: 'booking', messageId: 'wamid.2', answers: { a: 1 }, contract: { ok: false, problems: [{ code: 'MISSING' }] }, receivedAt: T0 },
      actions: [
        { kind: 'ticket', payload: {}, idempotencyKey: 'fresh' },
        { kind: 'webhook', payload: {}, idempotencyKey: 'taken' },
      ],
      events: [{ type: 'submitted', flowId: 'booking', at: T0 }],
    });
    assert.equal(result.ok ? 'ok' : result.code, 'DUPLICATE_ACTION');
    assert.deepEqual(await h.storage.submissions.list(ws), []);
    assert.deepEqual((await h.storage.outbox.list(ws)).map((a) => a.idempotencyKey), ['taken']);
    assert.deepEqual(await h.storage.events.list(ws), []);
  });

  test('pages through a Flow\'s submissions oldest first by keyset, with time and contract filters, in its workspace only', async () => {
    const ws = await h.newWorkspace();
    const other = await h.newWorkspace();
    // Seven submissions, three sharing one instant (the id breaks the tie), one of another Flow, one elsewhere.
    const times = [T0, T0 + 1, T0 + 1, T0 + 1, T0 + 2, T0 + 3, T0 + 4];
    const inputs = times.map((at, i) => ({
      submission: { workspaceId: ws, flowId: 'booking', messageId: `wamid.p${i}`, answers: { i }, contract: { ok: i % 2 === 0, problems: [] }, receivedAt: at },
      actions: [],
      events: [],
    }));
    inputs.push({ submission: { workspaceId: ws, flowId: 'survey', messageId: 'wamid.s', answers: { i: 99 }, contract: { ok: true, problems: [] }, receivedAt: T0 }, actions: [], events: [] });
    inputs.push({ submission: { workspaceId: other, flowId: 'booking', messageId: 'wamid.o', answers: { i: 98 }, contract: { ok: true, problems: [] }, receivedAt: T0 }, actions: [], events: [] });
    assert.ok((await h.storage.submissions.recordMany(inputs)).ok);
    const seen: unknown[] = [];
    let after: { receivedAt: number; id: string } | undefined;
    for (;;) {
      const page = await h.storage.submissions.page(ws, { flowId: 'booking', limit: 2, ...(after === undefined ? {} : { after }) });
      if (page.length === 0) break;
      assert.ok(page.length <= 2);
      seen.push(...page.map((s) => s.answers));
      const last = page[page.length - 1];
      assert.ok(last !== undefined);
      after = { receivedAt: last.receivedAt, id: last.id };
    }
    assert.equal(seen.length, 7, 'every submission once, none twice, across pages cut inside one instant');
    assert.deepEqual(new Set(seen.map((a) => (a as { i: number }).i)), new Set([0, 1, 2, 3, 4, 5, 6]));
    assert.deepEqual((await h.storage.submissions.page(ws, { flowId: 'booking', since: T0 + 1, until: T0 + 3, limit: 100 })).length, 4);
    assert.deepEqual((await h.storage.submissions.page(ws, { flowId: 'booking', contractOk: false, limit: 100 })).map((s) => (s.answers as { i: number }).i).sort(), [1, 3, 5]);
  });

  test('refuses a submission that names a send of another workspace', async () => {
    const a = await h.newWorkspace();
    const b = await h.newWorkspace();
    const { send } = await seedSend(h.storage, a);
    const result = await h.storage.recordSubmission({
      submission: { workspaceId: b, flowId: 'booking', sendId: send.id, answers: {}, contract: { ok: true, problems: [] }, receivedAt: T0 },
      actions: [],
      events: [],
    });
    assert.equal(result.ok ? 'ok' : result.code, 'UNKNOWN_REFERENCE');
  });
});

describeContract('routing rules, inbox and events', (h) => {
  test('replaces ordered rules and lists a Flow’s own rules before the workspace-wide ones', async () => {
    const ws = await h.newWorkspace();
    await h.storage.routingRules.replace(ws, null, [{ name: 'fallback', conditions: true, actions: [{ ticket: 'triage' }] }], T0);
    await h.storage.routingRules.replace(ws, 'booking', [{ name: 'vip', conditions: { eq: ['tier', 'vip'] }, actions: [] }, { name: 'off', enabled: false, conditions: {}, actions: [] }], T0);
    await h.storage.routingRules.replace(ws, 'booking', [{ name: 'vip2', conditions: {}, actions: [] }, { name: 'rest', conditions: {}, actions: [] }], T0 + 1);
    assert.deepEqual((await h.storage.routingRules.listForFlow(ws, 'booking')).map((r) => [r.name, r.position, r.enabled]), [
      ['vip2', 0, true],
      ['rest', 1, true],
      ['fallback', 0, true],
    ]);
    assert.deepEqual(await h.storage.routingRules.listForFlow(await h.newWorkspace(), 'booking'), []);
  });

  test('orders the inbox by priority, re-routes and resolves items', async () => {
    const ws = await h.newWorkspace();
    const low = await h.storage.inbox.create(ws, { kind: 'ticket', queue: 'sales', title: 'Lead', at: T0 });
    const high = await h.storage.inbox.create(ws, { kind: 'exception', queue: 'sales', priority: 5, title: 'Delivery failed', body: { action: 'x' }, at: T0 + 1 });
    assert.deepEqual((await h.storage.inbox.list(ws, { queue: 'sales' })).map((i) => i.id), [high.id, low.id]);
    assert.deepEqual([await h.storage.inbox.count(ws, { queue: 'sales' }), await h.storage.inbox.count(ws, { queue: 'sales', status: 'resolved' }), await h.storage.inbox.count(ws, { queue: 'support' })], [2, 0, 0]);
    const moved = await h.storage.inbox.update(ws, low.id, { queue: 'support', assignee: 'bo', at: T0 + 2 });
    assert.deepEqual([moved?.queue, moved?.assignee], ['support', 'bo']);
    const resolved = await h.storage.inbox.update(ws, low.id, { status: 'resolved', at: T0 + 3 });
    assert.equal(resolved?.resolvedAt, T0 + 3);
    assert.equal(await h.storage.inbox.update(await h.newWorkspace(), high.id, { status: 'resolved', at: T0 }), undefined);
    assert.equal((await h.storage.inbox.find(ws, high.id))?.status, 'open');
  });

  test('lists events in time order and counts them per type within a range', async () => {
    const ws = await h.newWorkspace();
    await h.storage.events.record(ws, [
      { type: 'sent', flowId: 'f', at: T0 },
      { type: 'screen_reached', flowId: 'f', screen: 'A', at: T0 + 2 },
      { type: 'screen_reached', flowId: 'f', screen: 'B', data: { ms: 4 }, at: T0 + 1 },
      { type: 'sent', flowId: 'g', at: T0 },
    ]);
    assert.deepEqual((await h.storage.events.list(ws, { flowId: 'f', type: 'screen_reached' })).map((e) => e.screen), ['B', 'A']);
    assert.deepEqual(await h.storage.events.countByType(ws, 'f'), { sent: 1, screen_reached: 2 });
    assert.deepEqual(await h.storage.events.countByType(ws, 'f', { from: T0 + 1, to: T0 + 2 }), { screen_reached: 1 });
  });
});
