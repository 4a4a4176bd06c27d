import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeApi } from './test-support/describe-api.js';

// The harness clock stands at Monday 2026-06-01 09:00Z; the resource is open 10:00–12:00 UTC on weekdays.
const HOURS = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '10:00', closes: '12:00' }));
const TEN = '2026-06-01T10:00:00.000Z';
const ELEVEN = '2026-06-01T11:00:00.000Z';

describeApi('API calendar: resources, slots, bookings, cancel and reschedule', (h) => {
  let bookingId = '';
  let contactId = '';
  let submissionId = '';

  test('a designer defines a resource; operators may not, and a bad time zone is refused', async () => {
    const body = { name: 'Grooming table', capacity: 1, slotMinutes: 60, timeZone: 'UTC', openingHours: HOURS };
    assert.equal((await h().call('PUT', '/api/v1/calendar/resources/grooming', { token: h().tokens.operator, body })).status, 403);
    const saved = await h().call('PUT', '/api/v1/calendar/resources/grooming', { token: h().tokens.designer, body });
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.body['capacity'], 1);
    const bad = await h().call('PUT', '/api/v1/calendar/resources/grooming', { token: h().tokens.designer, body: { ...body, timeZone: 'Mars/Olympus' } });
    assert.equal(bad.status, 422);
    const listed = await h().call('GET', '/api/v1/calendar/resources', { token: h().tokens.viewer });
    assert.deepEqual((listed.body['items'] as Array<{ id: string }>).map((r) => r.id), ['grooming']);
    const audit = await h().storage.audit.list(h().workspaceA, { targetType: 'calendar_resource' });
    assert.deepEqual(audit.map((e) => e.action), ['calendar.resource.create']);
  });

  test('bookings list the customer and the submission that made them; previews never appear', async () => {
    const ws = h().workspaceA;
    const storage = h().storage;
    const contact = await storage.contacts.upsert(ws, { phone: '+351911222333', name: 'Marta', at: h().clock.now });
    contactId = contact.id;
    assert.equal((await h().call('POST', '/api/v1/flows', { body: { id: 'groom', name: 'Grooming', template: 'appointment-booking' } })).status, 201);
    const send = await storage.sends.create(ws, { flowId: 'groom', version: 1, contactId, channel: 'sandbox', at: h().clock.now });
    assert.ok(send.ok);
    const recorded = await storage.recordSubmission({
      submission: { workspaceId: ws, flowId: 'groom', version: 1, sendId: send.value.id, messageId: 'wamid.groom.1', answers: { slot: TEN }, contract: { ok: true, problems: [] }, receivedAt: h().clock.now },
      actions: [], events: [],
    });
    assert.ok(recorded.ok);
    submissionId = recorded.value.submission.id;
    const booked = await storage.calendar.book(ws, { resourceId: 'grooming', slotStart: Date.parse(TEN), contactId, sendId: send.value.id, reference: 'groom-1', at: h().clock.now });
    assert.ok(booked.ok);
    bookingId = booked.value.id;
    await storage.calendar.book(ws, { resourceId: 'grooming', slotStart: Date.parse(ELEVEN), reference: 'preview-1', at: h().clock.now, preview: { holdUntil: h().clock.now + 60_000 } });

    const res = await h().call('GET', '/api/v1/calendar/resources/grooming/bookings', { token: h().tokens.viewer });
    assert.equal(res.status, 200, res.text);
    const items = res.body['items'] as Array<Record<string, unknown>>;
    assert.equal(items.length, 1, 'the preview booking is not listed');
    assert.deepEqual(items[0], {
      id: bookingId, resourceId: 'grooming', slotStart: TEN, slotEnd: '2026-06-01T11:00:00.000Z', status: 'confirmed',
      contact: { id: contactId, phone: '+351911222333', name: 'Marta' }, submissionId, createdAt: new Date(h().clock.now).toISOString(), cancelledAt: null,
    });
    assert.equal((await h().call('GET', '/api/v1/calendar/resources/grooming/bookings?from=2026-06-01T00:00:00Z&to=2026-12-01T00:00:00Z')).status, 400, 'more than 93 days');
    assert.equal((await h().call('GET', '/api/v1/calendar/resources/nothing/bookings')).status, 404);
    assert.equal((await h().call('GET', '/api/v1/calendar/resources/grooming/bookings', { token: h().tokenB })).status, 404, 'another workspace sees nothing');
  });

  test('the slots listing is the one a Flow offers: a full slot is missing', async () => {
    const res = await h().call('GET', '/api/v1/calendar/resources/grooming/slots?days=1', { token: h().tokens.viewer });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual((res.body['items'] as Array<{ id: string }>).map((s) => s.id), ['grooming@2026-06-01T11:00']);
  });

  test('an operator reschedules to a free slot; the old seat is offered again at once', async () => {
    assert.equal((await h().call('POST', `/api/v1/calendar/bookings/${bookingId}/reschedule`, { token: h().tokens.designer, body: { slot: 'grooming@2026-06-01T11:00' } })).status, 403);
    const both = await h().call('POST', `/api/v1/calendar/bookings/${bookingId}/reschedule`, { token: h().tokens.operator, body: { slot: 'grooming@2026-06-01T11:00', slotStart: ELEVEN } });
    assert.equal(both.status, 400);
    const closed = await h().call('POST', `/api/v1/calendar/bookings/${bookingId}/reschedule`, { token: h().tokens.operator, body: { slotStart: '2026-06-01T13:00:00Z' } });
    assert.equal(closed.status, 422);
    assert.equal((closed.body['error'] as { code: string }).code, 'OUTSIDE_OPENING_HOURS');
    const moved = await h().call('POST', `/api/v1/calendar/bookings/${bookingId}/reschedule`, { token: h().tokens.operator, body: { slot: 'grooming@2026-06-01T11:00' } });
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.body['slotStart'], ELEVEN);
    assert.deepEqual(moved.body['contact'], { id: contactId, phone: '+351911222333', name: 'Marta' });
    assert.equal(moved.body['submissionId'], submissionId);
    const slots = await h().call('GET', '/api/v1/calendar/resources/grooming/slots?days=1');
    assert.deepEqual((slots.body['items'] as Array<{ id: string }>).map((s) => s.id), ['grooming@2026-06-01T10:00']);
    bookingId = moved.body['id'] as string;
  });

  test('an operator cancels; the seat is free again and a second cancel is refused', async () => {
    const cancelled = await h().call('POST', `/api/v1/calendar/bookings/${bookingId}/cancel`, { token: h().tokens.operator });
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal(cancelled.body['status'], 'cancelled');
    const slots = await h().call('GET', '/api/v1/calendar/resources/grooming/slots?days=1');
    assert.deepEqual((slots.body['items'] as Array<{ id: string }>).map((s) => s.id), ['grooming@2026-06-01T10:00', 'grooming@2026-06-01T11:00']);
    assert.equal((await h().call('POST', `/api/v1/calendar/bookings/${bookingId}/cancel`, { token: h().tokens.operator })).status, 409);
    assert.equal((await h().call('POST', `/api/v1/calendar/bookings/${bookingId}/cancel`, { token: h().tokenB })).status, 404);
    const audit = await h().storage.audit.list(h().workspaceA, { targetType: 'booking' });
    assert.deepEqual(audit.map((e) => e.action).sort(), ['calendar.booking.cancel', 'calendar.booking.reschedule']);
  });

  test('an operator books a seat for a contact who called; a full slot and an unknown contact are refused', async () => {
    const made = await h().call('POST', '/api/v1/calendar/resources/grooming/bookings', { token: h().tokens.operator, body: { contactId, slot: 'grooming@2026-06-01T10:00' } });
    assert.equal(made.status, 201, made.text);
    assert.deepEqual([made.body['slotStart'], (made.body['contact'] as { id: string }).id, made.body['submissionId']], [TEN, contactId, null]);
    const full = await h().call('POST', '/api/v1/calendar/resources/grooming/bookings', { token: h().tokens.operator, body: { contactId, slotStart: TEN } });
    assert.equal(full.status, 409);
    assert.equal((await h().call('POST', '/api/v1/calendar/resources/grooming/bookings', { token: h().tokens.operator, body: { contactId: 'nobody', slotStart: ELEVEN } })).status, 404);
    assert.equal((await h().call('POST', '/api/v1/calendar/resources/grooming/bookings', { token: h().tokens.viewer, body: { contactId, slotStart: ELEVEN } })).status, 403);
  });
});
