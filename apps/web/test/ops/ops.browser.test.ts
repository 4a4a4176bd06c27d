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
  await rule.getByLabel('Rule name').fill('Small teams');
  await rule.getByLabel('Field').fill('segment');
  await rule.getByLabel('Operator').selectOption('equals');
  await rule.getByLabel('Value').fill('small');
  await rule.getByLabel('queue *').fill('sales');
  await page.getByLabel('Sample answer (JSON)').fill('{"segment": "small", "company": "Acme"}');
  await page.getByRole('button', { name: 'Test rules' }).click();
  const result = page.getByRole('status', { name: 'Routing test result' });
  await result.waitFor();
  assert.match(await result.innerText(), /Matched: .*Small teams/);
  assert.match(await result.innerText(), /ticket/);
  await page.getByLabel('Sample answer (JSON)').fill('{"segment": "enterprise", "company": "Acme"}');
  await page.getByRole('button', { name: 'Test rules' }).click();
  await page.getByText(/No rule matched|Matched: (?!.*Small teams)/).first().waitFor();
  await page.getByRole('button', { name: 'Save rules' }).click();
  await page.getByText(/Saved \d+ rules?\./).waitFor();
  const stored = await api('GET', `/flows/${flowId}/routing`);
  const names = (stored.data as { rules: { name: string }[] }).rules.map((r) => r.name);
  assert.ok(names.includes('Small teams'), `stored rules: ${names.join(', ')}`);
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
  assert.deepEqual(errors, []);
  await page.close();
});

test('sandbox: send a Flow to a sandbox contact, complete it on the phone, see the reply and the figures move', async () => {
  const flowId = await firstFlowId();
  const before = (await api('GET', `/flows/${flowId}/metrics`)).data as { sends: number; submissions: number };
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors = collectConsoleErrors(page);
  await signIn(page, server, '/sandbox');
  await page.getByLabel('Phone').fill('15550004242');
  await page.getByLabel('Name').fill('Sandbox Sam');
  await page.getByRole('button', { name: 'Add contact' }).click();
  await page.getByLabel('Flow to send').selectOption(flowId);
  await page.getByRole('button', { name: 'Send to this contact' }).click();
  const flowMessage = page.locator('[data-kind="flow"]').last();
  await flowMessage.waitFor();
  await flowMessage.getByRole('button').click();
  const phone = page.getByRole('region', { name: 'Phone preview' });
  await phone.waitFor();
  await phone.getByLabel('Company', { exact: true }).fill('Acme Bakery');
  await phone.getByLabel('Employees', { exact: true }).fill('4');
  await phone.getByRole('button', { name: 'Next' }).click();
  await phone.getByLabel('Work e-mail').fill('sam@acme.example');
  await screenshot(page, 'ops-sandbox-phone');
  await phone.getByRole('button', { name: 'Send me the link' }).click();
  await page.locator('[data-kind="flow_reply"]').filter({ hasText: 'sam@acme.example' }).waitFor({ timeout: 15_000 });
  await screenshot(page, 'ops-sandbox-chat');
  const after = (await api('GET', `/flows/${flowId}/metrics`)).data as { sends: number; submissions: number };
  assert.equal(after.sends, before.sends + 1, 'the send is counted on the dashboard');
  assert.equal(after.submissions, before.submissions + 1, 'the completion is counted on the dashboard');
  assert.deepEqual(await unlabelled(page), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('inbox: an operator assigns, re-routes and resolves the routed ticket, and the dashboard counts the re-route', async () => {
  const flowId = await firstFlowId();
  const before = (await api('GET', `/flows/${flowId}/metrics`)).data as { routing: { rerouted: number } };
  let ticket: { id: string; title: string } | undefined;
  for (let i = 0; i < 50 && ticket === undefined; i++) {
    const items = (await api('GET', '/inbox?queue=sales&limit=5')).data as { items: { id: string; title: string }[] };
    ticket = items.items[0];
    if (ticket === undefined) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(ticket !== undefined, 'the sandbox completion was routed to a ticket in queue sales');
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors = collectConsoleErrors(page);
  await signIn(page, server, '/inbox');
  await page.getByRole('button', { name: ticket.title }).first().click();
  await page.getByLabel('Assign to').fill('maria');
  await page.getByRole('button', { name: 'Assign' }).click();
  await page.getByText('Assigned to maria.').waitFor();
  await page.getByLabel('Re-route to queue').fill('billing-escalations');
  await page.getByRole('button', { name: 'Re-route' }).click();
  await page.getByText('Moved to queue billing-escalations.').waitFor();
  await page.getByRole('button', { name: 'Resolve' }).click();
  await page.getByText('Resolved.').waitFor();
  assert.deepEqual(await unlabelled(page), []);
  await screenshot(page, 'ops-inbox-item');
  const after = (await api('GET', `/flows/${flowId}/metrics`)).data as { routing: { rerouted: number }; resolution: { resolved: number } };
  assert.equal(after.routing.rerouted, before.routing.rerouted + 1);
  assert.ok(after.resolution.resolved >= 1);
  assert.deepEqual(errors, []);
  await page.close();
});
