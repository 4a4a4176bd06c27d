import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { collectConsoleErrors, issueToken, launchBrowser, screenshot, signIn, startStudioServer, type StudioServer, callApi, type ApiAnswer } from './support/studio-harness.js';

// Issue 14, "Must show": a designer edits a Flow and submits it; the same person cannot approve it; a
// reviewer sees the diff with a removed field flagged because a routing rule reads it, and requests a
// change; the designer fixes the rule; the reviewer approves; a publisher publishes; a rollback restores
// the previous version; the audit page shows every step with actor and time. Each person signs in with a
// token of their own role, in a browser context of their own.

const FLOW_ID = 'lead-intake';

/** A one-screen lead Flow completing with the given required text fields. */
const leadFlow = (fields: readonly string[]): string => `${JSON.stringify({
  version: '7.0',
  screens: [{
    id: 'LEAD', title: 'Tell us about you', terminal: true,
    layout: { type: 'SingleColumnLayout', children: [
      ...fields.map((name) => ({ type: 'TextInput', name, label: name, required: true })),
      { type: 'Footer', label: 'Send', 'on-click-action': { name: 'complete', payload: Object.fromEntries(fields.map((f) => [f, `\${form.${f}}`])) } },
    ] },
  }],
}, null, 2)}\n`;

/** The Flow's scenario tests: one fills "urgency" (version 2 drops it), one checks the required name. */
const SCENARIOS = [
  { name: 'an urgent lead completes', steps: [{ fill: { name: 'Ana', urgency: 'high' } }, { press: 'footer' }, { expect: { completed: { urgency: 'high' } } }] },
  { name: 'the name is required', steps: [{ press: 'footer' }, { expect: { screen: 'LEAD', errors: { name: true } } }] },
];

let server: StudioServer;
let browser: Browser;
const tokens: Record<'designer' | 'reviewer' | 'publisher', string> = { designer: '', reviewer: '', publisher: '' };

const api = (token: string, method: string, path: string, body?: unknown): Promise<ApiAnswer> => callApi(server, method, path, body, token);

before(async () => {
  server = await startStudioServer();
  browser = await launchBrowser();
  tokens.designer = await issueToken(server, 'designer', 'dana-designer');
  tokens.reviewer = await issueToken(server, 'reviewer', 'rui-reviewer');
  tokens.publisher = await issueToken(server, 'publisher', 'pia-publisher');
  // Version 1 is live: written by the designer, approved by the reviewer, published by the publisher; a routing rule reads "urgency".
  assert.equal((await api(tokens.designer, 'POST', '/flows', { id: FLOW_ID, name: 'Lead intake', flowJson: leadFlow(['name', 'urgency']) })).status, 201);
  assert.equal((await api(tokens.designer, 'PUT', `/flows/${FLOW_ID}/routing`, { rules: [{ name: 'Urgent leads', when: { field: 'urgency', equals: 'high' }, actions: [{ type: 'ticket', queue: 'sales', priority: 2 }] }] })).status, 200);
  assert.equal((await api(tokens.designer, 'POST', `/flows/${FLOW_ID}/versions/1/submit`)).status, 200);
  assert.equal((await api(tokens.reviewer, 'POST', `/flows/${FLOW_ID}/versions/1/approve`)).status, 200);
  assert.equal((await api(tokens.publisher, 'POST', `/flows/${FLOW_ID}/publish`, { version: 1 })).status, 200);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page signed in as one person (a browser context of its own, so sessions do not mix). */
async function personPage(token: string, path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors = collectConsoleErrors(page);
  await signIn(page, server, path, token);
  return { page, errors };
}

const reviewUrl = (version: number) => `${server.baseUrl}/flows/${FLOW_ID}/versions/${version}/review`;

test('designer submits, cannot approve; reviewer sees the broken field and asks for a change; the rule is fixed; approve, publish, roll back; every step in the audit log', async () => {
  // 0. The designer stores the Flow's scenario tests on its page; each review will play them.
  const designer = await personPage(tokens.designer, `/flows/${FLOW_ID}`);
  const d = designer.page;
  await d.getByRole('heading', { name: 'Scenario tests' }).waitFor();
  await d.getByText('No scenario tests yet.', { exact: false }).waitFor();
  await d.locator('#scenarios-json').fill(JSON.stringify(SCENARIOS, null, 2));
  await d.getByRole('button', { name: 'Save scenario tests' }).click();
  await d.getByText('Saved 2 scenario tests.').waitFor();
  await d.getByRole('list', { name: 'Stored scenario tests' }).getByText('an urgent lead completes').waitFor();

  // 1. The designer edits the Flow in the editor (drops the "urgency" field) and saves version 2.
  await d.goto(`${server.baseUrl}/flows/${FLOW_ID}/edit`);
  await d.locator('.json-editor .cm-content').waitFor();
  await d.locator('.json-editor .cm-content').click();
  await d.keyboard.press('Control+A');
  await d.keyboard.insertText(leadFlow(['name']));
  await d.getByText('No problems.').waitFor();
  await d.getByRole('button', { name: 'Save version' }).click();
  await d.getByText(/Saved as version 2/).waitFor();
  // The designer sees no Publish button (not a publisher), and submits version 2 from its review page.
  await d.goto(`${server.baseUrl}/flows/${FLOW_ID}`);
  await d.getByRole('link', { name: 'Review of v2' }).waitFor();
  assert.equal(await d.getByRole('button', { name: 'Publish', exact: true }).count(), 0, 'a designer is not offered Publish');
  await d.getByRole('link', { name: 'Review of v2' }).click();
  await d.getByRole('button', { name: 'Submit for review' }).click();
  await d.getByText('Version 2 is in review.').waitFor();
  // The same person cannot approve: no Approve button, the reason is said, and the API refuses too.
  await d.getByText('you wrote or submitted this version: someone else must approve it').waitFor();
  assert.equal(await d.getByRole('button', { name: 'Approve' }).count(), 0);
  assert.equal((await api(tokens.designer, 'POST', `/flows/${FLOW_ID}/versions/2/approve`)).status, 403);
  await screenshot(d, 'governance-01-designer-submitted');

  // 2. The reviewer sees the diff, with "urgency" removed and flagged: the rule "Urgent leads" reads it.
  const reviewer = await personPage(tokens.reviewer, `/flows/${FLOW_ID}/versions/2/review`);
  const r = reviewer.page;
  const contract = r.getByRole('list', { name: 'Answer contract changes' });
  await contract.waitFor();
  const flagged = contract.locator('li.breaking');
  await flagged.waitFor();
  assert.match(await flagged.innerText(), /breaks routing\s+removed urgency \(string\) — read by Urgent leads \(condition\)/);
  await r.locator('.diff .del', { hasText: 'urgency' }).first().waitFor();
  // The Flow's scenario tests ran against version 2: the one filling "urgency" fails at that step, the other passes.
  const results = r.getByRole('list', { name: 'Scenario test results' });
  await results.waitFor();
  await r.getByText('1 passed').waitFor();
  await r.getByText('1 failed').waitFor();
  const failedScenario = results.locator('li.failed');
  assert.equal(await failedScenario.count(), 1);
  assert.match(await failedScenario.innerText(), /fail\s+an urgent lead completes\s+step 1 \{"fill":\{"name":"Ana","urgency":"high"\}\}: .*urgency/);
  assert.match(await results.locator('li.passed').innerText(), /pass\s+the name is required/);
  assert.equal(await r.getByRole('button', { name: /Publish/ }).count(), 0, 'a reviewer is not offered Publish');
  await screenshot(r, 'governance-02-reviewer-sees-broken-field');
  // Approving now is refused with the reason; the reviewer asks for a change instead.
  await r.getByRole('button', { name: 'Approve', exact: true }).click();
  await r.getByRole('alert').filter({ hasText: 'breaks fields that routing rules or connectors read: urgency (read by Urgent leads)' }).waitFor();
  await r.getByLabel('Comment').fill('Urgent leads still reads "urgency": update the rule first.');
  await r.getByRole('button', { name: 'Request changes' }).click();
  await r.getByText('Changes requested.').waitFor();
  await r.getByText('changes requested', { exact: true }).waitFor();

  // 3. The designer fixes the rule in the routing editor (it no longer reads "urgency") and submits again.
  await d.goto(`${server.baseUrl}/routing/${FLOW_ID}`);
  const rule = d.locator('fieldset.ops-rule').first();
  await rule.getByLabel('Rule name').fill('Every lead');
  await rule.getByRole('button', { name: 'Remove condition 1 of rule 1' }).click();
  await d.getByRole('button', { name: 'Save rules' }).click();
  await d.getByText(/Saved 1 rule\./).waitFor();
  await d.goto(reviewUrl(2));
  await d.getByText('Urgent leads still reads "urgency": update the rule first.').waitFor();
  await d.getByRole('button', { name: 'Submit for review' }).click();
  await d.getByText('Version 2 is in review.').waitFor();

  // 4. The reviewer approves: the contract check passes now, and the rule's change is listed.
  await r.reload();
  await r.getByRole('list', { name: 'Routing rule changes' }).getByText(/Urgent leads → Every lead/).waitFor();
  assert.equal(await r.locator('li.breaking').count(), 0);
  await r.getByRole('button', { name: 'Approve', exact: true }).click();
  await r.getByText('Approved version 2.').waitFor();
  await r.getByText('approved', { exact: true }).waitFor();
  await screenshot(r, 'governance-03-approved');

  // 5. The publisher publishes version 2 from the Flow's page.
  const publisher = await personPage(tokens.publisher, `/flows/${FLOW_ID}`);
  const p = publisher.page;
  await p.getByRole('button', { name: 'Publish', exact: true }).click();
  await p.getByRole('dialog', { name: 'Publish version 2?' }).getByRole('button', { name: 'Publish v2' }).click();
  await p.getByText('Published v2.').waitFor();
  await p.locator('table.data tr', { hasText: 'v2' }).locator('.badge-published').waitFor();

  // 6. A rollback restores the previous approved version in one action.
  await p.getByRole('button', { name: 'Roll back' }).click();
  await p.getByText('Rolled back to v1.').waitFor();
  await p.locator('table.data tr', { hasText: 'v1' }).locator('.badge-published').waitFor();
  const flow = await api(tokens.publisher, 'GET', `/flows/${FLOW_ID}`);
  assert.equal(flow.data['publishedVersion'], 1);
  await screenshot(p, 'governance-04-rolled-back');

  // 7. The audit page (an admin) shows every step with its actor and time.
  const admin = await personPage(server.token, '/audit');
  const a = admin.page;
  await a.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
  await a.getByLabel('Target id').fill(`${FLOW_ID}@2`);
  await a.getByRole('button', { name: 'Filter' }).click();
  const expectSteps = async (rows: readonly [string, string][]) => {
    for (const [action, actor] of rows) {
      const row = a.locator('table.audit tbody tr').filter({ hasText: action }).filter({ hasText: actor }).first();
      await row.waitFor();
      assert.match(await row.locator('time').getAttribute('datetime') ?? '', /^\d{4}-\d\d-\d\dT/);
    }
  };
  await expectSteps([
    ['review.submit', 'token:dana-designer'],
    ['review.request_changes', 'token:rui-reviewer'],
    ['review.approve', 'token:rui-reviewer'],
    ['review.publish', 'token:pia-publisher'],
    ['review.supersede', 'token:pia-publisher'],
  ]);
  await a.getByLabel('Target id').fill(FLOW_ID);
  await a.getByRole('button', { name: 'Filter' }).click();
  await expectSteps([['flow.version', 'token:dana-designer'], ['scenarios.replace', 'token:dana-designer'], ['routing.replace', 'token:dana-designer'], ['flow.publish', 'token:pia-publisher']]);
  await a.getByLabel('Target id').fill(`${FLOW_ID}@1`);
  await a.getByRole('button', { name: 'Filter' }).click();
  await expectSteps([['review.rollback', 'token:pia-publisher']]);
  await a.getByLabel('Target id').fill('');
  await a.getByRole('button', { name: 'Filter' }).click();
  await a.locator('table.audit tbody tr').filter({ hasText: 'review.rollback' }).first().waitFor();
  await screenshot(a, 'governance-05-audit-log');
  // Roles see only what they may do: the audit log is not in a designer's navigation.
  assert.equal(await d.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).count(), 0);
  assert.equal(await a.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).count(), 1);

  for (const person of [designer, reviewer, publisher, admin]) {
    // Refused actions answer 4xx on purpose (the approve refused for the broken field); nothing else may fail.
    assert.deepEqual(person.errors.filter((e) => !/40[39]/.test(e)), []);
    await person.page.close();
  }
});
