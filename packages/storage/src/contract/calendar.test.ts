import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeContract } from '../test-support/describe-contract.js';

// 2026-03-02 is a Monday; 09:00 in Lisbon (UTC+0 in March) is 09:00Z.
const MONDAY_9 = Date.parse('2026-03-02T09:00:00Z');
const HOURS = [{ weekday: 1, opens: '09:00', closes: '12:00' }];

describeContract('calendar bookings', (h) => {
  test('books up to capacity and refuses the next booking of the slot', async () => {
    const ws = await h.newWorkspace();
    const saved = await h.storage.calendar.saveResource(ws, { id: 'room', name: 'Room', capacity: 2, slotMinutes: 30, timeZone: 'Europe/Lisbon', openingHours: HOURS, at: 0 });
    assert.equal(saved.ok, true);
    const first = await h.storage.calendar.book(ws, { resourceId: 'room', slotStart: MONDAY_9, reference: 'ana', at: 1 });
    const second = await h.storage.calendar.book(ws, { resourceId: 'room', slotStart: MONDAY_9, at: 2 });
    const third = await h.storage.calendar.book(ws, { resourceId: 'room', slotStart: MONDAY_9, at: 3 });
    assert.equal(first.ok && first.value.slotEnd, MONDAY_9 + 30 * 60_000);
    assert.equal(second.ok, true);
    assert.equal(third.ok ? 'ok' : third.code, 'SLOT_FULL');
  });

  test('never overbooks under concurrent bookings of one slot', async () => {
    const ws = await h.newWorkspace();
    await h.storage.calendar.saveResource(ws, { id: 'desk', name: 'Desk', capacity: 3, slotMinutes: 15, timeZone: 'UTC', at: 0 });
    const other = await h.openAnother();
    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? h.storage : other).calendar.book(ws, { resourceId: 'desk', slotStart: MONDAY_9, at: i })),
    );
    assert.equal(attempts.filter((a) => a.ok).length, 3);
    assert.deepEqual([...new Set(attempts.filter((a) => !a.ok).map((a) => (a.ok ? '' : a.code)))], ['SLOT_FULL']);
    const booked = await h.storage.calendar.listBookings(ws, 'desk', { from: MONDAY_9, to: MONDAY_9 + 1 });
    assert.equal(booked.length, 3);
  });

  test('frees a seat when a booking is cancelled', async () => {
    const ws = await h.newWorkspace();
    await h.storage.calendar.saveResource(ws, { id: 'chair', name: 'Chair', capacity: 1, slotMinutes: 60, timeZone: 'UTC', at: 0 });
    const first = await h.storage.calendar.book(ws, { resourceId: 'chair', slotStart: MONDAY_9, at: 1 });
    assert.ok(first.ok);
    assert.equal((await h.storage.calendar.book(ws, { resourceId: 'chair', slotStart: MONDAY_9, at: 2 })).ok, false);
    assert.equal(await h.storage.calendar.cancel(ws, first.value.id, 3), true);
    assert.equal(await h.storage.calendar.cancel(ws, first.value.id, 4), false);
    assert.equal((await h.storage.calendar.book(ws, { resourceId: 'chair', slotStart: MONDAY_9, at: 5 })).ok, true);
    const all = await h.storage.calendar.listBookings(ws, 'chair', { from: MONDAY_9, to: MONDAY_9 + 1, includeCancelled: true });
    assert.deepEqual(all.map((b) => b.status), ['confirmed', 'cancelled'].sort());
  });

  test('reschedules a booking in one step: the new seat is taken and the old one freed, keeping who booked', async () => {
    const ws = await h.newWorkspace();
    await h.storage.calendar.saveResource(ws, { id: 'vet', name: 'Vet', capacity: 1, slotMinutes: 30, timeZone: 'UTC', at: 0 });
    const contact = await h.storage.contacts.upsert(ws, { phone: '+351911000111', name: 'Rui', at: 0 });
    const ten = MONDAY_9 + 60 * 60_000;
    const first = await h.storage.calendar.book(ws, { resourceId: 'vet', slotStart: MONDAY_9, contactId: contact.id, reference: 'rui', at: 1 });
    const blocker = await h.storage.calendar.book(ws, { resourceId: 'vet', slotStart: ten, at: 2 });
    assert.ok(first.ok && blocker.ok);
    // The target slot is full: nothing moves.
    const refused = await h.storage.calendar.book(ws, { resourceId: 'vet', slotStart: ten, replaces: first.value.id, at: 3 });
    assert.equal(refused.ok ? 'ok' : refused.code, 'SLOT_FULL');
    assert.equal((await h.storage.calendar.findBooking(ws, first.value.id))?.status, 'confirmed');
    const half = MONDAY_9 + 30 * 60_000;
    const moved = await h.storage.calendar.book(ws, { resourceId: 'vet', slotStart: half, replaces: first.value.id, at: 4 });
    assert.ok(moved.ok);
    assert.deepEqual([moved.value.contactId, moved.value.reference, moved.value.slotStart], [contact.id, 'rui', half]);
    assert.equal((await h.storage.calendar.findBooking(ws, first.value.id))?.status, 'cancelled');
    // The freed 09:00 seat can be booked again at once.
    assert.equal((await h.storage.calendar.book(ws, { resourceId: 'vet', slotStart: MONDAY_9, at: 5 })).ok, true);
    // A cancelled booking, or one of another workspace, cannot be moved.
    const gone = await h.storage.calendar.book(ws, { resourceId: 'vet', slotStart: ten + 60 * 60_000, replaces: first.value.id, at: 6 });
    assert.equal(gone.ok ? 'ok' : gone.code, 'UNKNOWN_BOOKING');
    const other = await h.newWorkspace();
    await h.storage.calendar.saveResource(other, { id: 'vet', name: 'Vet', capacity: 1, slotMinutes: 30, timeZone: 'UTC', at: 0 });
    const foreign = await h.storage.calendar.book(other, { resourceId: 'vet', slotStart: ten + 60 * 60_000, replaces: moved.value.id, at: 7 });
    assert.equal(foreign.ok ? 'ok' : foreign.code, 'UNKNOWN_BOOKING');
  });

  test('refuses slots outside the opening hours in the resource time zone', async () => {
    const ws = await h.newWorkspace();
    // São Paulo is UTC-3: 09:00 local on Monday is 12:00Z.
    await h.storage.calendar.saveResource(ws, { id: 'clinic', name: 'Clinic', capacity: 1, slotMinutes: 30, timeZone: 'America/Sao_Paulo', openingHours: HOURS, at: 0 });
    const early = await h.storage.calendar.book(ws, { resourceId: 'clinic', slotStart: MONDAY_9, at: 1 });
    assert.equal(early.ok ? 'ok' : early.code, 'OUTSIDE_OPENING_HOURS');
    const overlapsClosing = await h.storage.calendar.book(ws, { resourceId: 'clinic', slotStart: Date.parse('2026-03-02T14:45:00Z'), at: 1 });
    assert.equal(overlapsClosing.ok ? 'ok' : overlapsClosing.code, 'OUTSIDE_OPENING_HOURS');
    const inside = await h.storage.calendar.book(ws, { resourceId: 'clinic', slotStart: Date.parse('2026-03-02T12:00:00Z'), at: 1 });
    assert.equal(inside.ok, true);
  });

  test('refuses invalid resources and resources of other workspaces', async () => {
    const a = await h.newWorkspace();
    const b = await h.newWorkspace();
    const badZone = await h.storage.calendar.saveResource(a, { id: 'x', name: 'X', capacity: 1, slotMinutes: 30, timeZone: 'Mars/Olympus', at: 0 });
    assert.equal(badZone.ok ? 'ok' : badZone.code, 'INVALID_RESOURCE');
    const badHours = await h.storage.calendar.saveResource(a, { id: 'x', name: 'X', capacity: 1, slotMinutes: 30, timeZone: 'UTC', openingHours: [{ weekday: 1, opens: '12:00', closes: '09:00' }], at: 0 });
    assert.equal(badHours.ok ? 'ok' : badHours.code, 'INVALID_RESOURCE');
    await h.storage.calendar.saveResource(a, { id: 'room', name: 'Room', capacity: 1, slotMinutes: 30, timeZone: 'UTC', openingHours: HOURS, at: 0 });
    assert.deepEqual((await h.storage.calendar.findResource(a, 'room'))?.openingHours, HOURS);
    const crossTenant = await h.storage.calendar.book(b, { resourceId: 'room', slotStart: MONDAY_9, at: 1 });
    assert.equal(crossTenant.ok ? 'ok' : crossTenant.code, 'UNKNOWN_RESOURCE');
    assert.deepEqual(await h.storage.calendar.listResources(b), []);
  });

  test('one booking per reference: a replay or retry gets the same booking and takes no second seat', async () => {
    const ws = await h.newWorkspace();
    await h.storage.calendar.saveResource(ws, { id: 'room', name: 'Room', capacity: 2, slotMinutes: 30, timeZone: 'UTC', at: 0 });
    const first = await h.storage.calendar.book(ws, { resourceId: 'room', slotStart: MONDAY_9, reference: 'token-a:step', at: 1 });
    const replay = await h.storage.calendar.book(ws, { resourceId: 'room', slotStart: MONDAY_9, reference: 'token-a:step', at: 2 });
    assert.ok(first.ok && replay.ok);
    assert.equal(replay.value.id, first.value.id);
    assert.equal((await h.storage.calendar.listBookings(ws, 'room', { from: MONDAY_9, to: MONDAY_9 + 1 })).length, 1);
    // Another booker still gets the second seat.
    assert.equal((await h.storage.calendar.book(ws, { resourceId: 'room', slotStart: MONDAY_9, reference: 'token-b:step', at: 3 })).ok, true);
  });

  test('concurrent duplicates of one reference book one seat, from two handles', async () => {
    const ws = await h.newWorkspace();
    await h.storage.calendar.saveResource(ws, { id: 'room', name: 'Room', capacity: 2, slotMinutes: 30, timeZone: 'UTC', at: 0 });
    const other = await h.openAnother();
    const attempts = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? h.storage : other).calendar.book(ws, { resourceId: 'room', slotStart: MONDAY_9, reference: 'same-token:INIT', at: i })),
    );
    assert.ok(attempts.every((a) => a.ok), JSON.stringify(attempts.filter((a) => !a.ok)));
    assert.equal(new Set(attempts.map((a) => (a.ok ? a.value.id : ''))).size, 1);
    const booked = await h.storage.calendar.listBookings(ws, 'room', { from: MONDAY_9, to: MONDAY_9 + 1 });
    assert.equal(booked.length, 1);
  });

  test('booking again with the same reference for another slot moves the booking', async () => {
    const ws = await h.newWorkspace();
    await h.storage.calendar.saveResource(ws, { id: 'room', name: 'Room', capacity: 1, slotMinutes: 30, timeZone: 'UTC', at: 0 });
    const first = await h.storage.calendar.book(ws, { resourceId: 'room', slotStart: MONDAY_9, reference: 'r', at: 1 });
    const moved = await h.storage.calendar.book(ws, { resourceId: 'room', slotStart: MONDAY_9 + 30 * 60_000, reference: 'r', at: 2 });
    assert.ok(first.ok && moved.ok);
    assert.notEqual(moved.value.id, first.value.id);
    const all = await h.storage.calendar.listBookings(ws, 'room', { from: MONDAY_9, to: MONDAY_9 + 3_600_000, includeCancelled: true });
    assert.deepEqual(all.map((b) => [b.id, b.status]), [[first.value.id, 'cancelled'], [moved.value.id, 'confirmed']]);
  });

  test('preview bookings live in the preview calendar: customers never see them, previews do until the hold ends', async () => {
    const ws = await h.newWorkspace();
    await h.storage.calendar.saveResource(ws, { id: 'room', name: 'Room', capacity: 2, slotMinutes: 30, timeZone: 'UTC', at: 0 });
    const hold = { holdUntil: 1000 };
    const a = await h.storage.calendar.book(ws, { resourceId: 'room', slotStart: MONDAY_9, reference: 'p1', at: 1, preview: hold });
    const b = await h.storage.calendar.book(ws, { resourceId: 'room', slotStart: MONDAY_9, reference: 'p2', at: 2, preview: hold });
    const c = await h.storage.calendar.book(ws, { resourceId: 'room', slotStart: MONDAY_9, reference: 'p3', at: 3, preview: hold });
    assert.equal(a.ok && a.value.preview, true);
    assert.equal(b.ok, true);
    assert.equal(c.ok ? 'ok' : c.code, 'SLOT_FULL', 'previews fill the slot for previews');
    const range = { from: MONDAY_9, to: MONDAY_9 + 1 };
    assert.deepEqual(await h.storage.calendar.listBookings(ws, 'room', range), [], 'customers see no preview booking');
    assert.equal((await h.storage.calendar.listBookings(ws, 'room', { ...range, previewAt: 500 })).length, 2);
    assert.equal((await h.storage.calendar.listBookings(ws, 'room', { ...range, previewAt: 1000 })).length, 0, 'released when the hold ends');
    // Customers still get both seats.
    assert.equal((await h.storage.calendar.book(ws, { resourceId: 'room', slotStart: MONDAY_9, reference: 'c1', at: 4 })).ok, true);
    assert.equal((await h.storage.calendar.book(ws, { resourceId: 'room', slotStart: MONDAY_9, reference: 'c2', at: 5 })).ok, true);
    // A preview after the hold: the expired holds are released; the real bookings fill the slot.
    const late = await h.storage.calendar.book(ws, { resourceId: 'room', slotStart: MONDAY_9, reference: 'p4', at: 2000, preview: { holdUntil: 3000 } });
    assert.equal(late.ok ? 'ok' : late.code, 'SLOT_FULL');
  });
});
