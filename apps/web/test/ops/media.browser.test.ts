import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { signBody } from '@flowline/protocol';
import { collectConsoleErrors, launchBrowser, REPO_ROOT, screenshot, signIn, startStudioServer, type StudioServer, jpegSize } from '../support/studio-harness.js';

// A photo answer arrives as WhatsApp sends it (an encrypted CDN reference, platform spec §6.4); the
// worker fetches it from a loopback "CDN" serving the shared vector's file, and the studio shows it.
const corpus = join(REPO_ROOT, '..', 'shared', 'corpus', 'crypto');
const cdnFile = readFileSync(join(corpus, 'pywa_media_cdn_file.bin'));
const plaintext = readFileSync(join(corpus, 'pywa_media_expected_plaintext.jpg'));
const metadata = (JSON.parse(readFileSync(join(corpus, 'pywa_media_vector.json'), 'utf8')) as { encryption_metadata: Record<string, string> }).encryption_metadata;
const APP_SECRET = 'browser-test-secret';

let server: StudioServer;
let browser: Browser;
let cdn: Server;
let cdnUrl = '';

before(async () => {
  cdn = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(cdnFile));
  await new Promise<void>((resolve) => cdn.listen(0, '127.0.0.1', resolve));
  cdnUrl = `http://127.0.0.1:${(cdn.address() as AddressInfo).port}/v/t62.7118-24/photo.enc`;
  // Loopback outbound HTTP is allowed so the worker reaches the loopback CDN (the default refuses it).
  server = await startStudioServer({ FLOWLINE_ALLOW_PRIVATE_HTTP: 'loopback' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  cdn?.closeAllConnections();
  await new Promise<void>((resolve) => cdn?.close(() => resolve()));
});

async function api(path: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${server.token}` } });
  return (await response.json()) as Record<string, unknown>;
}

test('a photo answer is fetched, decrypted and shown as a thumbnail beside the answer', async () => {
  const answer = { flow_token: 'token-of-no-send', damage_photo: [{ media_id: 'm-1', cdn_url: cdnUrl, file_name: 'IMG_5237.jpg', encryption_metadata: metadata }] };
  const webhook = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: 'sandbox', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp', metadata: { display_phone_number: '15550000000', phone_number_id: 'sandbox' },
      contacts: [{ profile: { name: 'Rita' }, wa_id: '351910000077' }],
      messages: [{ from: '351910000077', id: 'wamid.media.browser.1', timestamp: String(Math.floor(Date.now() / 1000)), type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: JSON.stringify(answer) } } }],
    } }] }],
  });
  const posted = await fetch(`${server.baseUrl}/webhooks/whatsapp`, { method: 'POST', body: webhook, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(webhook, APP_SECRET) } });
  assert.equal(posted.status, 200);

  // The answer is recorded at once; the worker fetches the file in the background.
  let media: { id: string; status: string; contentUrl: string } | undefined;
  for (let i = 0; i < 100 && media?.status !== 'stored'; i++) {
    const submissions = (await api('/submissions?limit=5')).items as { id: string; answers: Record<string, unknown> }[];
    const submission = submissions.find((s) => 'damage_photo' in s.answers);
    if (submission !== undefined) media = ((await api(`/submissions/${submission.id}/media`)).items as typeof media[])[0];
    if (media?.status !== 'stored') await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(media?.status, 'stored', 'the worker stored the photo');

  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors = collectConsoleErrors(page);
  await signIn(page, server, '/inbox');
  await page.getByRole('tab', { name: 'Submissions' }).click();
  const thumbnail = page.locator('[data-field="damage_photo"] img[alt="IMG_5237.jpg"]');
  await thumbnail.waitFor();
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('[data-field="damage_photo"] img');
    return img !== null && img.complete && img.naturalWidth > 0;
  });
  // The browser decoded the vector's plaintext JPEG: its size is the one written in the JPEG's frame header.
  const shown = await thumbnail.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
  assert.deepEqual(shown, jpegSize(plaintext));
  await screenshot(page, 'ops-media-thumbnail');
  assert.deepEqual(errors, []);
  await page.close();
});
