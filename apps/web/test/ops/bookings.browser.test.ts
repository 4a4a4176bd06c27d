import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { collectConsoleErrors, launchBrowser, screenshot, signIn, startStudioServer, type StudioServer, callApi, type ApiAnswer } from '../support/studio-harness.js';

let server: StudioServer;
let browser: Browser;

before(async () => {
  server = await startStudioServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const api = (method: string, path: string, body?: unknown): Promise<ApiAnswer> => callApi(server, method, path, body);

test('bookings: an operator sees who booked, reschedules one booking and cancels another; the freed slots are offered again', async () => {
  // A resource of its own, open every day around the clock in UTC, one seat per hour.
  const hours = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '00:00', closes: '23:59' }));
  assert.equal((await api('PUT', '/calendar/resources/consult', { name: 'Video consultation', capacity: 1, slotMinutes: 60, timeZone: 'UTC', openingHours: hours })).status, 200);
  const contact = await api('POST', '/contacts', { phone: '+351912345678', name: 'Beatriz Lopes', optedIn: true });
  const contactId = contact.data['id'] as string;
  const free = (await api('GET', '/calendar/resources/consult/slots?days=2')).data['items'] as Array<{ id: string }>;
  const [first, second, target] = free;
  assert.ok(first !== undefined && second !== undefined && target !== undefined);
  const ids: string[] = [];
  for (const slot of [first, second]) {
    const made = await api('POST', '/calendar/resources/consult/bookings', { contactId, slot: slot.id });
    assert.equal(made.status, 201);
    ids.push(made.data['id'] as string);
  }

  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors = collectConsoleErrors(page);
  await signIn(page, server, '/bookings?resource=consult');
  await page.getByRole('heading', { name: 'Bookings', level: 1 }).waitFor();
  const rows = page.locator('tr[data-booking]');
  await rows.nth(1).waitFor();
  assert.equal(await rows.count(), 2);
  assert.match(await rows.first().innerText(), /Beatriz Lopes/);
  // Booked slots are not offered; the target is.
  const offered = page.getByRole('list', { name: 'Free slots' });
  assert.equal(await offered.locator(`li[data-slot="${first.id}"]`).count(), 0);
  assert.equal(await offered.locator(`li[data-slot="${target.id}"]`).count(), 1);
  await screenshot(page, 'ops-bookings');

  // Reschedule the first booking to the target slot.
  const firstRow = page.locator(`tr[data-booking="${ids[0] ?? ''}"]`);
  await firstRow.getByLabel('Move to').selectOption(target.id);
  await firstRow.getByRole('button', { name: 'Reschedule' }).click();
  await page.getByText(/^Moved to \w{3} \d+ \w{3}, \d{2}:\d{2}\.$/).waitFor();
  await offered.locator(`li[data-slot="${first.id}"]`).waitFor();
  assert.equal(await offered.locator(`li[data-slot="${target.id}"]`).count(), 0);

  // Cancel the other one (a confirm dialog first).
  page.once('dialog', (dialog) => void dialog.accept());
  const secondRow = page.locator(`tr[data-booking="${ids[1] ?? ''}"]`);
  await secondRow.getByRole('button', { name: 'Cancel' }).click();
  await page.getByText(/the seat is offered again/).waitFor();
  await offered.locator(`li[data-slot="${second.id}"]`).waitFor();
  await screenshot(page, 'ops-bookings-after');

  // The API agrees: one confirmed booking left, at the target slot.
  const left = (await api('GET', '/calendar/resources/consult/bookings')).data['items'] as Array<{ status: string; contact: { id: string } }>;
  assert.equal(left.length, 1);
  assert.equal(left[0]?.contact.id, contactId);
  assert.deepEqual(errors, []);
  await page.close();
});
