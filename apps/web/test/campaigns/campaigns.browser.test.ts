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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Answers the feedback Flow in the sandbox as the contact would: open the message, pick a rating, send. */
async function complete(contactId: string): Promise<void> {
  const chat = await api('GET', `/sandbox/chats/${contactId}`);
  const message = (chat.data['messages'] as { messageId: string; kind: string }[]).find((m) => m.kind === 'flow');
  assert.ok(message, `a Flow message reached ${contactId}`);
  const opened = await api('POST', `/sandbox/messages/${message.messageId}/open`);
  assert.equal(opened.status, 200, JSON.stringify(opened.data));
  const sessionId = (opened.data['session'] as { id: string }).id;
  for (const event of [{ type: 'select', name: 'rating', id: '5' }, { type: 'press', target: 'footer' }]) {
    const stepped = await api('POST', `/sandbox/sessions/${sessionId}/events`, { event });
    assert.equal(stepped.status, 200, JSON.stringify(stepped.data));
  }
}

test('campaigns: a seeded two-arm campaign on the sandbox shows its progress and the A/B verdict', async () => {
  // 100 sandbox contacts, split by the seed between two arms of the feedback Flow.
  for (let i = 0; i < 100; i++) {
    const created = await api('POST', '/sandbox/contacts', { phone: `+1555020${String(i).padStart(4, '0')}`, name: `Tester ${i}` });
    assert.equal(created.status, 201, JSON.stringify(created.data));
  }
  const created = await api('POST', '/campaigns', {
    name: 'feedback-ab', channel: 'sandbox', kind: 'interactive', message: { cta: 'Give feedback', body: 'How did we do?' }, seed: 'browser-seed',
    arms: [{ key: 'A', label: 'Arm A', flowId: 'feedback', version: 1 }, { key: 'B', label: 'Arm B', flowId: 'feedback', version: 1 }],
    segment: { tags: ['sandbox'] }, messagesPerSecond: 200,
  });
  assert.equal(created.status, 201, JSON.stringify(created.data));
  const id = String(created.data['id']);
  assert.equal((await api('POST', `/campaigns/${id}/start`)).data['recipients'], 100);
  for (let i = 0; i < 300; i++) {
    const view = await api('GET', `/campaigns/${id}`);
    if ((view.data['campaign'] as { status: string }).status === 'completed') break;
    await sleep(200);
  }
  const view = await api('GET', `/campaigns/${id}`);
  assert.equal((view.data['campaign'] as { status: string }).status, 'completed');
  assert.equal((view.data['progress'] as { totals: { sent: number } }).totals.sent, 100);

  // Recipients of arm B answer far more often than those of arm A (every 4th of A, 4 in 5 of B).
  const recipients = (await api('GET', `/campaigns/${id}/recipients?limit=500`)).data['items'] as { contactId: string; arm: string }[];
  const armA = recipients.filter((r) => r.arm === 'A');
  const armB = recipients.filter((r) => r.arm === 'B');
  assert.ok(armA.length >= 30 && armB.length >= 30, `both arms have enough recipients (${armA.length}, ${armB.length})`);
  for (const [i, r] of armA.entries()) if (i % 4 === 0) await complete(r.contactId);
  for (const [i, r] of armB.entries()) if (i % 5 !== 0) await complete(r.contactId);
  const expectedA = Math.ceil(armA.length / 4);
  const expectedB = armB.length - Math.ceil(armB.length / 5);

  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors = collectConsoleErrors(page);
  await signIn(page, server, '/campaigns');
  await page.getByRole('heading', { name: 'Campaigns', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'feedback-ab' }).click();
  await page.getByRole('heading', { name: 'A/B comparison' }).waitFor();
  // Completions reach the campaign through the webhook pipeline; the page refreshes itself until they show.
  const verdict = page.locator('[data-verdict]');
  await verdict.and(page.locator('[data-verdict="clear-difference"]')).waitFor({ timeout: 30_000 });
  const text = (await verdict.textContent()) ?? '';
  const pct = (n: number, d: number) => `${Math.round((n / d) * 100)} %`;
  assert.match(text, new RegExp(`^Arm B completes more often: ${pct(expectedB, armB.length)} vs ${pct(expectedA, armA.length)}, 95 % CI of the difference \\d+–\\d+ points\\.$`));
  assert.equal(await page.locator('[data-comparison-arm="B"] td').nth(1).textContent(), String(expectedB));
  assert.equal(await page.locator('[data-arm="total"] [data-stage="sent"]').textContent(), '100');
  assert.equal(await page.locator('[data-arm="total"] [data-stage="completed"]').textContent(), String(expectedA + expectedB));
  await screenshot(page, 'campaign-ab-comparison');
  assert.deepEqual(errors, []);
  await page.close();
});
