import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { collectConsoleErrors, launchBrowser, screenshot, signIn, startStudioServer, type StudioServer } from './support/studio-harness.js';

// The cross-page journey of issue 6, through the UI only: template → routing rule → sandbox send →
// completion on the sandbox phone (server-side runtime, real endpoint, real encryption) → ticket in the
// inbox → figures on the dashboard; a failing webhook delivery is retried from the deliveries page; and
// the editor-less preview of a dynamic Flow shows the endpoint's real data.

let server: StudioServer;
let browser: Browser;
/** A loopback downstream for the webhook action: refuses (410, permanent) until `sinkAccepts`. */
let sink: Server;
let sinkAccepts = false;
const sinkHits: { status: number; body: string }[] = [];

before(async () => {
  sink = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => { body += d.toString(); });
    req.on('end', () => {
      const status = sinkAccepts ? 200 : 410;
      sinkHits.push({ status, body });
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((done) => sink.listen(0, '127.0.0.1', done));
  // Loopback outbound HTTP is allowed so the webhook reaches the sink (the default refuses private addresses).
  server = await startStudioServer({ FLOWLINE_ALLOW_PRIVATE_HTTP: 'loopback' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((done) => sink?.close(done));
});

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; data: unknown }> {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${server.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, data: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

async function metricValue(page: Page, label: string): Promise<string> {
  return (await page.locator(`[data-metric="${label}"] .ops-metric-value`).innerText()).trim();
}

const FLOW_ID = 'journey-leads';

test('journey: a Flow from a template, routed to a ticket, sent to a sandbox contact, completed on the phone, seen in the inbox and the dashboard', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors = collectConsoleErrors(page);

  // 1. Create the Flow from the Lead qualification template (a dynamic Flow: its Next calls the endpoint).
  await signIn(page, server, '/flows/new');
  await page.getByRole('button', { name: /Lead qualification/ }).click();
  await page.getByLabel('Name', { exact: true }).fill('Journey leads');
  assert.equal(await page.getByLabel('Id').inputValue(), FLOW_ID);
  await page.getByRole('button', { name: 'Create Flow' }).click();
  await page.getByRole('heading', { name: `Editor · ${FLOW_ID}` }).waitFor();
  // The side navigation keeps "Flows" highlighted on the Flow's pages.
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Flows' }).getAttribute('aria-current'), 'page');

  // 2. A routing rule, written in the routing editor: small companies become a sales ticket and a webhook call.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Routing' }).click();
  await page.getByRole('heading', { name: 'Routing', level: 1 }).waitFor();
  await page.goto(`${server.baseUrl}/routing/${FLOW_ID}`);
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Routing' }).getAttribute('aria-current'), 'page');
  await page.getByRole('button', { name: 'Add rule' }).click();
  const rule = page.locator('fieldset.ops-rule').last();
  await rule.getByLabel('Rule name').fill('Small teams to sales');
  await rule.getByLabel('Field', { exact: true }).selectOption('segment');
  await rule.getByLabel('Operator').selectOption('equals');
  await rule.getByLabel('Value').fill('small');
  await rule.getByLabel('queue *').fill('sales');
  await rule.getByRole('button', { name: 'Add action' }).click();
  const second = rule.locator('[id$="-a1-type"]');
  await second.selectOption('webhook');
  await rule.locator('[id$="-a1-url"]').fill(`http://127.0.0.1:${(sink.address() as AddressInfo).port}/leads`);
  await rule.locator('[id$="-a1-secret"]').fill('journey-secret');
  await page.getByRole('button', { name: 'Save rules' }).click();
  await page.getByText(/Saved \d+ rules?\./).waitFor();

  // 3. A sandbox contact receives the Flow.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sandbox phone' }).click();
  await page.getByRole('heading', { name: 'Sandbox phone', level: 1 }).waitFor();
  await page.getByLabel('Phone').fill('15550004242');
  await page.getByLabel('Name').fill('Sandbox Sam');
  await page.getByRole('button', { name: 'Add contact' }).click();
  await page.getByLabel('Flow to send').selectOption(FLOW_ID);
  await page.getByRole('button', { name: 'Send to this contact' }).click();
  const flowMessage = page.locator('[data-kind="flow"]').last();
  await flowMessage.waitFor();

  // 4. Completed on the sandbox phone: Next calls the Flow's endpoint (encrypted, server-side), which picks the screen.
  await flowMessage.getByRole('button').click();
  const phone = page.getByRole('region', { name: 'Phone preview' });
  await phone.waitFor();
  await phone.getByLabel('Company', { exact: true }).fill('Acme Bakery');
  await phone.getByLabel('Employees', { exact: true }).fill('4');
  await phone.getByRole('button', { name: 'Next' }).click();
  await phone.getByLabel('Work e-mail').waitFor();
  await screenshot(page, 'journey-sandbox-phone');
  await phone.getByLabel('Work e-mail').fill('sam@acme.example');
  await phone.getByRole('button', { name: 'Send me the link' }).click();
  await page.getByText('Response sent').first().waitFor();
  // The chat keeps the customer's reply with its summary.
  await page.locator('[data-kind="flow_reply"]').filter({ hasText: 'sam@acme.example' }).waitFor({ timeout: 15_000 });
  await screenshot(page, 'journey-sandbox-chat');

  // 5. The routed ticket appears in the inbox.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
  await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
  let ticket = undefined as { id: string; title: string } | undefined;
  for (let i = 0; i < 50 && ticket === undefined; i++) {
    const items = (await api('GET', '/inbox?queue=sales&limit=5')).data as { items: { id: string; title: string; queue: string }[] };
    ticket = items.items.find((t) => t.queue === 'sales');
    if (ticket === undefined) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(ticket !== undefined, 'the routing rule created a ticket in queue sales');
  await page.getByLabel('Queue').fill('sales');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.getByRole('button', { name: ticket.title }).first().click();
  await page.getByLabel('Assign to').fill('maria');
  await page.getByRole('button', { name: 'Assign' }).click();
  await page.getByText('Assigned to maria.').waitFor();
  await screenshot(page, 'journey-inbox');

  // 6. The dashboard counts the send, the open and the completion.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboards' }).click();
  await page.getByLabel('Flow', { exact: true }).selectOption(FLOW_ID);
  await page.getByRole('list', { name: 'Figures' }).waitFor();
  assert.equal(await metricValue(page, 'Sends'), '1');
  assert.equal(await metricValue(page, 'Opens'), '1');
  assert.equal(await metricValue(page, 'Submissions'), '1');
  assert.match(await metricValue(page, 'Completion rate'), /^100/);
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboards' }).getAttribute('aria-current'), 'page');
  await screenshot(page, 'journey-dashboard');
  assert.deepEqual(errors, []);
  await page.close();
});

test('deliveries: the refused webhook is a dead letter; Retry from the page delivers it once the downstream accepts', async () => {
  // The journey above routed one webhook action to the sink, which refused it with 410 (permanent).
  let dead: { id: string } | undefined;
  for (let i = 0; i < 75 && dead === undefined; i++) {
    const list = (await api('GET', '/deliveries?status=dead&limit=10')).data as { items: { id: string; kind: string }[] };
    dead = list.items.find((d) => d.kind === 'webhook');
    if (dead === undefined) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(dead !== undefined, 'the refused webhook became a dead letter');
  assert.equal(sinkHits.length, 1);
  assert.equal(sinkHits[0]?.status, 410);
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors = collectConsoleErrors(page);
  await signIn(page, server, '/deliveries?status=dead');
  await page.getByRole('heading', { name: 'Deliveries', level: 1 }).waitFor();
  const row = page.locator('tr').filter({ hasText: 'webhook' }).first();
  await row.getByText(/410/).waitFor();
  await screenshot(page, 'journey-deliveries-dead');
  sinkAccepts = true;
  await row.getByRole('button', { name: /Retry/ }).click();
  let status = '';
  for (let i = 0; i < 75 && status !== 'delivered'; i++) {
    const one = (await api('GET', '/deliveries?limit=20')).data as { items: { id: string; status: string }[] };
    status = one.items.find((d) => d.id === dead?.id)?.status ?? '';
    if (status !== 'delivered') await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(status, 'delivered');
  assert.equal(sinkHits.at(-1)?.status, 200);
  assert.match(sinkHits.at(-1)?.body ?? '', /sam@acme\.example/);
  await page.getByLabel('Status').selectOption('');
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.locator('tr').filter({ hasText: 'webhook' }).filter({ hasText: 'delivered' }).first().waitFor();
  await screenshot(page, 'journey-deliveries');
  assert.deepEqual(errors, []);
  await page.close();
});

test('preview: the seeded appointment-booking Flow shows real slots from the endpoint', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors = collectConsoleErrors(page);
  await signIn(page, server, '/preview');
  await page.getByLabel('Flow', { exact: true }).selectOption('appointment-booking');
  const phone = page.getByRole('region', { name: 'Phone preview' });
  await phone.getByText('Book an appointment').first().waitFor();
  // The INIT request went to the server's endpoint, which read the built-in calendar.
  await page.locator('.preview-log li', { hasText: 'Endpoint answered' }).first().waitFor({ state: 'attached' });
  const text = await phone.innerText();
  const slots = text.match(/Hair · \w{3} \d{1,2} \w{3} \d{2}:\d{2}/g) ?? [];
  assert.ok(slots.length > 1, `several real slots, not the one __example__: ${text.slice(0, 300)}`);
  assert.equal(await page.locator('#manual-response').count(), 0, 'no manual answer box: the endpoint answered');
  await screenshot(page, 'preview-dynamic');
  assert.deepEqual(errors, []);
  await page.close();
});
