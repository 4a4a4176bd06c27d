import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { collectConsoleErrors, issueToken, launchBrowser, screenshot, signIn, startStudioServer, type StudioServer } from '../support/studio-harness.js';

// Issue 12 part 8: an admin erases a contact from the contact page, after a confirmation that says what
// will happen, and sees it anonymised with its answers still counted.

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

type Json = Record<string, unknown>;

async function api(method: string, path: string, body?: unknown): Promise<Json> {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${server.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text === '' ? {} : (JSON.parse(text) as Json);
}

/** A sandbox customer who completes the lead-qualification Flow, through the sandbox API (the real endpoint and webhook). */
async function customerWithAnAnswer(name: string, company: string): Promise<string> {
  const created = await api('POST', '/sandbox/contacts', { phone: '+1 555 013 7799', name });
  const contactId = String((created['contact'] as Json)['id']);
  await api('POST', '/sends', { flowId: 'lead-qualification', contactId, channel: 'sandbox', body: 'Tell us about your company', cta: 'Start' });
  const chat = await api('GET', `/sandbox/chats/${contactId}`);
  const message = (chat['messages'] as Json[]).find((m) => m['kind'] === 'flow');
  const opened = await api('POST', `/sandbox/messages/${String(message?.['messageId'])}/open`);
  const sessionId = String((opened['session'] as Json)['id']);
  const step = (event: Json) => api('POST', `/sandbox/sessions/${sessionId}/events`, { event });
  await step({ type: 'fill', name: 'company', value: company });
  await step({ type: 'fill', name: 'employees', value: '6' });
  await step({ type: 'press', target: 'footer' });
  await step({ type: 'fill', name: 'email', value: 'erin@erasure.example' });
  await step({ type: 'press', target: 'footer' });
  for (let i = 0; i < 100; i++) {
    const answers = await api('GET', `/contacts/${contactId}/answers`);
    if ((answers['answers'] as unknown[]).length > 0) return contactId;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the submission never arrived');
}

test('an admin erases a contact from its page after a confirmation; the page shows it anonymised, answers still counted', async () => {
  const contactId = await customerWithAnAnswer('Erin Eraseme', 'Eraseme Bakery');
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = collectConsoleErrors(page);
  await signIn(page, server, `/contacts/${contactId}`);
  await page.getByRole('heading', { name: 'Erin Eraseme', level: 1 }).waitFor();
  await page.getByText('Eraseme Bakery').first().waitFor();
  await page.getByRole('button', { name: 'Erase contact' }).click();
  const confirmation = page.getByRole('region', { name: 'Erase contact' });
  await confirmation.getByRole('heading', { name: 'Erase Erin Eraseme?' }).waitFor();
  const said = await confirmation.innerText();
  for (const promise of [/tombstone/, /Every answer they gave/, /cancelled/, /Counts stay/, /cannot be undone/, /Meta keeps its own copies/]) assert.match(said, promise);
  await screenshot(page, 'ops-contact-erase-confirm');
  await confirmation.getByRole('button', { name: 'Erase permanently' }).click();
  await page.getByRole('heading', { name: 'Erased contact', level: 1 }).waitFor();
  await page.getByText(/Contact erased: \d+ rows redacted\./).waitFor();
  await page.getByText(/Erased on request on/).waitFor();
  await page.getByRole('heading', { name: 'Answers (1)' }).waitFor();
  const shown = await page.locator('main').innerText();
  for (const value of ['Erin Eraseme', 'Eraseme Bakery', 'erin@erasure.example', '5550137799']) assert.ok(!shown.includes(value), `the page no longer shows ${value}: ${shown.slice(Math.max(0, shown.indexOf(value) - 300), shown.indexOf(value) + 100)}`);
  assert.match(shown, new RegExp(`erased:${contactId}`));
  assert.equal(await page.getByRole('button', { name: 'Erase contact' }).count(), 0, 'an erased contact offers no second erasure');
  await screenshot(page, 'ops-contact-erased');
  assert.deepEqual(errors, []);
  await page.close();
  const audit = await api('GET', `/audit?action=contact.erase`);
  const entry = (audit['items'] as Json[]).find((e) => e['targetId'] === contactId);
  assert.ok(entry !== undefined, 'the erasure is in the audit log');
  assert.ok(!JSON.stringify(entry).includes('Eraseme'), 'the audit entry holds counts, not the erased data');
});

test('an operator sees no "Erase contact" action (admins only)', async () => {
  const contacts = await api('GET', '/contacts?limit=5');
  const contactId = String(((contacts['items'] as Json[])[0] ?? {})['id']);
  const operator = await issueToken(server, 'operator', 'erasure-operator');
  const page = await browser.newPage();
  await signIn(page, server, `/contacts/${contactId}`, operator);
  await page.getByRole('heading', { level: 2, name: /Answers/ }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Erase contact' }).count(), 0);
  await page.close();
});
