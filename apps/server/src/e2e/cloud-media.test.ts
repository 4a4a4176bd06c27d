import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { signBody } from '@flowline/protocol';
import { openRawQuery, phoneFormats, scanFilesFor, scanTablesFor } from '@flowline/storage/test-support';
import { startGraphStandIn, type GraphStandIn } from '../messaging/channels/test-support/graph-stand-in.js';
import { parseServerConfig } from '../config/parse-server-config.js';
import { silentLogger } from '../logging/logger.js';
import { toCompletionWebhook } from '../messaging/sandbox/to-completion-webhook.js';
import { listen, type ListeningServer } from '../start-server.js';
import { createAdminApi } from './test-support/admin-api.js';
import { e2eBackends } from './test-support/e2e-backends.js';
import { waitFor } from './test-support/http-sink.js';

// Platform spec §6.3 end to end: an endpoint-less Flow with a PhotoPicker is completed on WhatsApp; the
// completion webhook carries the photo as a Cloud API media id. The real server takes the answer in,
// its delivery worker resolves the id as the environment's WhatsApp connection on the Graph stand-in,
// downloads the file with the token, checks it and stores it, and the admin API serves it. A customer's
// image message in the chat travels the same way.

const ADMIN = 'e2e-admin-token-cloud-media-0123';
const TOKEN = 'EAAG-e2e-cloud-media-token-0123456789';
const CUSTOMER = '351910000555';
const corpus = join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus', 'crypto');
const photo = readFileSync(join(corpus, 'pywa_media_expected_plaintext.jpg'));

const DAMAGE_FLOW = {
  version: '7.0',
  screens: [{
    id: 'DAMAGE', title: 'Report damage', terminal: true,
    layout: {
      type: 'SingleColumnLayout',
      children: [
        { type: 'TextArea', name: 'description', label: 'What happened?', required: true },
        { type: 'PhotoPicker', name: 'photo', label: 'Photo of the damage', 'min-uploaded-photos': 1, 'max-uploaded-photos': 1 },
        { type: 'Footer', label: 'Send', 'on-click-action': { name: 'complete', payload: { description: '${form.description}', photo: '${form.photo}' } } },
      ],
    },
  }],
};

for (const backend of e2eBackends('flowline_cloud_media_e2e')) {
  describe(`a static Flow's photo (a Cloud API media id) is fetched and served [${backend.name}]`, () => {
    let dataDir = '';
    let server: ListeningServer | undefined;
    let graph: GraphStandIn;
    let base = '';
    const api = createAdminApi(() => base, ADMIN);
    const appSecret = backend.env['FLOWLINE_APP_SECRET'];
    let imageUrl = '';

    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'flowline-cloud-media-e2e-'));
      graph = await startGraphStandIn({ accessToken: TOKEN });
      const parsed = parseServerConfig({
        PORT: '0', HOST: '127.0.0.1', FLOWLINE_WORKERS: '1', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_KEY_PASSPHRASE: 'e2e-pass', FLOWLINE_ADMIN_TOKEN: ADMIN,
        // The environment's connection, on the stand-in (loopback allowed explicitly; the address guard stays on).
        FLOWLINE_WHATSAPP_PHONE_NUMBER_ID: graph.phoneNumberId, FLOWLINE_WHATSAPP_ACCESS_TOKEN: TOKEN, FLOWLINE_GRAPH_BASE_URL: graph.baseUrl,
        FLOWLINE_ALLOW_PRIVATE_HTTP: 'loopback',
        ...backend.env,
      });
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.errors.join('; '));
      server = await listen(parsed.config, silentLogger, { serveMetrics: false });
      base = `http://127.0.0.1:${server.port}`;
    });
    after(async () => {
      await graph.close();
      await server?.close();
      await backend.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    });

    test('completion webhook → submission → media.fetch through Graph → the stored photo served by the API', async () => {
      assert.ok(server);
      const created = await api('POST', '/flows', { id: 'damage', name: 'Damage report', flowJson: DAMAGE_FLOW });
      assert.equal(created.status, 201, created.text);
      // The Flow message went out earlier (sending on WhatsApp is another suite's journey): its send and flow_token.
      const { storage, workspaceId } = server.context;
      const contact = await storage.contacts.upsert(workspaceId, { phone: `+${CUSTOMER}`, name: 'Inês', at: new Date() });
      const send = await storage.sends.create(workspaceId, { flowId: 'damage', version: 1, contactId: contact.id, channel: 'whatsapp', at: new Date() });
      assert.ok(send.ok);

      // The customer picked a photo: WhatsApp keeps it as Cloud API media and the answer names it (§6.3).
      const media = graph.media.add(photo, { mimeType: 'image/jpeg', fileName: 'IMG_0042.jpg' });
      const payload = { description: 'The box arrived crushed', photo: [{ file_name: 'IMG_0042.jpg', mime_type: 'image/jpeg', sha256: media.sha256Base64, id: media.id }] };
      const webhook = toCompletionWebhook({
        phoneNumberId: graph.phoneNumberId, displayPhoneNumber: '15550100', customerPhone: CUSTOMER, customerName: 'Inês',
        flowMessageId: `wamid.${randomBytes(9).toString('base64url')}`, replyMessageId: `wamid.${randomBytes(9).toString('base64url')}`,
        flowToken: send.value.flowToken, payload, at: new Date(),
      });
      const body = JSON.stringify(webhook);
      const posted = await fetch(`${base}/webhooks/whatsapp`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...(appSecret === undefined ? {} : { 'x-hub-signature-256': signBody(body, appSecret) }) } });
      assert.equal(posted.status, 200, await posted.text());

      const submission = await waitFor('the submission', async () => {
        const listed = await api('GET', '/submissions?flowId=damage');
        return (listed.body['items'] as { id: string }[] | undefined)?.[0];
      });
      // The readable answer shows the field as a file, as the studio's thumbnail expects.
      const shown = await api('GET', `/submissions/${submission.id}`);
      const readable = shown.body['readable'] as { field: string; kind: string; text: string; files?: { name: string; id?: string }[] }[];
      const photoAnswer = readable.find((r) => r.field === 'photo');
      assert.deepEqual([photoAnswer?.kind, photoAnswer?.text, photoAnswer?.files?.[0]?.id], ['media', '1 file: IMG_0042.jpg', media.id]);
      assert.equal((shown.body['actions'] as { kind: string }[]).filter((a) => a.kind === 'media.fetch').length, 1);

      type Item = { field: string; status: string; mimeType: string; size: number; fileName: string; contentUrl: string; error?: string | null };
      const stored = await waitFor('the photo to be stored', async () => {
        const items = (await api('GET', `/submissions/${submission.id}/media`)).body['items'] as Item[] | undefined;
        const item = items?.find((m) => m.field === 'photo');
        if (item?.status === 'failed') throw new Error(`the photo failed: ${item.error ?? ''}`);
        return item?.status === 'stored' ? item : undefined;
      });
      assert.deepEqual([stored.fileName, stored.mimeType, stored.size], ['IMG_0042.jpg', 'image/jpeg', photo.length]);
      const content = await fetch(`${base}/api/v1${stored.contentUrl.replace(/^\/api\/v1/, '')}`, { headers: { authorization: `Bearer ${ADMIN}` } });
      assert.equal(content.status, 200);
      assert.equal(content.headers.get('content-type'), 'image/jpeg');
      assert.deepEqual(Buffer.from(await content.arrayBuffer()), photo);
      // Graph was asked as the connection's number, and the file was downloaded once, with the token.
      assert.ok(graph.requests.some((r) => r.path === `/v23.0/${media.id}?phone_number_id=${graph.phoneNumberId}` && r.headers.authorization === `Bearer ${TOKEN}`));
      assert.equal(graph.media.downloads(media.id), 1);
    });

    test("a customer's image message: stored with the message, fetched by the worker, shown in the conversation and served under it", async () => {
      assert.ok(server);
      const { storage, workspaceId } = server.context;
      const contact = await storage.contacts.findByPhone(workspaceId, `+${CUSTOMER}`);
      assert.ok(contact);
      const media = graph.media.add(photo, { mimeType: 'image/jpeg' });
      const wamid = `wamid.${randomBytes(12).toString('base64url')}`;
      // A Cloud API image message as WhatsApp delivers it (pywa's tests/data/updates/message.json shape): sha256 in base64.
      const body = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [{ id: graph.wabaId, changes: [{ field: 'messages', value: {
          messaging_product: 'whatsapp', metadata: { display_phone_number: '15550100', phone_number_id: graph.phoneNumberId },
          contacts: [{ profile: { name: 'Inês' }, wa_id: CUSTOMER }],
          messages: [{ from: CUSTOMER, id: wamid, timestamp: String(Math.floor(Date.now() / 1000)), type: 'image', image: { caption: 'the box, again', mime_type: 'image/jpeg', sha256: media.sha256Base64, id: media.id } }],
        } }] }],
      });
      const post = () => fetch(`${base}/webhooks/whatsapp`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...(appSecret === undefined ? {} : { 'x-hub-signature-256': signBody(body, appSecret) }) } });
      assert.equal((await post()).status, 200);
      // WhatsApp delivers a webhook again when unsure: the message and its file are taken once.
      assert.equal((await post()).status, 200);

      type Chat = { type: string; text: string | null; media?: { status: string; mimeType: string; size: number; contentUrl: string | null; error: string | null } | null };
      const message = await waitFor('the image message to be stored with its file', async () => {
        const chat = (await api('GET', `/conversations/${contact.id}`)).body['messages'] as Chat[];
        const found = chat.find((m) => m.type === 'image');
        if (found?.media?.status === 'failed') throw new Error(`the image failed: ${found.media.error ?? ''}`);
        return found?.media?.status === 'stored' ? found : undefined;
      });
      assert.deepEqual([message.text, message.media?.mimeType, message.media?.size], ['the box, again', 'image/jpeg', photo.length]);
      const url = message.media?.contentUrl ?? '';
      assert.match(url, new RegExp(`^/api/v1/conversations/${contact.id}/media/`));
      const content = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${ADMIN}` } });
      assert.deepEqual([content.status, content.headers.get('content-type'), content.headers.get('x-content-type-options')], [200, 'image/jpeg', 'nosniff']);
      assert.deepEqual(Buffer.from(await content.arrayBuffer()), photo);
      assert.equal(graph.media.downloads(media.id), 1);
      // Under another contact's conversation the same file is not there.
      const other = await storage.contacts.upsert(workspaceId, { phone: '+351910000556', at: new Date() });
      assert.equal((await fetch(`${base}${url.replace(contact.id, other.id)}`, { headers: { authorization: `Bearer ${ADMIN}` } })).status, 404);
      imageUrl = url;
    });

    test("erasing the customer leaves none of their files, Meta's ids or hashes in any table or the media folder", async () => {
      assert.ok(server);
      const { storage, workspaceId } = server.context;
      const contact = await storage.contacts.findByPhone(workspaceId, `+${CUSTOMER}`);
      assert.ok(contact);
      const url = backend.env['DATABASE_URL'];
      const schema = backend.env['FLOWLINE_DATABASE_SCHEMA'];
      const rawQuery = url === undefined || schema === undefined ? openRawQuery({ dataDir }) : openRawQuery({ databaseUrl: url, schema });
      const values = [...phoneFormats(CUSTOMER), 'The box arrived crushed', 'the box, again', 'IMG_0042.jpg', ...graph.media.added().flatMap((m) => [m.id, m.sha256, m.sha256Base64])];
      const tables = new Set((await scanTablesFor(rawQuery, url === undefined ? 'sqlite' : 'postgres', values)).map((f) => f.where));
      for (const table of ['contacts', 'messages', 'media', 'outbox_actions', 'submissions']) assert.ok(tables.has(table), `before: ${table} holds the customer's data`);
      const erased = await api('POST', `/contacts/${contact.id}/erase`);
      assert.equal(erased.status, 200, erased.text);
      assert.deepEqual([(erased.body['counts'] as Record<string, number>)['media'], erased.body['mediaFilesDeleted']], [2, 2], 'the Flow photo and the chat image');
      assert.deepEqual(await scanTablesFor(rawQuery, url === undefined ? 'sqlite' : 'postgres', values), [], 'no table holds any erased value');
      assert.deepEqual(scanFilesFor(join(dataDir, 'media'), values), []);
      assert.deepEqual(filesUnder(join(dataDir, 'media')), [], 'no file of the customer is left in the store');
      assert.equal((await fetch(`${base}${imageUrl}`, { headers: { authorization: `Bearer ${ADMIN}` } })).status, 404);
    });
  });
}

/** Every file below a folder (scratch files of downloads in progress included). */
function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}
