import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeContract } from '../test-support/describe-contract.js';

const T0 = Date.parse('2026-05-01T09:00:00Z');

describeContract('audiences and campaigns', (h) => {
  async function withFlow(ws: string) {
    await h.storage.flows.create(ws, { id: 'renewal', name: 'Renewal', at: 0, by: 'ana' });
    await h.storage.flows.addVersion(ws, 'renewal', { flowJson: '{}', createdAt: 0, createdBy: 'ana' });
  }
  async function campaign(ws: string, name = 'spring') {
    const created = await h.storage.campaigns.create(ws, { name, channel: 'whatsapp', kind: 'template', definition: { arms: [] }, seed: 's', messagesPerSecond: 80, startAt: null, status: 'draft', at: T0 });
    assert.ok(created.ok);
    return created.value;
  }

  test('imports contacts with their opt-in, merges existing ones and never opts a contact back in', async () => {
    const ws = await h.newWorkspace();
    await h.storage.contacts.upsert(ws, { phone: '+34600000001', tags: ['vip'], fields: { plan: 'gold' }, at: T0 });
    const outcome = await h.storage.audiences.importContacts(ws, [
      { phone: '+34600000001', tags: ['spring'], fields: { city: 'Madrid' }, optInSource: 'web form', optedInAt: T0 - 1000 },
      { phone: '+34600000002', name: 'Bea', tags: ['spring'], optInSource: 'shop', optedInAt: T0 - 2000 },
    ], T0 + 1);
    assert.deepEqual(outcome, { created: 1, updated: 1, keptOptedOut: ['+34600000001'] });
    const [one, two] = await h.storage.audiences.page(ws, { limit: 10 });
    assert.deepEqual([one?.tags, one?.fields, one?.optedIn], [['vip', 'spring'], { plan: 'gold', city: 'Madrid' }, false]);
    assert.deepEqual([two?.name, two?.optedIn, two?.optedInAt, two?.optInSource], ['Bea', true, T0 - 2000, 'shop']);
    assert.deepEqual((await h.storage.audiences.page(ws, { afterPhone: '+34600000001', limit: 10 })).map((c) => c.phone), ['+34600000002']);
  });

  test('refuses a second campaign with the same name and moves status only from the states given', async () => {
    const ws = await h.newWorkspace();
    const c = await campaign(ws);
    const again = await h.storage.campaigns.create(ws, { name: 'spring', channel: 'sandbox', kind: 'template', definition: {}, seed: 's', messagesPerSecond: 80, startAt: null, status: 'draft', at: T0 });
    assert.equal(again.ok ? 'ok' : again.code, 'NAME_TAKEN');
    assert.equal(await h.storage.campaigns.transition(ws, c.id, ['paused'], 'running', T0), false);
    assert.equal(await h.storage.campaigns.transition(ws, c.id, ['draft'], 'running', T0 + 1), true);
    assert.deepEqual((await h.storage.campaigns.listDispatchable(T0 + 2)).filter((x) => x.workspaceId === ws).map((x) => x.id), [c.id]);
    assert.equal(await h.storage.campaigns.transition(ws, c.id, ['running'], 'template-paused', T0 + 3, 'template spring_offer was paused by Meta'), true);
    const stopped = await h.storage.campaigns.find(ws, c.id);
    assert.deepEqual([stopped?.status, stopped?.statusReason], ['template-paused', 'template spring_offer was paused by Meta']);
  });

  /** A workspace with a campaign of one queued recipient. */
  async function oneRecipient(phone: string) {
    const ws = await h.newWorkspace();
    await withFlow(ws);
    const c = await campaign(ws);
    const x = await h.storage.contacts.upsert(ws, { phone, at: T0 });
    await h.storage.campaigns.enqueueRecipients(ws, c.id, [{ contactId: x.id, phone: x.phone, arm: 'A' }], T0);
    return { ws, c, x };
  }

  test('a recipient whose send id names no send is claimed with a send under that id, never with an empty flow_token', async () => {
    const { ws, c, x } = await oneRecipient('+34600000099');
    await h.rawExecute(`update campaign_recipients set send_id = 'lost-send' where workspace_id = '${ws}' and contact_id = '${x.id}'`);
    const [claimed] = await h.storage.campaigns.claim(ws, c.id, [{ contactId: x.id, flowId: 'renewal', version: 1 }], 'whatsapp', T0 + 1);
    assert.ok(claimed !== undefined && claimed.flowToken.length > 0);
    assert.equal(claimed.sendId, 'lost-send');
    assert.deepEqual([(await h.storage.sends.find(ws, 'lost-send'))?.flowToken, (await h.storage.campaigns.listRecipients(ws, c.id))[0]?.sendId], [claimed.flowToken, 'lost-send']);
  });

  test('claims each recipient once, keeps its send across a retry, and records the send', async () => {
    const ws = await h.newWorkspace();
    await withFlow(ws);
    const c = await campaign(ws);
    const contacts = await Promise.all(['+34600000011', '+34600000012', '+34600000013'].map((phone) => h.storage.contacts.upsert(ws, { phone, at: T0 })));
    const list = contacts.map((x, i) => ({ contactId: x.id, phone: x.phone, arm: i % 2 === 0 ? 'A' : 'B' }));
    assert.equal(await h.storage.campaigns.enqueueRecipients(ws, c.id, list, T0), 3);
    assert.equal(await h.storage.campaigns.enqueueRecipients(ws, c.id, list, T0), 0, 'a contact is a recipient at most once');
    // Outside a send window a queued recipient waits until its opening, then is due as before.
    await h.storage.campaigns.defer(ws, c.id, [{ contactId: list[0]?.contactId ?? '', nextAttemptAt: T0 + 60_000, reason: 'waiting for 09:00 Europe/Lisbon' }]);
    assert.deepEqual((await h.storage.campaigns.listDue(ws, c.id, T0, 10)).map((r) => r.contactId).sort(), [list[1]?.contactId, list[2]?.contactId].sort());
    const due = await h.storage.campaigns.listDue(ws, c.id, T0 + 60_000, 10);
    assert.equal(due.length, 3);
    assert.equal(due.find((r) => r.contactId === list[0]?.contactId)?.attempts, 0, 'waiting is no attempt');
    const want = due.map((r) => ({ contactId: r.contactId, flowId: 'renewal', version: 1 }));
    const claimed = await h.storage.campaigns.claim(ws, c.id, want, 'whatsapp', T0 + 1);
    assert.equal(claimed.length, 3);
    assert.equal(new Set(claimed.map((r) => r.flowToken)).size, 3);
    // What the claim returns is what it committed: the recipient `sending` with its first attempt, and a send carrying the same flow_token.
    for (const r of claimed) {
      assert.deepEqual([r.state, r.attempts, r.stateAt], ['sending', 1, T0 + 1]);
      const stored = await h.storage.sends.find(ws, r.sendId);
      assert.deepEqual([stored?.contactId, stored?.flowToken, stored?.status], [r.contactId, r.flowToken, 'queued']);
      assert.equal((await h.storage.campaigns.listRecipients(ws, c.id, { state: 'sending' })).find((x) => x.contactId === r.contactId)?.sendId, r.sendId);
    }
    assert.deepEqual(await h.storage.campaigns.claim(ws, c.id, want, 'whatsapp', T0 + 2), [], 'claimed recipients are no longer queued');
    const [first, second, third] = claimed;
    assert.ok(first && second && third);
    // A throughput refusal puts one back: claimed again, it keeps its send and flow_token.
    await h.storage.campaigns.requeue(ws, c.id, [{ contactId: second.contactId, nextAttemptAt: T0 + 100, code: 130429, reason: 'throughput' }], T0 + 3);
    assert.deepEqual(await h.storage.campaigns.listDue(ws, c.id, T0 + 50, 10), []);
    const [retry] = await h.storage.campaigns.claim(ws, c.id, [{ contactId: second.contactId, flowId: 'renewal', version: 1 }], 'whatsapp', T0 + 101);
    assert.deepEqual([retry?.sendId, retry?.flowToken, retry?.attempts], [second.sendId, second.flowToken, 2]);
    await h.storage.campaigns.recordSent(ws, c.id, [{ contactId: first.contactId, sendId: first.sendId, flowId: 'renewal', version: 1, messageId: 'wamid.1', at: T0 + 200 }]);
    await h.storage.campaigns.recordFailed(ws, c.id, [{ contactId: third.contactId, sendId: third.sendId, code: 131026, reason: 'Message undeliverable', at: T0 + 200 }]);
    const send = await h.storage.sends.find(ws, first.sendId);
    assert.deepEqual([send?.status, send?.messageId], ['sent', 'wamid.1']);
    assert.equal((await h.storage.contacts.findConversation(ws, first.contactId))?.lastOutboundAt, T0 + 200);
    // The campaign's message is in the contact's conversation, as an automated one.
    assert.deepEqual((await h.storage.conversations.listMessages(ws, first.contactId)).map((m) => [m.author, m.wamid, m.status, m.details['sendId']]), [['automation', 'wamid.1', 'sent', first.sendId]]);
    const states = (await h.storage.campaigns.countStates(ws, c.id)).map((s) => `${s.arm}:${s.state}:${s.count}`).sort();
    // The arms were given by contact; the claim's order is the database's.
    const tally = (pairs: [string, string][]) => {
      const counts = new Map<string, number>();
      for (const [arm, state] of pairs) counts.set(`${arm}:${state}`, (counts.get(`${arm}:${state}`) ?? 0) + 1);
      return [...counts].map(([k, n]) => `${k}:${n}`).sort();
    };
    assert.deepEqual(states, tally([[first.arm, 'sent'], [second.arm, 'sending'], [third.arm, 'failed']]));
    assert.deepEqual(await h.storage.campaigns.countFailures(ws, c.id), [{ arm: third.arm, code: 131026, reason: 'Message undeliverable', count: 1 }]);
    assert.deepEqual((await h.storage.campaigns.countSendStatuses(ws, c.id)).map((s) => `${s.arm}:${s.status}:${s.count}`).sort(), tally([[first.arm, 'sent'], [second.arm, 'queued'], [third.arm, 'failed']]));
    // Bookings made through the campaign's sends count by arm; a preview hold, a cancelled booking and a booking of another send do not.
    await h.storage.calendar.saveResource(ws, { id: 'desk', name: 'Desk', capacity: 5, slotMinutes: 30, timeZone: 'UTC', at: 0 });
    const slot = Date.parse('2026-05-04T10:00:00Z');
    const booked = await h.storage.calendar.book(ws, { resourceId: 'desk', slotStart: slot, sendId: first.sendId, contactId: first.contactId, reference: 'r1', at: T0 + 300 });
    assert.ok(booked.ok);
    assert.ok((await h.storage.calendar.book(ws, { resourceId: 'desk', slotStart: slot, sendId: third.sendId, reference: 'preview', at: T0 + 300, preview: { holdUntil: T0 + 60_000 } })).ok);
    const cancelled = await h.storage.calendar.book(ws, { resourceId: 'desk', slotStart: slot, sendId: second.sendId, reference: 'r2', at: T0 + 300 });
    assert.ok(cancelled.ok);
    assert.ok(await h.storage.calendar.cancel(ws, cancelled.value.id, T0 + 400));
    assert.ok((await h.storage.calendar.book(ws, { resourceId: 'desk', slotStart: slot, reference: 'walk-in', at: T0 + 300 })).ok);
    assert.deepEqual(await h.storage.campaigns.countBookings(ws, c.id), [{ arm: first.arm, count: 1 }]);
    assert.deepEqual([...(await h.storage.campaigns.lastSentByOthers(ws, 'another', [first.contactId, second.contactId]))], [[first.contactId, T0 + 200]]);
    assert.equal((await h.storage.campaigns.lastSentByOthers(ws, c.id, [first.contactId])).size, 0);
  });

  test('a claimed send records the language of the Meta Flow it opens; a retry that opens another records that one\'s language', async () => {
    const ws = await h.newWorkspace();
    await withFlow(ws);
    const c = await campaign(ws);
    const contacts = await Promise.all(['+34600000061', '+34600000062'].map((phone) => h.storage.contacts.upsert(ws, { phone, at: T0 })));
    await h.storage.campaigns.enqueueRecipients(ws, c.id, contacts.map((x) => ({ contactId: x.id, phone: x.phone, arm: 'A' })), T0);
    const [x, y] = contacts;
    assert.ok(x && y);
    const claimed = await h.storage.campaigns.claim(ws, c.id, [
      { contactId: x.id, flowId: 'renewal', version: 1, graphFlowId: 'meta-es', language: 'es' },
      { contactId: y.id, flowId: 'renewal', version: 1, graphFlowId: 'meta-es', language: 'es' },
    ], 'whatsapp', T0 + 1);
    const of = (id: string) => claimed.find((r) => r.contactId === id) ?? assert.fail(`${id} was not claimed`);
    assert.deepEqual([(await h.storage.sends.find(ws, of(x.id).sendId))?.language, (await h.storage.sends.find(ws, of(y.id).sendId))?.language], ['es', 'es']);
    // Meta refused y's message; its language's Meta Flow is no longer live by the retry: the source one, in English.
    await h.storage.campaigns.requeue(ws, c.id, [{ contactId: y.id, nextAttemptAt: T0 + 3, code: 131000, reason: 'Something went wrong' }], T0 + 2);
    await h.storage.campaigns.claim(ws, c.id, [{ contactId: y.id, flowId: 'renewal', version: 1, graphFlowId: 'meta-source', language: 'en' }], 'whatsapp', T0 + 4);
    const retried = await h.storage.sends.find(ws, of(y.id).sendId);
    assert.deepEqual([retried?.graphFlowId, retried?.language], ['meta-source', 'en']);
    assert.deepEqual((await h.storage.sends.list(ws, { language: 'es' })).map((s) => s.id), [of(x.id).sendId]);
  });

  test('a claimed send records the Meta Flow it opens and holds it open; a retry records the Meta Flow given then', async () => {
    const ws = await h.newWorkspace();
    await withFlow(ws);
    const c = await campaign(ws);
    const contacts = await Promise.all(['+34600000051', '+34600000052', '+34600000053'].map((phone) => h.storage.contacts.upsert(ws, { phone, at: T0 })));
    await h.storage.campaigns.enqueueRecipients(ws, c.id, contacts.map((x) => ({ contactId: x.id, phone: x.phone, arm: 'A' })), T0);
    const [x, y, z] = contacts;
    assert.ok(x && y && z);
    const claimed = await h.storage.campaigns.claim(ws, c.id, [
      { contactId: x.id, flowId: 'renewal', version: 1, graphFlowId: 'meta-1' },
      { contactId: y.id, flowId: 'renewal', version: 1, graphFlowId: 'meta-1' },
      { contactId: z.id, flowId: 'renewal', version: 1 },
    ], 'whatsapp', T0 + 1);
    const of = (id: string) => claimed.find((r) => r.contactId === id) ?? assert.fail(`${id} was not claimed`);
    assert.deepEqual([of(x.id).graphFlowId, of(y.id).graphFlowId, of(z.id).graphFlowId], ['meta-1', 'meta-1', null]);
    assert.equal((await h.storage.sends.find(ws, of(x.id).sendId))?.graphFlowId, 'meta-1');
    assert.deepEqual([...(await h.storage.sends.countOpenByGraphFlow(ws, ['meta-1', 'meta-2'], T0))], [['meta-1', 2]]);
    await h.storage.campaigns.recordSent(ws, c.id, [{ contactId: x.id, sendId: of(x.id).sendId, flowId: 'renewal', version: 1, messageId: 'wamid.x', at: T0 + 2 }]);
    assert.equal((await h.storage.sends.countOpenByGraphFlow(ws, ['meta-1'], T0)).get('meta-1'), 2, 'a sent message is still open: its customer may be in the Flow');
    // Meta refused y's message (it opened nothing); by its retry a new version was published: it opens the new Meta Flow.
    await h.storage.campaigns.requeue(ws, c.id, [{ contactId: y.id, nextAttemptAt: T0 + 3, code: 131000, reason: 'Something went wrong' }], T0 + 2);
    const [retry] = await h.storage.campaigns.claim(ws, c.id, [{ contactId: y.id, flowId: 'renewal', version: 1, graphFlowId: 'meta-2' }], 'whatsapp', T0 + 4);
    assert.deepEqual([retry?.sendId, retry?.flowToken, retry?.graphFlowId], [of(y.id).sendId, of(y.id).flowToken, 'meta-2']);
    assert.equal((await h.storage.sends.find(ws, of(y.id).sendId))?.graphFlowId, 'meta-2');
    assert.deepEqual([...(await h.storage.sends.countOpenByGraphFlow(ws, ['meta-1', 'meta-2'], T0))].sort(), [['meta-1', 1], ['meta-2', 1]]);
    await h.storage.sends.updateStatus(ws, of(x.id).sendId, { status: 'completed', at: T0 + 5 });
    assert.equal((await h.storage.sends.countOpenByGraphFlow(ws, ['meta-1'], T0)).size, 0, 'the customer finished: nobody holds meta-1');
  });

  test('after a crash an unknown send is resolved by its status webhook or goes to review, never back to the queue', async () => {
    const ws = await h.newWorkspace();
    await withFlow(ws);
    const c = await campaign(ws);
    const contacts = await Promise.all(['+34600000021', '+34600000022', '+34600000023'].map((phone) => h.storage.contacts.upsert(ws, { phone, at: T0 })));
    await h.storage.campaigns.enqueueRecipients(ws, c.id, contacts.map((x) => ({ contactId: x.id, phone: x.phone, arm: 'A' })), T0);
    const claimed = await h.storage.campaigns.claim(ws, c.id, contacts.map((x) => ({ contactId: x.id, flowId: 'renewal', version: 1 })), 'whatsapp', T0 + 1);
    // One owner at a time: another process takes the lease only once it has expired, and then recovers what was in flight.
    assert.equal(await h.storage.campaigns.acquireLease(ws, c.id, 'process-1', T0 + 1000, T0), 'acquired');
    assert.equal(await h.storage.campaigns.acquireLease(ws, c.id, 'process-1', T0 + 2000, T0 + 500), 'renewed');
    assert.equal(await h.storage.campaigns.acquireLease(ws, c.id, 'process-2', T0 + 3000, T0 + 1500), 'held');
    assert.equal(await h.storage.campaigns.acquireLease(ws, c.id, 'process-2', T0 + 5000, T0 + 2500), 'acquired');
    await h.storage.campaigns.releaseLease(ws, c.id, 'process-1');
    assert.equal(await h.storage.campaigns.acquireLease(ws, c.id, 'process-1', T0 + 6000, T0 + 2600), 'held', 'releasing a lease one no longer holds changes nothing');
    assert.equal(await h.storage.campaigns.recoverInFlight(ws, c.id, T0 + 10), 3);
    const [a, b] = claimed;
    assert.ok(a && b);
    // A status webhook matched by the send named in biz_opaque_callback_data recorded the message id; another said failed.
    await h.storage.sends.updateStatus(ws, a.sendId, { status: 'delivered', messageId: 'wamid.a', at: T0 + 20 });
    await h.storage.sends.updateStatus(ws, b.sendId, { status: 'failed', at: T0 + 20 });
    assert.deepEqual(await h.storage.campaigns.resolveUnknown(ws, c.id, T0, T0 + 30), { sent: 1, failed: 1, review: 0 });
    assert.deepEqual(await h.storage.campaigns.resolveUnknown(ws, c.id, T0 + 11, T0 + 40), { sent: 0, failed: 0, review: 1 });
    assert.deepEqual(await h.storage.campaigns.listDue(ws, c.id, T0 + 50, 10), [], 'nothing was queued again');
    assert.deepEqual(await h.storage.campaigns.resolveUnknown(ws, c.id, T0 + 1000, T0 + 45), { sent: 0, failed: 0, review: 0 }, 'review stays review without evidence');
    assert.equal(await h.storage.campaigns.decideReview(ws, c.id, 'resend', T0 + 60), 1);
    const [again] = await h.storage.campaigns.listDue(ws, c.id, T0 + 60, 10);
    assert.equal(again?.sendId, claimed[2]?.sendId, 'a resend after review keeps its flow_token');
    assert.equal(await h.storage.campaigns.cancelQueued(ws, c.id, T0 + 70), 1);
  });

  test('a status that arrives after review settles the recipient as sent', async () => {
    const { ws, c, x } = await oneRecipient('+34600000041');
    const [claimed] = await h.storage.campaigns.claim(ws, c.id, [{ contactId: x.id, flowId: 'renewal', version: 1 }], 'whatsapp', T0 + 1);
    assert.ok(claimed);
    await h.storage.campaigns.markUnknown(ws, c.id, [x.id], 'timeout', T0 + 2);
    assert.deepEqual(await h.storage.campaigns.resolveUnknown(ws, c.id, T0 + 10, T0 + 20), { sent: 0, failed: 0, review: 1 });
    await h.storage.sends.updateStatus(ws, claimed.sendId, { status: 'sent', messageId: 'wamid.late', at: T0 + 30 });
    assert.deepEqual(await h.storage.campaigns.resolveUnknown(ws, c.id, T0 + 10, T0 + 40), { sent: 1, failed: 0, review: 0 });
    assert.equal(await h.storage.campaigns.decideReview(ws, c.id, 'resend', T0 + 50), 0, 'nothing left to resend');
  });

  test('selects contacts by activity on a Flow', async () => {
    const ws = await h.newWorkspace();
    await withFlow(ws);
    const [x, y] = await Promise.all(['+34600000031', '+34600000032'].map((phone) => h.storage.contacts.upsert(ws, { phone, at: T0 })));
    assert.ok(x && y);
    const [sx, sy] = await h.storage.sends.createMany(ws, [x, y].map((c) => ({ flowId: 'renewal', version: 1, contactId: c.id, channel: 'sandbox', at: T0 })));
    assert.ok(sx && sy);
    await h.storage.sends.updateStatus(ws, sx.id, { status: 'completed', at: T0 + 10 });
    await h.storage.sends.updateStatus(ws, sy.id, { status: 'delivered', at: T0 + 10 });
    await h.storage.events.record(ws, [{ type: 'opened', sendId: sy.id, flowId: 'renewal', at: T0 + 20 }]);
    assert.deepEqual([...(await h.storage.audiences.contactsWithActivity(ws, { flowId: 'renewal', activity: 'completed', since: T0 }))], [x.id]);
    assert.deepEqual([...(await h.storage.audiences.contactsWithActivity(ws, { activity: 'opened', since: T0 }))], [y.id]);
    assert.equal((await h.storage.audiences.contactsWithActivity(ws, { activity: 'completed', since: T0 + 11 })).size, 0);
    assert.equal((await h.storage.audiences.contactsWithActivity(ws, { activity: 'sent', since: T0 })).size, 2);
  });
});
