import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { getRequestListener } from '@hono/node-server';
import { openStorage, type Storage } from '@flowline/storage';
import { Hono } from 'hono';
import { sendFlow } from '../channels/send-flow.js';
import { parseEndpointConfig } from '../../endpoint/declarative/parse-endpoint-config.js';
import { toEndpointDefinition } from '../../endpoint/declarative/to-endpoint-definition.js';
import { silentLogger } from '../../logging/logger.js';
import { SEEDS_DIR } from '../../admin/seeds/load-seeds.js';
import { createHarness, testKeyPair } from '../../test-support/endpoint-harness.js';
import type { CompletionInput } from '../pipeline/ingest-completion.js';
import { createWebhookRoutes } from '../webhooks/webhook-routes.js';
import { createSandboxService, type SandboxService } from './sandbox-service.js';
import { applyCallerWrites } from '../pipeline/group-commit.js';

const WS = 'default';
const SECRET = 'sandbox-app-secret';
const seed = (name: string): unknown => JSON.parse(readFileSync(join(SEEDS_DIR, name), 'utf8')) as unknown;

describe('sandbox phone round trip', () => {
  let dir: string;
  let storage: Storage;
  let server: Server;
  let sandbox: SandboxService;
  const ingested: CompletionInput[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowline-sandbox-'));
    storage = await openStorage({ dataDir: dir });
    await storage.workspaces.create({ id: WS, name: 'Default', at: 0 });
    for (const [id, file] of [['survey', 'survey.flow.json'], ['lead-qualification', 'lead-qualification.flow.json']] as const) {
      await storage.flows.create(WS, { id, name: id, at: 0, by: 't' });
      await storage.flows.addVersion(WS, id, { flowJson: readFileSync(join(SEEDS_DIR, file), 'utf8'), createdAt: 0, createdBy: 't' });
      await storage.flows.publish(WS, id, 1, { at: 0, by: 't' });
    }
    const config = parseEndpointConfig(seed('lead-qualification.endpoint.json'));
    assert.ok(config.ok);
    const endpoint = createHarness({ appSecret: SECRET, flows: [{ id: 'lead-qualification', flow: seed('lead-qualification.flow.json'), endpoint: toEndpointDefinition(config.config) }] });
    const app = new Hono();
    app.route('/', endpoint.app);
    app.route('/', createWebhookRoutes({
      storage, now: () => new Date(), defaultWorkspaceId: WS, log: silentLogger, verifyToken: undefined, appSecrets: [SECRET],
      // A stand-in for the pipeline that keeps the port's contract: the caller's writes and the send's
      // completion commit with the answer, and the outcome carries a status.
      ingestCompletion: async (input) => {
        const accepted = await storage.transaction(async (tx) => {
          const ok = input.writes === undefined || (await applyCallerWrites(tx, input.writes));
          if (ok && input.sendId !== undefined) await tx.sends.updateStatus(input.workspaceId, input.sendId, { status: 'completed', at: input.receivedAt });
          return ok;
        });
        if (!accepted) return { status: 'duplicate', messageId: input.messageId };
        ingested.push(input);
        return { status: 'routed', submissionId: `stand-in:${input.messageId}`, actionIds: [], matchedRuleIds: [] };
      },
    }));
    server = createServer(getRequestListener(app.fetch));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const publicKeyPem = testKeyPair().publicKey.export({ type: 'spki', format: 'pem' }).toString();
    sandbox = createSandboxService({ storage, now: () => new Date(), log: silentLogger, selfBaseUrl: () => `http://127.0.0.1:${port}`, publicKeyPem, appSecret: SECRET });
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('sends a static Flow to a sandbox contact, completes it with the real runtime and posts a signed completion webhook', async () => {
    const contact = await sandbox.ensureContact(WS, { phone: '+351910000001', name: 'Ana' });
    assert.equal(contact.optedIn, true);
    const sent = await sendFlow({ storage, now: () => new Date(), sandbox }, { workspaceId: WS, flowId: 'survey', contactId: contact.id, channel: 'sandbox', cta: 'Start survey' });
    assert.ok(sent.ok, JSON.stringify(sent));
    const chat = await sandbox.getChat(WS, contact.id);
    assert.deepEqual(chat?.messages.map((m) => [m.direction, m.kind]), [['customer', 'text'], ['business', 'flow']]);
    assert.deepEqual(await sandbox.listChats(WS).then((chats) => chats.map((c) => c.contactId)), [contact.id]);

    const opened = await sandbox.openFlowMessage(WS, sent.messageId);
    assert.ok(opened.ok, JSON.stringify(opened));
    assert.equal(opened.value.screen?.id, 'HABITS');
    const session = opened.value.session.id;
    const reopened = await sandbox.openFlowMessage(WS, sent.messageId);
    assert.equal(reopened.ok && reopened.value.session.id, session);

    const steps = [
      { type: 'fill', name: 'channels', value: ['friends', 'search'] },
      { type: 'fill', name: 'frequency', value: 'weekly' },
      { type: 'press', target: 'footer' },
      { type: 'fill', name: 'recommend', value: 'yes' },
      { type: 'press', target: 'footer' },
    ] as const;
    let last;
    for (const event of steps) {
      last = await sandbox.stepSession(WS, session, event);
      assert.ok(last.ok, JSON.stringify(last));
    }
    assert.equal(last?.ok && last.value.state.status.kind, 'completed');
    const input = ingested.find((i) => i.flowToken === sent.send.flowToken);
    assert.deepEqual(input && [input.sendId, input.flowId, input.flowVersion, input.contactPhone], [sent.send.id, 'survey', 1, '+351910000001']);
    assert.deepEqual(input && input.answer, { channels: ['friends', 'search'], frequency: 'weekly', recommend: 'yes' });
    assert.equal((await storage.sends.find(WS, sent.send.id))?.status, 'completed');
    const messages = (await sandbox.getChat(WS, contact.id))?.messages ?? [];
    assert.deepEqual(messages.map((m) => m.kind), ['text', 'flow', 'flow_reply']);
    assert.equal(messages[2]?.messageId, input?.messageId);
    assert.ok(Array.isArray((messages[2]?.body as { summary: unknown }).summary));
    const again = await sandbox.stepSession(WS, session, { type: 'press', target: 'footer' });
    assert.equal(again.ok ? 'ok' : again.problem.code, 'RUNTIME_ERROR');
  });

  test('runs a dynamic Flow against the real endpoint with real encryption and signatures', async () => {
    const contact = await sandbox.ensureContact(WS, { phone: '+351910000002' });
    const sent = await sendFlow({ storage, now: () => new Date(), sandbox }, { workspaceId: WS, flowId: 'lead-qualification', contactId: contact.id, channel: 'sandbox' });
    assert.ok(sent.ok);
    const opened = await sandbox.openFlowMessage(WS, sent.messageId);
    assert.ok(opened.ok, JSON.stringify(opened));
    const id = opened.value.session.id;
    await sandbox.stepSession(WS, id, { type: 'fill', name: 'company', value: 'Acme' });
    await sandbox.stepSession(WS, id, { type: 'fill', name: 'employees', value: '250' });
    const next = await sandbox.stepSession(WS, id, { type: 'press', target: 'footer' });
    assert.ok(next.ok, JSON.stringify(next));
    assert.equal(next.value.screen?.id, 'ENTERPRISE');
    assert.equal(next.value.state.screens['ENTERPRISE']?.data['segment'], 'enterprise');
  });

  test('refuses events a customer cannot produce and unknown messages', async () => {
    const refused = await sandbox.stepSession(WS, 'x', { type: 'endpoint_response', response: {} });
    assert.equal(refused.ok ? 'ok' : refused.problem.code, 'INVALID_EVENT');
    const missing = await sandbox.openFlowMessage(WS, 'wamid.nothing');
    assert.equal(missing.ok ? 'ok' : missing.problem.code, 'NOT_FOUND');
    assert.equal((await sandbox.renderSession(WS, 'nope')).ok, false);
  });
});
