import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
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

/** Calls the admin API as automation would (the token the server was started with). */
const api = (method: string, path: string, body?: unknown): Promise<ApiAnswer> => callApi(server, method, path, body);

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
  // A new rule names its problem in the form's words, not as a JSON pointer.
  const problems = rule.getByRole('list', { name: /Problems of rule/ });
  await problems.waitFor();
  assert.match(await problems.innerText(), /Condition 1 · Field: choose the answer field/);
  assert.doesNotMatch(await problems.innerText(), /\/when|\/field/);
  await screenshot(page, 'ops-routing-new-rule');
  await rule.getByLabel('Rule name').fill('Small teams');
  // "Field" lists the Flow's answer fields (its completion payloads), not free text.
  const field = rule.getByLabel('Field', { exact: true });
  assert.equal(await field.evaluate((el) => el.tagName), 'SELECT');
  await field.locator('option[value="segment"]').waitFor({ state: 'attached' });
  const offered = await field.locator('option').allTextContents();
  for (const name of ['company', 'segment', 'email', 'call_date']) assert.ok(offered.includes(name), `offered: ${offered.join(', ')}`);
  assert.ok(!offered.includes('flow_token'));
  await field.selectOption('segment');
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
  // A number without its country code is refused in words, before anything is sent.
  await page.getByLabel('Phone').fill('0600 111 222');
  await page.getByRole('button', { name: 'Add contact' }).click();
  const refusal = page.locator('.notice-error').filter({ hasText: /country code/ });
  await refusal.waitFor();
  assert.doesNotMatch(await refusal.innerText(), /must match|\[0-9\]/);
  await screenshot(page, 'ops-sandbox-refused');
  // Written as people write it: spaces, brackets and dashes; stored in E.164.
  await page.getByLabel('Phone').fill('+1 (555) 000-4242');
  await page.getByLabel('Name').fill('Sandbox Sam');
  await page.getByRole('button', { name: 'Add contact' }).click();
  await page.getByRole('button', { name: /Sandbox Sam/ }).waitFor();
  const contacts = (await api('GET', '/contacts?tag=sandbox')).data as { items: { phone: string; name: string | null }[] };
  assert.equal(contacts.items.find((c) => c.name === 'Sandbox Sam')?.phone, '+15550004242');
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
  const panel = page.getByRole('region', { name: ticket.title });
  const status = panel.locator('dt:text-is("Status") + dd');
  assert.equal((await status.innerText()).trim(), 'open');
  await page.getByRole('button', { name: 'Resolve' }).click();
  await page.getByText('Resolved.').waitFor();
  // The panel shows the item as the server answered: resolved, with nothing left to resolve.
  assert.equal((await status.innerText()).trim(), 'resolved');
  assert.equal(await panel.getByRole('button', { name: 'Resolve' }).isDisabled(), true);
  // The ticket body wraps inside the panel instead of running past its right edge.
  // The ticket's answers read in the Flow's words (the input's label beside the value).
  const answerLabels = await panel.getByLabel('Answers', { exact: true }).locator('dt').allInnerTexts();
  assert.ok(answerLabels.length > 0, 'the ticket lists its answers');
  const body = panel.getByLabel('Ticket body');
  const fits = await body.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  assert.ok(fits.scroll <= fits.client, `ticket body ${fits.scroll} px wide in ${fits.client} px`);
  assert.deepEqual(await unlabelled(page), []);
  await screenshot(page, 'ops-inbox-item');
  const after = (await api('GET', `/flows/${flowId}/metrics`)).data as { routing: { rerouted: number }; resolution: { resolved: number } };
  assert.equal(after.routing.rerouted, before.routing.rerouted + 1);
  assert.ok(after.resolution.resolved >= 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test('deliveries: a delivered action has no next attempt; dashboard: the 5 % line spans the error-rate chart', async () => {
  let delivered: { id: string } | undefined;
  for (let i = 0; i < 50 && delivered === undefined; i++) {
    delivered = ((await api('GET', '/deliveries?status=delivered&limit=5')).data as { items: { id: string }[] }).items[0];
    if (delivered === undefined) await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok(delivered !== undefined, 'the routed ticket was delivered by the worker');
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors = collectConsoleErrors(page);
  await signIn(page, server, '/deliveries');
  const next = page.locator(`tr[data-delivery="${delivered.id}"] [data-next-attempt]`);
  await next.waitFor();
  assert.equal((await next.innerText()).trim(), 'none (delivered)');
  await screenshot(page, 'ops-deliveries-delivered');

  const flowId = await firstFlowId();
  await page.goto(`${server.baseUrl}/dashboards/${flowId}`);
  const canvas = page.locator('figure', { has: page.getByRole('heading', { name: 'Endpoint error rate' }) }).locator('canvas');
  await canvas.waitFor();
  await page.waitForLoadState('networkidle');
  // Read the drawn pixels: the row with most threshold-red pixels is the dashed line; the longest row
  // of faint black (chart.js grid lines, rgba(0,0,0,0.1)) is a grid line across the plot area.
  const drawn = await canvas.evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
    const red = { count: 0, min: 0, max: 0 };
    const grid = { count: 0, min: 0, max: 0 };
    for (let y = 0; y < c.height; y++) {
      const rowRed = { count: 0, min: c.width, max: -1 };
      const rowGrid = { count: 0, min: c.width, max: -1 };
      for (let x = 0; x < c.width; x++) {
        const i = (y * c.width + x) * 4;
        const [r, g, b, a] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0, data[i + 3] ?? 0];
        const row = a > 150 && r > 140 && g < 90 && b < 90 ? rowRed : r < 20 && g < 20 && b < 20 && a > 10 && a < 60 ? rowGrid : undefined;
        if (row === undefined) continue;
        row.count++;
        row.min = Math.min(row.min, x);
        row.max = Math.max(row.max, x);
      }
      if (rowRed.count > red.count) Object.assign(red, rowRed);
      if (rowGrid.max - rowGrid.min > grid.max - grid.min) Object.assign(grid, rowGrid);
    }
    return { red, grid, dpr: window.devicePixelRatio };
  });
  assert.ok(drawn.red.count > 0, 'the threshold line is drawn');
  assert.ok(drawn.grid.max > drawn.grid.min, 'a grid line is drawn');
  // Grid lines start with the y axis's 8 px tick mark left of the plot; a dash gap may shorten either end.
  const slack = 6 * drawn.dpr;
  const tick = 8 * drawn.dpr;
  assert.ok(drawn.red.min >= drawn.grid.min && drawn.red.min <= drawn.grid.min + tick + slack && Math.abs(drawn.red.max - drawn.grid.max) <= slack,
    `the 5 % line spans x ${drawn.red.min}–${drawn.red.max}; the plot spans x ${drawn.grid.min}–${drawn.grid.max}`);
  await screenshot(page, 'ops-dashboard-threshold');
  assert.deepEqual(errors, []);
  await page.close();
});
