import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ERASURE_PLAN, KEPT_BY_ERASURE } from '../repositories/erasure-plan.js';
import type { Storage } from '../open-storage.js';
import { describeContract } from '../test-support/describe-contract.js';
import { listTables, phoneFormats, scanTablesFor } from '../test-support/scan-for-values.js';

const T0 = Date.parse('2026-03-02T09:00:00Z');

/** A customer's distinctive values, so a scan for them can only find copies of this customer's data. */
function customer(tag: string) {
  return {
    phone: tag === 'erased' ? '15557770123' : '15558880456',
    name: `Quillon Vantablack ${tag}`,
    answer: `my parcel to Zabrowski Lane ${tag} never came`,
    email: `quillon.${tag}@erasure.example`,
    field: `loyalty-${tag}-XK42`,
    /** Not personal: names the rows' keys (idempotency keys, message ids) apart. */
    key: `k-${tag}`,
  };
}

/** Seeds one customer's whole footprint through the repositories the server writes with. */
async function seedCustomer(storage: Storage, ws: string, who: ReturnType<typeof customer>) {
  const contact = await storage.contacts.upsert(ws, { phone: who.phone, name: who.name, tags: [who.field], fields: { card: who.field }, at: T0 });
  await storage.contacts.setOptIn(ws, contact.id, true, T0);
  await storage.contacts.recordInbound(ws, contact.id, T0);
  const send = await storage.sends.create(ws, { flowId: 'support', version: 1, contactId: contact.id, channel: 'sandbox', at: T0 + 1 });
  if (!send.ok) throw new Error(send.message);
  const answers = { name: who.name, email: who.email, description: who.answer, phone: who.phone };
  const recorded = await storage.recordSubmission({
    submission: { workspaceId: ws, flowId: 'support', version: 1, sendId: send.value.id, flowToken: send.value.flowToken, messageId: `wamid.${who.key}`, answers, contract: { ok: false, problems: [{ code: 'UNEXPECTED', value: who.answer }] }, receivedAt: T0 + 2 },
    actions: [
      { kind: 'webhook', payload: { answers, to: who.phone }, idempotencyKey: `${who.key}:webhook` },
      { kind: 'slack', payload: { text: `${who.name} wrote: ${who.answer}` }, idempotencyKey: `${who.key}:slack` },
    ],
    events: [{ type: 'submitted', flowId: 'support', version: 1, sendId: send.value.id, data: { email: who.email }, at: T0 + 2 }],
    completeSend: true,
  });
  if (!recorded.ok) throw new Error(recorded.message);
  const submission = recorded.value.submission;
  await storage.events.record(ws, [
    { type: 'screen_reached', flowId: 'support', version: 1, sendId: send.value.id, screen: 'DETAILS', data: { typed: who.answer }, at: T0 + 1 },
    // What the dashboards count by stays; the operator's note about the customer goes.
    { type: 'resolved', flowId: 'support', version: 1, sendId: send.value.id, data: { submissionId: submission.id, durationMs: 5000, note: `called ${who.name} back` }, at: T0 + 4 },
  ]);
  await storage.inbox.create(ws, { kind: 'ticket', queue: 'support', title: `Support request from ${who.name}`, body: { answers }, submissionId: submission.id, contactId: contact.id, at: T0 + 3 });
  // A webhook exception quotes the raw item (with the sender's phone) and is linked to no contact.
  await storage.inbox.create(ws, { kind: 'exception', queue: 'exceptions', title: 'Webhook messages item not processable', body: { excerpt: JSON.stringify({ from: who.phone, text: { body: who.answer } }) }, at: T0 + 3 });
  // A send_flow action names the customer by phone only (no submission).
  await storage.outbox.enqueue(ws, [{ kind: 'send_flow', payload: { to: who.phone, flow_action_data: { customer_name: who.name } }, idempotencyKey: `${who.key}:send` }], T0 + 3);
  await storage.endpointSessions.save(ws, { flowToken: send.value.flowToken, flowId: 'support', screen: 'DETAILS', data: { name: who.name, description: who.answer }, at: T0 + 1 });
  await storage.sandbox.appendMessage(ws, { contactId: contact.id, messageId: `sb-in-${who.key}`, direction: 'customer', kind: 'flow_reply', sendId: send.value.id, body: { summary: who.answer, payload: { from: who.phone } }, at: T0 + 2 });
  await storage.sandbox.openSession(ws, { messageId: `sb-flow-${who.key}`, contactId: contact.id, sendId: send.value.id, flowId: 'support', version: 1, state: { values: answers }, status: 'active', at: T0 + 1 });
  const booked = await storage.calendar.book(ws, { resourceId: 'desk', slotStart: Date.parse('2026-03-10T10:00:00Z'), contactId: contact.id, sendId: send.value.id, reference: `${send.value.flowToken}:BOOK`, at: T0 + 1 });
  if (!booked.ok) throw new Error(booked.message);
  const campaign = await storage.campaigns.create(ws, { name: `Spring ${who.key}`, channel: 'sandbox', kind: 'flow', definition: {}, seed: 's', messagesPerSecond: 1, startAt: null, status: 'draft', at: T0 });
  if (!campaign.ok) throw new Error(campaign.message);
  await storage.campaigns.enqueueRecipients(ws, campaign.value.id, [{ contactId: contact.id, phone: who.phone, arm: 'a' }], T0);
  // The conversation: the customer's message (with their profile name) and a photo of theirs.
  await storage.conversations.recordMessages(ws, [{ contactId: contact.id, direction: 'inbound', author: 'customer', authorName: who.name, wamid: `wamid.chat.${who.key}`, type: 'text', text: who.answer, details: { context: who.phone }, at: T0 + 5 }]);
  const media = await storage.media.recordStored(ws, { submissionId: submission.id, contactPhone: who.phone, field: 'photo', index: 0, mediaId: `m-${who.key}`, fileName: `${who.name}.jpg`, mimeType: 'image/jpeg', size: 10, sha256: 'ab'.repeat(32), storageKey: `${ws}/photo-${who.key}`, at: T0 + 6 });
  // A file the sandbox phone uploaded that no answer used yet (docs/media.md, "Sandbox files").
  const upload = await storage.media.recordUpload(ws, { mediaId: `sandbox.${who.key}`, contactPhone: who.phone, field: 'photo', fileName: `${who.name} receipt.jpg`, mimeType: 'image/jpeg', size: 10, sha256: 'cd'.repeat(32), storageKey: `${ws}/sandbox.${who.key}`, at: T0 + 7 });
  return { contact, send: send.value, submission, actions: recorded.value.actions, booking: booked.value, media, upload };
}

describeContract('erasure of a contact', (h) => {
  const erased = customer('erased');
  const kept = customer('kept');
  const valuesOf = (who: ReturnType<typeof customer>) => [...phoneFormats(who.phone), who.name, who.answer, who.email, who.field];

  const setUp = async () => {
    const ws = await h.newWorkspace();
    await h.storage.flows.create(ws, { id: 'support', name: 'Support', at: 0, by: 'ana' });
    await h.storage.flows.addVersion(ws, 'support', { flowJson: '{}', createdAt: 0, createdBy: 'ana' });
    const desk = await h.storage.calendar.saveResource(ws, { id: 'desk', name: 'Desk', capacity: 2, slotMinutes: 30, timeZone: 'UTC', at: T0 });
    assert.ok(desk.ok);
    return { ws, a: await seedCustomer(h.storage, ws, erased), b: await seedCustomer(h.storage, ws, kept) };
  };

  test('every table is either in the erasure plan or kept with a reason, so a new table must be placed', async () => {
    const placed = new Set([...ERASURE_PLAN.map((s) => s.table), ...Object.keys(KEPT_BY_ERASURE)]);
    const unplaced = (await listTables(h.rawQuery, h.backend)).filter((t) => !placed.has(t));
    assert.deepEqual(unplaced, [], 'add each new table to ERASURE_PLAN or KEPT_BY_ERASURE (packages/storage/src/repositories/erasure-plan.ts)');
  });

  test('leaves no copy of the contact\'s phone, name, answers or fields in any table; the other customer keeps theirs', async () => {
    const { ws, a } = await setUp();
    assert.ok((await scanTablesFor(h.rawQuery, h.backend, valuesOf(erased))).length > 10, 'the scan finds the seeded values before erasure');
    const result = await h.storage.erasure.eraseContact(ws, a.contact.id, { actor: 'token:admin', at: T0 + 10 });
    assert.ok(result.ok);
    const found = await scanTablesFor(h.rawQuery, h.backend, valuesOf(erased));
    assert.deepEqual(found, [], 'no copy of the erased values remains');
    const others = new Set((await scanTablesFor(h.rawQuery, h.backend, valuesOf(kept))).map((f) => f.where));
    for (const table of ['contacts', 'submissions', 'inbox_items', 'outbox_actions', 'events', 'endpoint_sessions', 'sandbox_messages', 'sandbox_sessions', 'campaign_recipients', 'messages', 'media']) {
      assert.ok(others.has(table), `the other customer's ${table} rows are untouched`);
    }
  });

  test('keeps the rows that count: contact id, submissions, completed send, events, booking; reports counts and audits ids only', async () => {
    const { ws, a } = await setUp();
    const before = { submissions: (await h.storage.submissions.list(ws, { flowId: 'support' })).length, events: await h.storage.events.countByType(ws, 'support') };
    const result = await h.storage.erasure.eraseContact(ws, a.contact.id, { actor: 'token:admin', at: T0 + 10 });
    assert.ok(result.ok);
    assert.deepEqual({ ...result.value, mediaKeys: [...result.value.mediaKeys].sort() }, {
      contactId: a.contact.id, erasedAt: T0 + 10, alreadyErased: false,
      counts: { submissions: 1, inbox_items: 2, outbox_deliveries: 0, outbox_actions: 3, events: 3, endpoint_sessions: 1, sandbox_messages: 1, sandbox_sessions: 1, messages: 1, media: 2, campaign_recipients: 1, contacts: 1 },
      // The submission's photo and the sandbox upload no answer used.
      mediaKeys: [a.media.storageKey, a.upload.storageKey].sort(),
    });
    // The files' rows wait, marked, until the caller has deleted the files; then they go.
    assert.equal(await h.storage.media.forgetErased(ws, [a.media.storageKey ?? '', a.upload.storageKey ?? '']), 2);
    assert.deepEqual((await h.storage.media.listForSubmission(ws, a.submission.id)).length, 0);
    const [message] = await h.storage.conversations.listMessages(ws, a.contact.id);
    assert.deepEqual([message?.direction, message?.author, message?.text ?? null], ['inbound', 'customer', null], 'the message still counts for back-and-forth, without its text');
    assert.equal((await h.storage.submissions.list(ws, { flowId: 'support' })).length, before.submissions);
    assert.deepEqual(await h.storage.events.countByType(ws, 'support'), before.events);
    const contact = await h.storage.contacts.find(ws, a.contact.id);
    assert.deepEqual([contact?.phone, contact?.name, contact?.tags, contact?.fields, contact?.optedIn, contact?.erasedAt], [`erased:${a.contact.id}`, null, [], {}, false, T0 + 10]);
    assert.equal((await h.storage.sends.find(ws, a.send.id))?.status, 'completed');
    assert.deepEqual((await h.storage.submissions.find(ws, a.submission.id))?.answers, {});
    const resolved = (await h.storage.events.list(ws, { sendId: a.send.id, type: 'resolved' }))[0];
    assert.deepEqual(resolved?.data, { submissionId: a.submission.id, durationMs: 5000 }, 'time to resolution still counts');
    const booking = await h.storage.calendar.findBooking(ws, a.booking.id);
    assert.deepEqual([booking?.status, booking?.contactId], ['confirmed', a.contact.id]);
    const [entry] = await h.storage.audit.list(ws, { action: 'contact.erase' });
    assert.deepEqual([entry?.actor, entry?.targetType, entry?.targetId], ['token:admin', 'contact', a.contact.id]);
    assert.deepEqual(entry?.details, { alreadyErased: false, counts: result.value.counts });
  });

  test('cancels undelivered actions as erased so no worker sends them; a delivered one keeps its status', async () => {
    const { ws, a, b } = await setUp();
    const [first] = await h.storage.outbox.claimDueActions(1, T0 + 5, 60_000, { workspaceId: ws, kinds: ['webhook'] });
    assert.ok(first);
    const delivered = await h.storage.outbox.markDelivered({ id: first.id, leaseToken: first.leaseToken }, { at: T0 + 6, statusCode: 200 });
    assert.ok(delivered.ok);
    const erasedOwn = first.submissionId === a.submission.id;
    assert.ok((await h.storage.erasure.eraseContact(ws, a.contact.id, { actor: 'token:admin', at: T0 + 10 })).ok);
    const mine = (await h.storage.outbox.list(ws, { limit: 100 })).filter((x) => x.submissionId === a.submission.id || (x.submissionId === null && x.idempotencyKey.startsWith(erased.key)));
    assert.equal(mine.length, 3);
    for (const action of mine) {
      assert.deepEqual(action.payload, { erased: true });
      assert.equal(action.status, action.id === first.id ? 'delivered' : 'erased');
    }
    const claimable = await h.storage.outbox.claimDueActions(100, T0 + 60_000, 60_000, { workspaceId: ws });
    assert.deepEqual(claimable.filter((x) => mine.some((m) => m.id === x.id)), [], 'an erased action is never claimed');
    const others = claimable.filter((x) => x.submissionId === b.submission.id || x.idempotencyKey.startsWith(kept.key));
    assert.equal(others.length, erasedOwn ? 3 : 2, 'the other customer\'s actions are still delivered');
  });

  test('is idempotent: erasing again touches nothing and says it was already done', async () => {
    const { ws, a } = await setUp();
    assert.ok((await h.storage.erasure.eraseContact(ws, a.contact.id, { actor: 'token:admin', at: T0 + 10 })).ok);
    const again = await h.storage.erasure.eraseContact(ws, a.contact.id, { actor: 'token:admin', at: T0 + 20 });
    assert.ok(again.ok);
    assert.equal(again.value.alreadyErased, true);
    assert.equal(again.value.erasedAt, T0 + 10);
    assert.deepEqual(Object.values(again.value.counts).filter((n) => n > 0), []);
  });

  test('refuses a contact of another workspace and changes nothing there', async () => {
    const { ws, a } = await setUp();
    const other = await h.newWorkspace();
    const result = await h.storage.erasure.eraseContact(other, a.contact.id, { actor: 'token:admin', at: T0 + 10 });
    assert.deepEqual(result.ok ? 'ok' : result.code, 'NOT_FOUND');
    assert.equal((await h.storage.contacts.find(ws, a.contact.id))?.name, erased.name);
  });
});
