import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { signBody } from '@flowline/protocol';
import { startGraphStandIn, type GraphStandIn } from '@flowline/server/graph-stand-in';
import { collectConsoleErrors, launchBrowser, REPO_ROOT, screenshot, signIn, startStudioServer, type StudioServer, jpegSize } from '../support/studio-harness.js';

// Platform spec §6.3: an endpoint-less Flow's photo arrives as a Cloud API media id, and a customer's image
// message names one too. The worker fetches both from the Graph stand-in as the environment's WhatsApp
// connection; the studio shows the photo beside the answer and the image in the chat, as thumbnails.
const photo = readFileSync(join(REPO_ROOT, '..', 'shared', 'corpus', 'crypto', 'pywa_media_expected_plaintext.jpg'));
const APP_SECRET = 'browser-test-secret';
const TOKEN = 'EAAG-browser-cloud-media-0123456789';
const CUSTOMER = '351910000078';

let server: StudioServer;
let browser: Browser;
let graph: GraphStandIn;

before(async () => {
  graph = await startGraphStandIn({ accessToken: TOKEN });
  server = await startStudioServer({
    FLOWLINE_ALLOW_PRIVATE_HTTP: 'loopback',
    FLOWLINE_WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId, FLOWLINE_WHATSAPP_ACCESS_TOKEN: TOKEN, FLOWLINE_GRAPH_BASE_URL: graph.baseUrl,
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await graph?.close();
});

async function api(path: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${server.token}` } });
  return (await response.json()) as Record<string, unknown>;
}

async function postMessage(message: Record<string, unknown>): Promise<void> {
  const webhook = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: graph.wabaId, changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp', metadata: { display_phone_number: '15550100', phone_number_id: graph.phoneNumberId },
      contacts: [{ profile: { name: 'Rui' }, wa_id: CUSTOMER }],
      messages: [{ from: CUSTOMER, timestamp: String(Math.floor(Date.now() / 1000)), ...message }],
    } }] }],
  });
  const posted = await fetch(`${server.baseUrl}/webhooks/whatsapp`, { method: 'POST', body: webhook, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(webhook, APP_SECRET) } });
  assert.equal(posted.status, 200);
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 150; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Waits until the image in `selector` is decoded, and returns its natural size. */
async function decodedSize(page: import('playwright-core').Page, selector: string): Promise<number[]> {
  await page.locator(selector).first().waitFor();
  await page.waitForFunction((s) => {
    const img = document.querySelector<HTMLImageElement>(s);
    return img !== null && img.complete && img.naturalWidth > 0;
  }, selector);
  return page.locator(selector).first().evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
}

test('a §6.3 photo answer and an image message are fetched through Graph and shown as thumbnails', async () => {
  const answerPhoto = graph.media.add(photo, { mimeType: 'image/jpeg' });
  const answer = { flow_token: 'token-of-no-send', evidence: [{ file_name: 'IMG_0007.jpg', mime_type: 'image/jpeg', sha256: answerPhoto.sha256Base64, id: answerPhoto.id }] };
  await postMessage({ id: 'wamid.cloud.browser.1', type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: JSON.stringify(answer) } } });
  const chatImage = graph.media.add(photo, { mimeType: 'image/jpeg' });
  await postMessage({ id: 'wamid.cloud.browser.2', type: 'image', image: { caption: 'and from the side', mime_type: 'image/jpeg', sha256: chatImage.sha256Base64, id: chatImage.id } });

  // The answer and the message are recorded at once; the worker fetches both files in the background.
  await until('the answer photo to be stored', async () => {
    const submissions = (await api('/submissions?limit=5')).items as { id: string; answers: Record<string, unknown> }[];
    const submission = submissions.find((s) => 'evidence' in s.answers);
    const media = submission === undefined ? undefined : ((await api(`/submissions/${submission.id}/media`)).items as { status: string }[])[0];
    return media?.status === 'stored' ? media : undefined;
  });
  const contactId = await until('the chat image to be stored', async () => {
    const conversations = (await api('/conversations')).items as { contactId: string }[];
    for (const c of conversations) {
      const messages = (await api(`/conversations/${c.contactId}`)).messages as { type: string; media?: { status: string } | null }[];
      if (messages.some((m) => m.type === 'image' && m.media?.status === 'stored')) return c.contactId;
    }
    return undefined;
  });

  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors = collectConsoleErrors(page);
  await signIn(page, server, '/inbox');
  await page.getByRole('tab', { name: 'Submissions' }).click();
  assert.deepEqual(await decodedSize(page, '[data-field="evidence"] img[alt="IMG_0007.jpg"]'), jpegSize(photo));
  await page.goto(`${server.baseUrl}/contacts/${encodeURIComponent(contactId)}`);
  assert.deepEqual(await decodedSize(page, '.chat-message[data-type="image"] img'), jpegSize(photo));
  await page.getByText('[image] and from the side').waitFor();
  await screenshot(page, 'ops-chat-image');
  assert.deepEqual(errors, []);
  await page.close();
});
