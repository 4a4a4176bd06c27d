import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { generateValidAnswers, type RuntimeState } from '@flowline/core';
import { signBody } from '@flowline/protocol';
import { openRawQuery, phoneFormats, scanFilesFor, scanTablesFor, type RawQuery } from '@flowline/storage/test-support';
import { parseServerConfig } from '../config/parse-server-config.js';
import { silentLogger } from '../logging/logger.js';
import { startServer, type RunningServer } from '../start-server.js';
import { waitFor } from './test-support/http-sink.js';
import { e2eBackends } from './test-support/e2e-backends.js';
import { createAdminApi } from './test-support/admin-api.js';

// Issue 12 part 8, "Must show": erasure leaves no trace. The real server on a loopback port; a customer
// with distinctive values writes in on WhatsApp, completes the booking Flow on the sandbox phone (real
// endpoint, real encryption, signed completion webhook), is booked, ticketed and routed to a webhook
// that is down (so a payload with their answers waits in the outbox). The admin erases them through the
// API; then every table of the database (enumerated at run time) and the media folder are scanned for
// every value, and the dashboard's figures are the same as before.

const ADMIN = 'e2e-admin-token-erasure-0123456789';
const FLOW = 'appointment-booking';
const PHONE = '+1 555 777 0123';
const NAME = 'Quillon Vantablack';
const EMAIL = 'quillon@vantablack.example';
const MESSAGE = 'please call me about Zabrowski Lane';

type Json = { readonly [key: string]: unknown };

function at(value: unknown, ...path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Json)[key];
  }
  return current;
}

/** Every value erasure must remove: the phone in its common formats, the name, the e-mail and the message. */
const ERASED_VALUES = [...phoneFormats(PHONE), NAME, EMAIL, MESSAGE];

for (const backend of e2eBackends('flowline_erasure').filter((b) => b.env['FLOWLINE_APP_SECRET'] !== undefined)) {
  describe(`erasure leaves no trace [${backend.name}]`, () => {
    let dataDir = '';
    let server: RunningServer | undefined;
    let base = '';
    let rawQuery: RawQuery = () => Promise.resolve([]);
    const appSecret = backend.env['FLOWLINE_APP_SECRET'] ?? '';
    const backendName = backend.env['DATABASE_URL'] === undefined ? 'sqlite' as const : 'postgres' as const;
    const api = createAdminApi(() => base, ADMIN);
    let contactId = '';
    let sendId = '';

    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'flowline-erasure-'));
      const parsed = parseServerConfig({
        PORT: '0', HOST: '127.0.0.1', FLOWLINE_WORKERS: '1', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_KEY_PASSPHRASE: 'e2e-pass',
        FLOWLINE_ADMIN_TOKEN: ADMIN, FLOWLINE_ALLOW_PRIVATE_HTTP: 'loopback', FLOWLINE_WEBHOOK_VERIFY_TOKEN: 'e2e-verify', ...backend.env,
      });
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.errors.join('; '));
      server = await startServer(parsed.config, silentLogger);
      base = `http://127.0.0.1:${server.port}`;
      const url = backend.env['DATABASE_URL'];
      const schema = backend.env['FLOWLINE_DATABASE_SCHEMA'];
      rawQuery = url === undefined || schema === undefined ? openRawQuery({ dataDir }) : openRawQuery({ databaseUrl: url, schema });
    });
    after(async () => {
      await server?.close();
      await backend.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    });

    test('the customer writes in, books on the sandbox phone and is routed to a ticket and a webhook that is down', async () => {
      const rules = [{ name: 'Front desk and CRM', actions: [
        { type: 'ticket', queue: 'appointments', priority: 1, title: 'New booking' },
        // Nothing listens on port 9: the delivery fails and waits for its retry with the answers in its payload.
        { type: 'webhook', url: 'http://127.0.0.1:9/crm', secret: 'crm-secret' },
      ] }];
      const routed = await api('PUT', `/flows/${FLOW}/routing`, { rules });
      assert.equal(routed.status, 200, routed.text);
      const created = await api('POST', '/sandbox/contacts', { phone: PHONE, name: NAME });
      assert.equal(created.status, 201, created.text);
      contactId = String(at(created.body, 'contact', 'id'));
      const digits = PHONE.replace(/\D/g, '');
      const inbound = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'waba-1', changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp', metadata: { display_phone_number: '15550100', phone_number_id: 'pn-erasure' },
        contacts: [{ profile: { name: NAME }, wa_id: digits }],
        messages: [{ from: digits, id: 'wamid.erasure-inbound-1', timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: MESSAGE } }],
      } }] }] });
      const posted = await fetch(`${base}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(inbound, appSecret) }, body: inbound });
      assert.equal(posted.status, 200, await posted.text());

      const sent = await api('POST', '/sends', { flowId: FLOW, contactId, channel: 'sandbox', body: `Hi ${NAME}, book your visit`, cta: 'Book' });
      assert.equal(sent.status, 201, sent.text);
      sendId = String(at(sent.body, 'send', 'id'));
      const flow = JSON.parse(String((await api('GET', `/flows/${FLOW}/versions/1`)).body['flowJson'])) as unknown;
      const chat = await api('GET', `/sandbox/chats/${contactId}`);
      const message = (chat.body['messages'] as Json[]).find((m) => m['kind'] === 'flow');
      let view = (await api('POST', `/sandbox/messages/${String(message?.['messageId'])}/open`)).body;
      const sessionId = String(at(view, 'session', 'id'));
      for (let screens = 0; at(view, 'state', 'status', 'kind') !== 'completed'; screens++) {
        assert.ok(screens < 5, `stuck on ${JSON.stringify(at(view, 'screen', 'id'))}`);
        // A hair slot, whatever the hour: late in the day the first slot offered can be another resource's (nails opens later).
        const hairSlot = ((at(view, 'state', 'screens', 'APPOINTMENT', 'data', 'slots') ?? []) as Json[]).map((slot) => String(slot['id'])).find((id) => id.startsWith('hair@'));
        const values = { ...generateValidAnswers(flow, view['state'] as RuntimeState), ...(at(view, 'screen', 'id') === 'DETAILS' ? { name: NAME, email: EMAIL } : {}), ...(at(view, 'screen', 'id') === 'APPOINTMENT' && hairSlot !== undefined ? { slot: hairSlot } : {}) };
        for (const [name, value] of Object.entries(values)) view = (await api('POST', `/sandbox/sessions/${sessionId}/events`, { event: { type: 'fill', name, value } })).body;
        const pressed = await api('POST', `/sandbox/sessions/${sessionId}/events`, { event: { type: 'press', target: 'footer' } });
        assert.equal(pressed.status, 200, pressed.text);
        view = pressed.body;
      }
      const submission = await waitFor('the submission', async () => ((await api('GET', `/submissions?flowId=${FLOW}`)).body['items'] as Json[]).find((s) => s['sendId'] === sendId));
      assert.equal(at(submission, 'answers', 'name'), NAME);
      await waitFor('the ticket', async () => ((await api('GET', '/inbox?queue=appointments')).body['items'] as Json[]).find((i) => i['submissionId'] === submission['id']));
      await waitFor('a failed webhook attempt', async () => ((await api('GET', `/deliveries?submissionId=${String(submission['id'])}`)).body['items'] as Json[]).find((d) => d['kind'] === 'webhook' && d['status'] === 'failed'));
      const bookings = (await api('GET', '/calendar/resources/hair/bookings')).body['items'] as Json[];
      assert.deepEqual(bookings.map((b) => b['status']), ['confirmed'], 'the customer is booked');
      const found = await scanTablesFor(rawQuery, backendName, ERASED_VALUES);
      const tables = new Set(found.map((f) => f.where));
      for (const table of ['contacts', 'submissions', 'inbox_items', 'outbox_actions', 'endpoint_sessions', 'sandbox_messages']) assert.ok(tables.has(table), `before erasure the scan finds the customer in ${table}`);
    });

    test('only an admin may erase: an operator is refused and nothing changes', async () => {
      const made = await api('POST', '/tokens', { name: 'erasure-operator', role: 'operator' });
      const operator = createAdminApi(() => base, String(made.body['token']));
      assert.equal((await operator('POST', `/contacts/${contactId}/erase`)).status, 403);
      assert.equal(at((await api('GET', `/contacts/${contactId}`)).body, 'name'), NAME);
    });

    test('the admin erases the contact: no copy of any value remains in any table or the media folder, and the figures are unchanged', async () => {
      const figures = async () => {
        const metrics = (await api('GET', `/flows/${FLOW}/metrics`)).body;
        const submissions = ((await api('GET', `/submissions?flowId=${FLOW}&limit=200`)).body['items'] as unknown[]).length;
        const tickets = ((await api('GET', '/inbox?queue=appointments&limit=200')).body['items'] as unknown[]).length;
        const bookings = ((await api('GET', '/calendar/resources/hair/bookings')).body['items'] as Json[]).map((b) => [b['id'], b['status']]);
        return { metrics, submissions, tickets, bookings };
      };
      const before = await figures();
      const erased = await api('POST', `/contacts/${contactId}/erase`);
      assert.equal(erased.status, 200, erased.text);
      assert.equal(erased.body['alreadyErased'], false);
      const counts = erased.body['counts'] as Record<string, number>;
      for (const table of ['contacts', 'submissions', 'inbox_items', 'outbox_actions', 'endpoint_sessions', 'sandbox_messages']) assert.ok((counts[table] ?? 0) >= 1, `${table} redacted: ${JSON.stringify(counts)}`);

      assert.deepEqual(await scanTablesFor(rawQuery, backendName, ERASED_VALUES), [], 'no table holds any erased value');
      assert.deepEqual(scanFilesFor(join(dataDir, 'media'), ERASED_VALUES), [], 'no stored media holds any erased value');
      assert.deepEqual(await figures(), before, 'the dashboard, submissions, tickets and bookings count the same');

      const contact = (await api('GET', `/contacts/${contactId}`)).body;
      assert.deepEqual([contact['phone'], contact['name'], contact['optedIn'], typeof contact['erasedAt']], [`erased:${contactId}`, null, false, 'number']);
      const webhook = ((await api('GET', '/deliveries?status=erased')).body['items'] as Json[]).find((d) => d['kind'] === 'webhook');
      assert.ok(webhook !== undefined, 'the waiting webhook is cancelled as erased, never sent with the answers');
      const audit = ((await api('GET', '/audit?action=contact.erase')).body['items'] as Json[]).find((e) => e['targetId'] === contactId);
      assert.deepEqual(at(audit, 'details', 'counts'), counts);
    });

    test('erasing again is idempotent: it answers 200, says so and redacts nothing more', async () => {
      const again = await api('POST', `/contacts/${contactId}/erase`);
      assert.equal(again.status, 200, again.text);
      assert.equal(again.body['alreadyErased'], true);
      assert.deepEqual(Object.values(again.body['counts'] as Record<string, number>).filter((n) => n > 0), []);
      assert.equal((await api('POST', '/contacts/no-such-contact/erase')).status, 404);
      const patched = await api('PATCH', `/contacts/${contactId}`, { name: NAME, optedIn: true });
      assert.deepEqual([patched.status, at(patched.body, 'error', 'code')], [409, 'CONTACT_ERASED'], 'a tombstone cannot be filled in again');
      const resent = await api('POST', '/sends', { flowId: FLOW, contactId, channel: 'sandbox', body: 'Book again', cta: 'Book' });
      assert.deepEqual([resent.status, at(resent.body, 'error', 'code')], [409, 'NO_OPT_IN'], 'nothing is sent to an erased contact');
    });
  });
}
