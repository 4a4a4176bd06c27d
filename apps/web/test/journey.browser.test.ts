import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decryptResponse, encryptRequest, signBody } from '@flowline/protocol';
import type { Browser, Page } from 'playwright-core';
import { approveThroughReview, collectConsoleErrors, launchBrowser, REPO_ROOT, screenshot, signIn, startStudioServer, type StudioServer, callApi, type ApiAnswer } from './support/studio-harness.js';

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

const api = (method: string, path: string, body?: unknown): Promise<ApiAnswer> => callApi(server, method, path, body);

async function metricValue(page: Page, label: string): Promise<string> {
  return (await page.locator(`[data-metric="${label}"] .ops-metric-value`).innerText()).trim();
}

/** Screenshots of issue 11's "Must show" (inbox item, contact page, dashboard), besides the usual artefacts. */
const SHOTS_DIR = process.env['FLOWLINE_SHOTS_DIR'] ?? join(tmpdir(), 'h11c-shots');
async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SHOTS_DIR, `${name}.png`), fullPage: true });
  await screenshot(page, name);
}

/** The server's app secret and key pair (set by the harness): requests are encrypted and signed as WhatsApp does. */
const APP_SECRET = 'browser-test-secret';
const publicKey = (): string => readFileSync(join(server.dataDir, 'keys', 'public.pem'), 'utf8');

/** One request to a Flow's data endpoint as a customer's WhatsApp client makes it; the decrypted answer. */
async function customerRequest(flowId: string, payload: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
  const { envelope, aesKey, iv } = encryptRequest({ version: '3.0', ...payload }, publicKey());
  const raw = JSON.stringify(envelope);
  const response = await fetch(`${server.baseUrl}/endpoint/${flowId}`, { method: 'POST', body: raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(raw, APP_SECRET) } });
  const text = await response.text();
  if (response.status !== 200) return { status: response.status, body: { text } };
  return { status: 200, body: decryptResponse(text, aesKey, iv) as Record<string, unknown> };
}

/** Takes the version through review (a designer submits, a reviewer approves), then publishes it from the Flow's page (confirming in the dialog when the page asks). */
async function publishLatest(page: Page, flowId: string, version: number): Promise<void> {
  await approveThroughReview(server, flowId, version);
  await page.goto(`${server.baseUrl}/flows/${flowId}`);
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  const confirm = page.getByRole('button', { name: `Publish v${version}` });
  const outcome = page.locator('.notice');
  await confirm.or(outcome).first().waitFor();
  if (await confirm.isVisible()) await confirm.click();
  await outcome.first().waitFor();
  assert.match(await outcome.first().innerText(), new RegExp(`Published v${version}\\.`));
}

/** Starts the sandbox session of a Flow message, as a tap on its button does. */
async function openOnSandbox(messageId: string): Promise<(event: Record<string, unknown>) => Promise<Record<string, unknown>>> {
  const opened = await api('POST', `/sandbox/messages/${messageId}/open`);
  assert.equal(opened.status, 200, JSON.stringify(opened.data));
  const sessionId = ((opened.data as { session: { id: string } }).session).id;
  return async (event) => {
    const res = await api('POST', `/sandbox/sessions/${sessionId}/events`, { event });
    assert.equal(res.status, 200, JSON.stringify(res.data));
    return res.data as Record<string, unknown>;
  };
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
  await shot(page, 'inbox-item');
  // The contact page: every answer of the customer behind the ticket.
  await page.getByRole('link', { name: 'Every answer of this contact' }).click();
  await page.getByText('sam@acme.example').first().waitFor();
  // Answers read in the Flow's words: the input's label beside the value, the raw JSON folded away.
  const readable = page.getByLabel(`Answers to ${FLOW_ID}`).first();
  await readable.waitFor();
  assert.equal(await readable.locator('[data-field="email"] dt').innerText(), 'Work e-mail');
  assert.equal(await readable.locator('[data-field="email"] dd').innerText(), 'sam@acme.example');
  await shot(page, 'contact');

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

test('template → edit → save version → publish: the dynamic Flow still serves its endpoint', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors = collectConsoleErrors(page);
  await signIn(page, server, '/flows/new');
  await page.getByRole('button', { name: /Appointment booking/ }).click();
  await page.getByLabel('Name', { exact: true }).fill('Journey booking');
  await page.getByRole('button', { name: 'Create Flow' }).click();
  await page.getByRole('heading', { name: 'Editor · journey-booking' }).waitFor();
  await page.locator('.json-editor .cm-content').waitFor();
  await page.getByText('No problems.').waitFor();
  // Edit: a new heading, through the property panel (the editor draws only the lines in view: scroll to it).
  const heading = page.locator('.json-editor .cm-line', { hasText: 'Choose a time' });
  for (let i = 0; i < 40 && (await heading.count()) === 0; i++) await page.locator('.json-editor .cm-scroller').evaluate((el) => el.scrollBy(0, 200));
  await heading.click();
  await page.getByRole('tab', { name: 'Properties' }).click();
  const textField = page.locator('.property-panel').getByLabel('text', { exact: true });
  await textField.waitFor();
  assert.equal(await textField.inputValue(), 'Choose a time');
  await textField.fill('Pick a time that suits you');
  await page.getByRole('button', { name: 'Save version' }).click();
  await page.getByText(/Saved as version 2/).waitFor();
  await publishLatest(page, 'journey-booking', 2);

  // A customer opens the published Flow: INIT is answered by version 2 with the calendar's real slots.
  const init = await customerRequest('journey-booking', { action: 'INIT', screen: '', data: {}, flow_token: 'journey-customer-1' });
  assert.equal(init.status, 200, `the endpoint answers INIT (issue 11 defect 1): ${JSON.stringify(init.body)}`);
  assert.equal(init.body['screen'], 'APPOINTMENT');
  const slots = (init.body['data'] as { slots?: unknown[] } | undefined)?.slots ?? [];
  assert.ok(slots.length > 1, 'real slots from the calendar');
  const versions = await api('GET', '/flows/journey-booking/versions?limit=5');
  const v2 = (versions.data as { items: { number: number; hasEndpointConfig?: boolean }[] }).items.find((v) => v.number === 2);
  assert.equal(v2?.hasEndpointConfig, true, 'version 2 kept the endpoint configuration');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a preview booking leaves the slots customers see unchanged', async () => {
  const customersSee = async (token: string): Promise<unknown> => {
    const init = await customerRequest('appointment-booking', { action: 'INIT', screen: '', data: {}, flow_token: token });
    assert.equal(init.status, 200, JSON.stringify(init.body));
    return (init.body['data'] as { slots?: unknown } | undefined)?.slots;
  };
  const before = await customersSee('slots-before');
  assert.ok(Array.isArray(before) && before.length > 0);

  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors = collectConsoleErrors(page);
  await signIn(page, server, '/preview');
  await page.getByLabel('Flow', { exact: true }).selectOption('appointment-booking');
  const phone = page.getByRole('region', { name: 'Phone preview' });
  // The first slot has room for 2: two preview bookings of it would fill it if previews booked for real.
  for (const name of ['Preview Pat', 'Preview Quinn']) {
    const times = phone.getByLabel('Available times');
    await times.waitFor();
    await page.waitForFunction(() => (document.querySelector('[aria-label="Phone preview"] select')?.querySelectorAll('option').length ?? 0) > 1);
    await times.selectOption({ index: 1 });
    await phone.getByRole('button', { name: 'Continue' }).click();
    await phone.getByLabel('Name').fill(name);
    await phone.getByLabel('Email').fill('preview@example.com');
    await phone.getByRole('button', { name: 'Book' }).click();
    await phone.getByText('You are booked').waitFor();
    await phone.getByRole('button', { name: 'Done' }).click();
    await phone.getByText('Flow completed ✓').waitFor();
    await page.getByRole('button', { name: 'Start again' }).click();
  }
  await screenshot(page, 'journey-preview-booking');
  assert.deepEqual(await customersSee('slots-after'), before, 'previews booked nothing customers can see');
  assert.deepEqual(errors, []);
  await page.close();
});

test('dashboard: after a scripted mix of sends, previews, a CLI simulation and completions, the figures are exact', async () => {
  const FLOW = 'journey-mix';
  const created = await api('POST', '/flows', { id: FLOW, name: 'Journey mix', template: 'lead-qualification' });
  assert.equal(created.status, 201, JSON.stringify(created.data));
  const contact = await api('POST', '/sandbox/contacts', { phone: '15550007777', name: 'Mix Morgan' });
  assert.equal(contact.status, 201, JSON.stringify(contact.data));
  const contactId = (contact.data as { contact: { id: string } }).contact.id;

  // Two real sends to the sandbox contact.
  for (let i = 0; i < 2; i++) assert.equal((await api('POST', '/sends', { flowId: FLOW, contactId, channel: 'sandbox' })).status, 201);
  const chat = (await api('GET', `/sandbox/chats/${contactId}`)).data as { messages: { kind: string; messageId: string }[] };
  const [first, second] = chat.messages.filter((m) => m.kind === 'flow');
  assert.ok(first !== undefined && second !== undefined);
  // The first is completed (COMPANY → endpoint → SMALL_BUSINESS → complete).
  const one = await openOnSandbox(first.messageId);
  await one({ type: 'fill', name: 'company', value: 'Mix Bakery' });
  await one({ type: 'fill', name: 'employees', value: '3' });
  const next = await one({ type: 'press', target: 'footer' });
  assert.equal((next['screen'] as { id?: string } | undefined)?.id, 'SMALL_BUSINESS', JSON.stringify(next).slice(0, 600));
  await one({ type: 'fill', name: 'email', value: 'morgan@mix.example' });
  const done = await one({ type: 'press', target: 'footer' });
  assert.equal((done['state'] as { status: { kind: string } }).status.kind, 'completed');
  // The second is opened and left on SMALL_BUSINESS.
  const two = await openOnSandbox(second.messageId);
  await two({ type: 'fill', name: 'company', value: 'Mix Two' });
  await two({ type: 'fill', name: 'employees', value: '5' });
  await two({ type: 'press', target: 'footer' });

  // Three studio previews of the endpoint.
  for (let i = 0; i < 3; i++) {
    const res = await api('POST', '/preview/endpoint', { flowId: FLOW, request: { action: 'data_exchange', screen: 'COMPANY', data: { company: `Preview ${i}`, employees: '2' }, flow_token: `mix-preview-${i}` } });
    assert.equal(res.status, 200, JSON.stringify(res.data));
  }
  // A CLI simulation against the server's endpoint, completed (the real `flowline simulate --endpoint`).
  const dir = mkdtempSync(join(tmpdir(), 'flowline-mix-'));
  try {
    const version = (await api('GET', `/flows/${FLOW}/versions/1`)).data as { flowJson: unknown };
    writeFileSync(join(dir, 'mix.flow.json'), typeof version.flowJson === 'string' ? version.flowJson : JSON.stringify(version.flowJson));
    writeFileSync(join(dir, 'public.pem'), publicKey());
    const run = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', join(REPO_ROOT, 'apps', 'cli', 'src', 'bin.ts'), 'simulate', join(dir, 'mix.flow.json'), '--screen', 'COMPANY',
      '--endpoint', `${server.baseUrl}/endpoint/${FLOW}`, '--public-key', join(dir, 'public.pem'), '--app-secret', APP_SECRET], {
      cwd: REPO_ROOT, encoding: 'utf8', input: 'company = Simulated Co\nemployees = 4\npress footer\nemail = sim@example.com\npress footer\n', env: { ...process.env, NO_COLOR: '1' },
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /The Flow completed/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // Everything above is stored before the completed send's answer is routed and the metrics read it.
  for (let i = 0; i < 50; i++) {
    const m = (await api('GET', `/flows/${FLOW}/metrics`)).data as { submissions: number; opens: number | null };
    if (m.submissions === 1 && m.opens === 2) break;
    await new Promise((r) => setTimeout(r, 200));
  }

  const page = await browser.newPage({ viewport: { width: 1440, height: 1100 } });
  const errors = collectConsoleErrors(page);
  await signIn(page, server, `/dashboards/${FLOW}`);
  await page.getByRole('list', { name: 'Figures' }).waitFor();
  // Only the two sends' sessions count: not the previews, not the simulation.
  assert.equal(await metricValue(page, 'Sends'), '2');
  assert.equal(await metricValue(page, 'Opens'), '2');
  assert.equal(await metricValue(page, 'Submissions'), '1');
  assert.equal(await metricValue(page, 'Completion rate'), '50 %');
  assert.equal(await metricValue(page, 'Drop-off step'), 'SMALL_BUSINESS');
  // The Flow has no routing rules: accuracy is unknown, with the reason, not 100 %.
  assert.equal(await metricValue(page, 'Routing accuracy'), 'Unknown');
  assert.match(await page.locator('[data-metric="Routing accuracy"]').innerText(), /No routing rules/);
  const funnel = await page.locator('figure', { hasText: 'Per-screen funnel' }).locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  assert.deepEqual(funnel, [['COMPANY', '2', '0'], ['ENTERPRISE', '0', '0'], ['SMALL_BUSINESS (drop-off step)', '2', '1']]);
  await shot(page, 'dashboard');

  // A static Flow (no endpoint), sent twice and completed twice: WhatsApp reports nothing before completion,
  // so opens and the funnel are unknown — not 0 beside 100 % completion.
  for (let i = 0; i < 2; i++) assert.equal((await api('POST', '/sends', { flowId: 'registration', contactId, channel: 'sandbox' })).status, 201);
  const messages = ((await api('GET', `/sandbox/chats/${contactId}`)).data as { messages: { kind: string; messageId: string }[] }).messages.filter((m) => m.kind === 'flow').slice(-2);
  for (const message of messages) {
    const customer = await openOnSandbox(message.messageId);
    await customer({ type: 'fill', name: 'first_name', value: 'Mix' });
    await customer({ type: 'fill', name: 'last_name', value: 'Morgan' });
    await customer({ type: 'fill', name: 'email', value: 'morgan@mix.example' });
    await customer({ type: 'press', target: 'footer' });
    await customer({ type: 'fill', name: 'terms', value: true });
    const finished = await customer({ type: 'press', target: 'footer' });
    assert.equal((finished['state'] as { status: { kind: string } }).status.kind, 'completed', JSON.stringify(finished));
  }
  for (let i = 0; i < 50; i++) {
    if (((await api('GET', '/flows/registration/metrics')).data as { submissions: number }).submissions === 2) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  await page.getByLabel('Flow', { exact: true }).selectOption('registration');
  await page.locator('[data-metric="Opens"][data-unknown="static_flow"]').waitFor();
  assert.equal(await metricValue(page, 'Sends'), '2');
  assert.equal(await metricValue(page, 'Submissions'), '2');
  assert.equal(await metricValue(page, 'Completion rate'), '100 %');
  assert.equal(await metricValue(page, 'Opens'), 'Unknown');
  assert.match(await page.locator('[data-metric="Opens"]').innerText(), /no data endpoint/);
  assert.equal(await metricValue(page, 'Drop-off step'), 'Unknown');
  assert.match(await page.locator('[data-unknown="funnel"]').innerText(), /Unknown: .*only known at completion/);
  assert.equal(await page.locator('figure', { hasText: 'Per-screen funnel' }).locator('canvas').count(), 0, 'no all-zero funnel chart');
  assert.match(await page.locator('[data-unknown="endpointLatency"]').innerText(), /Unknown: the Flow has no data endpoint/);
  await shot(page, 'dashboard-static-flow');
  assert.deepEqual(errors, []);
  await page.close();
});
