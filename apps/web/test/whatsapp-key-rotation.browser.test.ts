import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startGraphStandIn, type GraphStandIn } from '@flowline/server/graph-stand-in';
import { collectConsoleErrors, launchBrowser, signIn, startStudioServer, type StudioServer } from './support/studio-harness.js';

// Issue 10, Build §2 in the studio: the WhatsApp page rotates the endpoint key over the Graph stand-in
// (a test double of Meta on loopback); a refusal by Meta leaves the key as it was and says so.

const TOKEN = 'EAAG-rotation-browser-token-0123456789';

let server: StudioServer;
let browser: Browser;
let graph: GraphStandIn;

before(async () => {
  graph = await startGraphStandIn({ accessToken: TOKEN });
  server = await startStudioServer({ FLOWLINE_ALLOW_PRIVATE_HTTP: 'loopback', FLOWLINE_KEY_ROTATION_GRACE_HOURS: '6' });
  browser = await launchBrowser();
  const call = (method: string, path: string, body?: unknown) => fetch(`${server.baseUrl}/api/v1${path}`, {
    method, headers: { authorization: `Bearer ${server.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  assert.equal((await call('PUT', '/whatsapp/connection', { wabaId: graph.wabaId, phoneNumberId: graph.phoneNumberId, accessToken: TOKEN, graphBaseUrl: graph.baseUrl })).status, 200);
  assert.equal((await call('POST', '/whatsapp/keys/register')).status, 200);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await graph?.close();
});

test('the WhatsApp page rotates the endpoint key; Meta refusing the new key changes nothing', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors = collectConsoleErrors(page);
  await signIn(page, server);
  await page.getByRole('link', { name: 'WhatsApp' }).click();
  const keys = page.getByRole('list', { name: 'Endpoint keys' });
  await keys.getByText('current').waitFor();
  assert.equal(await keys.getByText('previous').count(), 0);
  const first = graph.publicKey();

  // Meta refuses: a clear message, the same key on Meta and on disk.
  graph.failNext({ path: /whatsapp_business_encryption/, status: 400, body: { error: { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100, fbtrace_id: 'Abrowser' } } });
  await page.getByRole('button', { name: 'Rotate endpoint key' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('keeps decrypting for 6 hours').waitFor();
  await dialog.getByRole('button', { name: 'Rotate endpoint key' }).click();
  await page.getByText('The key was not rotated (the current key stays in use)').waitFor();
  assert.equal(graph.publicKey(), first);
  assert.equal(readFileSync(join(server.dataDir, 'keys', 'public.pem'), 'utf8'), first);
  assert.equal(await keys.getByText('previous').count(), 0);

  // Meta takes it: the new key is current, the previous one listed with the end of its grace period.
  await page.getByRole('button', { name: 'Rotate endpoint key' }).click();
  await dialog.getByRole('button', { name: 'Rotate endpoint key' }).click();
  await page.getByText('The endpoint key was rotated and registered with Meta.').waitFor();
  await keys.getByText('previous').waitFor();
  await keys.getByText(/decrypts until/).waitFor();
  const rotated = readFileSync(join(server.dataDir, 'keys', 'public.pem'), 'utf8');
  assert.notEqual(rotated, first);
  assert.equal(graph.publicKey(), rotated);
  assert.equal((await page.content()).includes('PRIVATE KEY'), false);
  assert.deepEqual(errors.filter((e) => !/status of 4\d\d/.test(e)), []);
});

test('the WhatsApp page shows a key whose signature Meta answers MISMATCH (the number was registered again), and registering it again makes it VALID', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors = collectConsoleErrors(page);
  await signIn(page, server);
  await page.getByRole('link', { name: 'WhatsApp' }).click();
  await page.getByRole('button', { name: 'Read key status' }).click();
  const status = page.getByText('Signature status on Meta:');
  await status.getByText('VALID', { exact: true }).waitFor();

  graph.reregisterPhoneNumber();
  await page.getByRole('button', { name: 'Read key status' }).click();
  await status.getByText('MISMATCH', { exact: true }).waitFor();
  await page.getByRole('alert').getByText('Meta\'s signature of the registered key does not match').waitFor();
  // Recorded: the connection shows it after a reload too.
  await page.reload();
  await page.getByText('Signature status on Meta:').getByText('MISMATCH', { exact: true }).waitFor();

  await page.getByRole('button', { name: 'Register endpoint key' }).click();
  await page.getByText('The endpoint public key is registered with the phone number.').waitFor();
  await page.getByText('Signature status on Meta:').getByText('VALID', { exact: true }).waitFor();
  assert.equal(await page.getByText('Meta\'s signature of the registered key does not match').count(), 0);
  assert.equal(graph.keySignatureStatus(), 'VALID');
  assert.deepEqual(errors.filter((e) => !/status of 4\d\d/.test(e)), []);
});
