import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { decryptResponse, encryptRequest } from '@flowline/protocol';
import { parseServerConfig, type ServerConfig } from './config/parse-server-config.js';
import { createServer, type FlowlineServer } from './create-server.js';
import { silentLogger } from './logging/logger.js';
import { startServer } from './start-server.js';
import { testDatabaseUrl } from '@flowline/storage/test-support';

type Screen = { screen: string; data: Record<string, unknown> };

// Tuesday 2026-03-03 08:00 UTC: both seeded resources open later today.
const clock = () => new Date('2026-03-03T08:00:00Z');

function config(dataDir: string, env: Record<string, string> = {}): ServerConfig {
  const parsed = parseServerConfig({ PORT: '0', HOST: '127.0.0.1', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_WORKERS: '1', FLOWLINE_KEY_PASSPHRASE: 'test-pass', ...env });
  assert.ok(parsed.ok);
  return parsed.config;
}

async function send(server: FlowlineServer, flowId: string, payload: unknown): Promise<{ status: number; body: unknown }> {
  const { envelope, aesKey, iv } = encryptRequest(payload, server.publicKeyPem);
  const response = await server.app.request(`/endpoint/${flowId}`, { method: 'POST', body: JSON.stringify(envelope), headers: { 'content-type': 'application/json' } });
  const text = await response.text();
  return { status: response.status, body: response.status === 200 || response.status === 427 ? decryptResponse(text, aesKey, iv) : JSON.parse(text) };
}

test('seeding is idempotent and never overwrites a Flow a user edited', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-seed-'));
  const first = await createServer(config(dataDir, { FLOWLINE_ADMIN_TOKEN: 'admin-secret-of-at-least-24-chars' }), silentLogger, { now: clock });
  const { storage, workspaceId } = first.context;
  assert.deepEqual((await storage.flows.list(workspaceId)).map((f) => f.id), ['appointment-booking', 'feedback', 'lead-qualification', 'registration', 'support-triage', 'survey']);
  assert.equal((await storage.apiTokens.authenticate('admin-secret-of-at-least-24-chars'))?.role, 'admin');
  const edited = JSON.parse((await storage.flows.findLatestVersion(workspaceId, 'feedback'))?.flowJson ?? '{}') as Record<string, unknown>;
  const added = await storage.flows.addVersion(workspaceId, 'feedback', { flowJson: JSON.stringify({ ...edited, version: '7.1' }), createdAt: clock(), createdBy: 'ana' });
  assert.ok(added.ok);
  await first.close();

  const second = await createServer(config(dataDir, { FLOWLINE_ADMIN_TOKEN: 'admin-secret-of-at-least-24-chars' }), silentLogger, { now: clock });
  try {
    const again = second.context.storage;
    assert.equal((await again.flows.listVersions(workspaceId, 'feedback')).length, 2, 'no seed version added on restart');
    assert.equal((await again.flows.listVersions(workspaceId, 'survey')).length, 1);
    assert.equal((await again.calendar.listResources(workspaceId)).length, 2);
    assert.equal((await again.apiTokens.list(workspaceId)).length, 1, 'the admin token is registered once');
    assert.equal(second.runtime.flows.find('feedback')?.version, 2, 'the catalog serves the latest version while none is published');
  } finally {
    await second.close();
  }
});

test('sessions, bookings, traces and measurement events survive a restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-restart-'));
  const first = await createServer(config(dataDir), silentLogger, { now: clock });
  const slot = 'nails@2026-03-03T10:00';
  assert.equal((await send(first, 'appointment-booking', { version: '3.0', action: 'INIT', flow_token: 'tok-1', data: {} })).status, 200);
  const details = (await send(first, 'appointment-booking', { version: '3.0', action: 'data_exchange', screen: 'APPOINTMENT', flow_token: 'tok-1', data: { slot } })).body as Screen;
  assert.equal(details.screen, 'DETAILS');
  const confirmed = (await send(first, 'appointment-booking', { version: '3.0', action: 'data_exchange', screen: 'DETAILS', flow_token: 'tok-1', data: { slot, name: 'Ana', email: 'ana@example.com' } })).body as Screen;
  assert.equal(confirmed.screen, 'CONFIRMED');
  await first.close();

  const second = await createServer(config(dataDir), silentLogger, { now: clock });
  try {
    const { storage, workspaceId } = second.context;
    const session = await storage.endpointSessions.find(workspaceId, 'tok-1');
    assert.equal(session?.flowId, 'appointment-booking');
    assert.deepEqual((session?.data as { lastData: Record<string, unknown> }).lastData['DETAILS'], { slot, slot_label: 'Nails · Tue 3 Mar 10:00' });
    const traces = await storage.endpointTraces.list(workspaceId, { flowId: 'appointment-booking' });
    assert.deepEqual(traces.map((t) => t.action).sort(), ['INIT', 'data_exchange', 'data_exchange']);
    assert.ok(traces.every((t) => t.statusCode === 200 && t.version === 1));
    const counts = await storage.events.countByType(workspaceId, 'appointment-booking');
    assert.deepEqual([counts.opened, counts.screen_reached], [1, 3]);
    // The booking is still there: nails has capacity 1, so the slot is no longer offered.
    const init = (await send(second, 'appointment-booking', { version: '3.0', action: 'INIT', flow_token: 'tok-2', data: {} })).body as Screen;
    assert.equal((init.data['slots'] as { id: string }[]).some((s) => s.id === slot), false);
    assert.ok((init.data['slots'] as { id: string }[]).length > 0);
    // The known session is reused after the restart: its next exchange does not open the Flow again.
    assert.equal((await send(second, 'appointment-booking', { version: '3.0', action: 'BACK', screen: 'DETAILS', flow_token: 'tok-1', data: {} })).status, 200);
    assert.equal(second.runtime.trace.recent(1)[0]?.firstExchange, false);
  } finally {
    await second.close();
  }
});

test('a token issued by a send carries its send id into the opened event', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-send-'));
  const server = await createServer(config(dataDir), silentLogger, { now: clock, flushMs: 5 });
  try {
    const { storage, workspaceId } = server.context;
    const contact = await storage.contacts.upsert(workspaceId, { phone: '447700900123', at: clock() });
    const created = await storage.sends.create(workspaceId, { flowId: 'lead-qualification', version: 1, contactId: contact.id, channel: 'sandbox', at: clock() });
    assert.ok(created.ok);
    const token = created.value.flowToken;
    assert.equal((await send(server, 'lead-qualification', { version: '3.0', action: 'data_exchange', screen: 'COMPANY', flow_token: token, data: { company: 'Acme', employees: '50' } })).status, 200);
    await server.runtime.trace.flush();
    const opened = await storage.events.list(workspaceId, { type: 'opened' });
    assert.equal(opened[0]?.sendId, created.value.id);
  } finally {
    await server.close();
  }
});

test('two cluster workers on one SQLite file never overbook a slot', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-overbook-'));
  const server = await startServer(config(dataDir, { FLOWLINE_WORKERS: '2' }), silentLogger);
  try {
    const publicPem = readFileSync(join(dataDir, 'keys', 'public.pem'), 'utf8');
    const post = async (payload: unknown): Promise<Screen> => {
      const { envelope, aesKey, iv } = encryptRequest(payload, publicPem);
      // A fresh connection per request, so the cluster spreads them over both workers.
      const response = await fetch(`http://127.0.0.1:${server.port}/endpoint/appointment-booking`, { method: 'POST', body: JSON.stringify(envelope), headers: { connection: 'close' } });
      assert.equal(response.status, 200);
      return decryptResponse(await response.text(), aesKey, iv) as Screen;
    };
    const init = await post({ version: '3.0', action: 'INIT', flow_token: 'probe', data: {} });
    const slot = (init.data['slots'] as { id: string }[]).find((s) => s.id.startsWith('hair@'))?.id;
    assert.ok(slot !== undefined, 'a hair slot (capacity 2) is offered');
    const outcomes = await Promise.all(Array.from({ length: 8 }, async (_, i) => {
      const token = `race-${i}-${randomBytes(4).toString('hex')}`;
      await post({ version: '3.0', action: 'INIT', flow_token: token, data: {} });
      return post({ version: '3.0', action: 'data_exchange', screen: 'DETAILS', flow_token: token, data: { slot, name: 'Ana', email: 'ana@example.com' } });
    }));
    assert.equal(outcomes.filter((o) => o.screen === 'CONFIRMED').length, 2, 'exactly the capacity is booked');
    assert.ok(outcomes.filter((o) => o.screen !== 'CONFIRMED').every((o) => o.screen === 'APPOINTMENT' && typeof o.data['error_message'] === 'string'));
  } finally {
    await server.close();
  }
});

const databaseUrl = testDatabaseUrl();
test('DATABASE_URL runs the server on PostgreSQL (fresh schema) and keeps sessions across restarts', { skip: databaseUrl === undefined && 'FLOWLINE_TEST_DATABASE_URL is not set' }, async () => {
  const schema = `server_${randomBytes(6).toString('hex')}`;
  const env = { DATABASE_URL: databaseUrl ?? '', FLOWLINE_DATABASE_SCHEMA: schema };
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-pg-'));
  const first = await createServer(config(dataDir, env), silentLogger, { now: clock });
  try {
    assert.equal(first.context.storage.backend, 'postgres');
    const answer = (await send(first, 'lead-qualification', { version: '3.0', action: 'data_exchange', screen: 'COMPANY', flow_token: 'pg-1', data: { company: 'Acme', employees: '50' } })).body as Screen;
    assert.equal(answer.screen, 'ENTERPRISE');
  } finally {
    await first.close();
  }
  const second = await createServer(config(dataDir, env), silentLogger, { now: clock });
  try {
    assert.equal((await second.context.storage.endpointSessions.find(second.context.workspaceId, 'pg-1'))?.flowId, 'lead-qualification');
    assert.equal((await second.context.storage.flows.list(second.context.workspaceId)).length, 6);
  } finally {
    await second.close();
  }
});

test('a first start without FLOWLINE_ADMIN_TOKEN keeps one admin token in data/admin-token, and later starts issue no other', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-first-token-'));
  const first = await createServer(config(dataDir), silentLogger, { now: clock });
  const file = join(dataDir, 'admin-token');
  const token = readFileSync(file, 'utf8').trim();
  await first.close();
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const second = await createServer(config(dataDir), silentLogger, { now: clock });
  try {
    assert.equal(readFileSync(file, 'utf8').trim(), token);
    const me = await second.app.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { role: string }).role, 'admin');
  } finally {
    await second.close();
  }
});

test('with crypto threads and with none the endpoint gives the same answers, and tampered requests the same 421', async () => {
  const answers: unknown[] = [];
  for (const threads of ['2', '0']) {
    const dataDir = mkdtempSync(join(tmpdir(), `flowline-crypto-${threads}-`));
    const server = await createServer(config(dataDir, { FLOWLINE_CRYPTO_THREADS: threads }), silentLogger, { now: clock });
    try {
      assert.equal(server.runtime.decryptor.threads, Number(threads));
      const replies = await Promise.all(
        Array.from({ length: 24 }, (_, i) => send(server, 'lead-qualification', { version: '3.0', action: 'data_exchange', screen: 'COMPANY', flow_token: `crypto-${i}`, data: { company: `Co ${i}`, employees: String(i * 3) } })),
      );
      assert.deepEqual(replies.map((reply) => reply.status), Array.from({ length: 24 }, () => 200));
      answers.push(replies.map((reply) => reply.body));
      const { envelope } = encryptRequest({ version: '3.0', action: 'ping' }, server.publicKeyPem);
      const tampered = { ...envelope, encrypted_aes_key: randomBytes(256).toString('base64') };
      const response = await server.app.request('/endpoint/lead-qualification', { method: 'POST', body: JSON.stringify(tampered), headers: { 'content-type': 'application/json' } });
      assert.equal(response.status, 421);
    } finally {
      await server.close();
    }
  }
  assert.deepEqual(answers[0], answers[1]);
  assert.equal(new Set((answers[0] as Screen[]).map((body) => body.screen)).size, 2, 'both branches of the Flow were answered');
});
