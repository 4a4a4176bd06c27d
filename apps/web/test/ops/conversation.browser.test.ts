import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildStudio, collectConsoleErrors, freePort, launchBrowser, REPO_ROOT, screenshot, signIn, type StudioServer, jpegSize, callApi, type ApiAnswer } from '../support/studio-harness.js';

// Issue 12 §2, §3, §4 and §7 through the studio: a sandbox customer completes the support-triage Flow
// with a photo (its bytes uploaded from the sandbox phone), the ticket shows the readable answers with
// the photo and the chat, the operator asks a clarifying question, the customer answers in the sandbox
// chat, the operator resolves, and the dashboard counts exactly those messages.
// The server runs in this process with an injected clock, so the test can step past the 24-hour window.

/**
 * The part of `@flowline/server` this test uses. The package is loaded at run time: a static import would
 * type-check the Node-only server (and its worker) under the studio's DOM types, where Node's Buffer is no BodyInit.
 */
interface ServerPackage {
  parseServerConfig(env: Record<string, string>): { ok: true; config: unknown } | { ok: false; errors: string[] };
  listen(config: unknown, log: unknown, options: { now: () => Date }): Promise<ListeningServer>;
  silentLogger: unknown;
}
interface ListeningServer {
  readonly port: number;
  readonly context: {
    readonly workspaceId: string;
    readonly storage: { readonly whatsapp: { saveTemplate(workspaceId: string, template: Record<string, unknown>): Promise<unknown> } };
  };
  close(): Promise<void>;
}
const SERVER_PACKAGE = '@flowline/server';

const HOUR = 3_600_000;
const FLOW_ID = 'support-triage';
/** A real JPEG (the shared media vector's plaintext), as the customer's photo of the crushed parcel. */
const PHOTO = readFileSync(join(REPO_ROOT, '..', 'shared', 'corpus', 'crypto', 'pywa_media_expected_plaintext.jpg'));
const PHOTO_NAME = 'crushed-parcel.jpg';
/** How far the server's clock is ahead of the wall clock (moved to leave the 24-hour window). */
let clockOffsetMs = 0;
let listening: ListeningServer;
let server: StudioServer;
let browser: Browser;
let dataDir: string;

before(async () => {
  buildStudio();
  dataDir = mkdtempSync(join(tmpdir(), 'flowline-conversation-'));
  const token = `flt_test_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const port = await freePort();
  // Boundary: the package's own exports, described by ServerPackage above.
  const { listen, parseServerConfig, silentLogger } = (await import(SERVER_PACKAGE)) as ServerPackage;
  const parsed = parseServerConfig({
    PORT: String(port), HOST: '127.0.0.1', FLOWLINE_WORKERS: '1', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_ADMIN_TOKEN: token,
    FLOWLINE_KEY_PASSPHRASE: 'browser-test-passphrase', FLOWLINE_APP_SECRET: 'browser-test-secret',
  });
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.errors.join('; '));
  listening = await listen(parsed.config, silentLogger, { now: () => new Date(Date.now() + clockOffsetMs) });
  server = { baseUrl: `http://127.0.0.1:${listening.port}`, token, dataDir, stop: () => listening.close() };
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await listening?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const api = (method: string, path: string, body?: unknown): Promise<ApiAnswer> => callApi(server, method, path, body);

/** Picks a radio option on the sandbox phone: each choice is a runtime event answered by the server, so wait until it shows as chosen. */
async function choose(page: Page, option: ReturnType<Page['getByLabel']>): Promise<void> {
  await option.click();
  const handle = await option.elementHandle();
  await page.waitForFunction((el) => el instanceof HTMLInputElement && el.checked, handle);
}

async function openTicket(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
  await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
  await page.getByLabel('Queue').fill('support');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.getByRole('button', { name: title }).first().click();
}

test('conversation: answers and photo and chat beside the ticket, a clarification answered in the sandbox, back-and-forth counted; templates outside the window', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
  const errors = collectConsoleErrors(page);
  await signIn(page, server, '/sandbox');

  // 1. A sandbox customer completes the support-triage Flow on the sandbox phone, with a photo of the problem.
  await page.getByRole('heading', { name: 'Sandbox phone', level: 1 }).waitFor();
  await page.getByLabel('Phone').fill('15550007777');
  await page.getByLabel('Name').fill('Cleo');
  await page.getByRole('button', { name: 'Add contact' }).click();
  await page.getByLabel('Flow to send').selectOption(FLOW_ID);
  await page.getByRole('button', { name: 'Send to this contact' }).click();
  const flowMessage = page.locator('[data-kind="flow"]').last();
  await flowMessage.waitFor();
  await flowMessage.getByRole('button').click();
  const phone = page.getByRole('region', { name: 'Phone preview' });
  await choose(page, phone.getByLabel('Delivery'));
  await phone.getByRole('button', { name: 'Next' }).click();
  await choose(page, phone.getByLabel('It slows me down'));
  await phone.getByLabel('What happened?').fill('The parcel arrived crushed');
  // The photo's bytes go to the server (a real upload), and the picker is filled with its reference.
  await phone.getByLabel('Photo of the problem').setInputFiles({ name: PHOTO_NAME, mimeType: 'image/jpeg', buffer: PHOTO });
  await phone.getByText(PHOTO_NAME).waitFor();
  await screenshot(page, 'conversation-sandbox-photo');
  await phone.getByRole('button', { name: 'Send', exact: true }).click();
  await phone.getByRole('button', { name: 'Send to support' }).click();
  await page.getByText('Response sent').first().waitFor();

  let ticket: { id: string; title: string; contactId: string } | undefined;
  for (let i = 0; i < 100 && ticket === undefined; i++) {
    const items = (await api('GET', '/inbox?queue=support&limit=5')).data as { items: { id: string; title: string; contactId: string }[] };
    ticket = items.items[0];
    if (ticket === undefined) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(ticket, 'routing opened a support ticket');

  // 2. The ticket shows the readable answers with the photo, and the chat, with the Flow's cards where it was sent and completed.
  await openTicket(page, ticket.title);
  const answers = page.locator('.ops-detail').getByLabel('Answers', { exact: true });
  await answers.waitFor();
  assert.equal(await answers.locator('[data-field="description"] dd').innerText(), 'The parcel arrived crushed');
  const thumbnail = answers.locator(`[data-field="photo"] img[alt="${PHOTO_NAME}"]`);
  await thumbnail.waitFor();
  // Decoded by the browser: the vector's JPEG, with the size its frame header gives.
  await thumbnail.evaluate((img: HTMLImageElement) => img.decode());
  assert.deepEqual(await thumbnail.evaluate((img: HTMLImageElement) => [img.complete, img.naturalWidth, img.naturalHeight]), [true, ...jpegSize(PHOTO)]);
  assert.match(await answers.locator('[data-field="photo"] dd').innerText(), new RegExp(`^1 file: ${PHOTO_NAME.replace('.', '\\.')}`));
  const stored = (await api('GET', `/inbox/${ticket.id}`)).data as { submissionId: string };
  const media = (await api('GET', `/submissions/${stored.submissionId}/media`)).data as { items: { field: string; status: string; size: number }[] };
  assert.deepEqual(media.items.map((m) => [m.field, m.status, m.size]), [['photo', 'stored', PHOTO.length]]);
  const chat = page.getByRole('region', { name: 'Conversation' });
  const completed = chat.getByLabel(`Flow completed: Support triage`);
  await completed.waitFor();
  assert.equal(await completed.getByLabel(`Answers to ${FLOW_ID}`).locator('[data-field="description"] dd').innerText(), 'The parcel arrived crushed');
  await chat.getByLabel('Flow sent: Support triage').waitFor();
  await screenshot(page, 'conversation-ticket-photo');

  // 3. The operator asks a clarifying question (inside the 24-hour window: the reply box is there). The
  // question is kept as a quick reply first, inserted again, reworded and updated; it is deleted once sent.
  const question = 'Sorry about that! Is the product inside damaged too?';
  await chat.getByLabel('Reply to Cleo').fill('Is the product damaged?');
  await chat.getByLabel('Quick reply title').fill('Damage inside');
  await chat.getByRole('button', { name: 'Save as quick reply' }).click();
  await chat.getByText('Saved as quick reply "Damage inside".').waitFor();
  await chat.getByLabel('Reply to Cleo').fill('');
  await chat.getByLabel('Quick reply', { exact: true }).selectOption({ label: 'Damage inside' });
  assert.equal(await chat.getByLabel('Reply to Cleo').inputValue(), 'Is the product damaged?');
  await chat.getByLabel('Reply to Cleo').fill(question);
  await chat.getByRole('button', { name: 'Update "Damage inside"' }).click();
  await chat.getByText('Quick reply "Damage inside" now reads as above.').waitFor();
  const saved = (await api('GET', '/quick-replies')).data as { items: { title: string; text: string }[] };
  assert.deepEqual(saved.items.map((r) => [r.title, r.text]), [['Damage inside', question]]);
  await chat.getByRole('button', { name: 'Send reply' }).click();
  await chat.locator('[data-author="operator"]').filter({ hasText: 'Is the product inside damaged too?' }).waitFor();
  await screenshot(page, 'conversation-inbox-chat');
  await chat.getByRole('button', { name: 'Delete "Damage inside"' }).click();
  await chat.getByText('Quick reply "Damage inside" deleted.').waitFor();
  assert.deepEqual(((await api('GET', '/quick-replies')).data as { items: unknown[] }).items, []);

  // 4. The customer answers in the sandbox chat's compose box.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sandbox phone' }).click();
  await page.getByRole('button', { name: /Cleo/ }).click();
  await page.locator('.ops-bubble').filter({ hasText: 'Is the product inside damaged too?' }).waitFor();
  await page.getByLabel('Write as the customer').fill('Yes, the lid is cracked');
  await page.getByRole('button', { name: 'Send as customer' }).click();
  await page.locator('.ops-bubble.ops-customer').filter({ hasText: 'Yes, the lid is cracked' }).waitFor();
  await screenshot(page, 'conversation-sandbox-compose');

  // 5. The operator sees the answer beside the ticket and resolves it.
  await openTicket(page, ticket.title);
  await chat.locator('[data-author="customer"]').filter({ hasText: 'Yes, the lid is cracked' }).waitFor();
  await page.getByRole('button', { name: 'Resolve', exact: true }).click();
  await page.getByText('Resolved.').waitFor();

  // 6. The dashboard counts exactly those two messages (the customer's "Hi" came before the answer; Flow messages are automated).
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboards' }).click();
  await page.getByLabel('Flow', { exact: true }).selectOption(FLOW_ID);
  const table = page.getByRole('region', { name: 'Back-and-forth' });
  await table.waitFor();
  const cell = (metric: string, side: 'flow' | 'without') => table.locator(`[data-back-and-forth="${metric}"] td[data-side="${side}"]`).innerText();
  assert.equal(await cell('tickets', 'flow'), '1');
  assert.equal(await cell('messages', 'flow'), '2');
  assert.equal(await cell('per-ticket', 'flow'), '2.0');
  assert.equal(await cell('no-clarification', 'flow'), '0 %');
  assert.equal(await cell('tickets', 'without'), '0');
  // The completion rate sits beside it, on the same page.
  await page.locator('[data-metric="Completion rate"]').waitFor();
  await screenshot(page, 'conversation-dashboard-back-and-forth');

  // 7. A day later (the server's clock moves 25 hours): the reply box gives way to the approved templates.
  await listening.context.storage.whatsapp.saveTemplate(listening.context.workspaceId, {
    name: 'support_follow_up', language: 'en_US', graphTemplateId: '424242', category: 'UTILITY', flowId: FLOW_ID, graphFlowId: '777', status: 'APPROVED', components: [], at: Date.now(),
  });
  clockOffsetMs = 25 * HOUR;
  await page.goto(`${server.baseUrl}/contacts/${encodeURIComponent(ticket.contactId)}`);
  const later = page.getByRole('region', { name: 'Conversation' });
  const templates = later.getByLabel('Approved templates');
  await templates.waitFor();
  assert.match(await templates.innerText(), /Outside the 24-hour customer service window/);
  await templates.getByRole('button', { name: 'Send template support_follow_up (en_US)' }).waitFor();
  assert.equal(await later.getByLabel('Reply to Cleo').count(), 0, 'no free-text reply box outside the window');
  // The API refuses a reply too, naming the window and the templates.
  const refused = await api('POST', `/conversations/${ticket.contactId}/messages`, { text: 'Still there?' });
  assert.equal(refused.status, 409);
  assert.equal((refused.data as { error: { code: string } }).error.code, 'OUTSIDE_SERVICE_WINDOW');
  await screenshot(page, 'conversation-outside-window');
  assert.deepEqual(errors, []);
});
