import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { isSealedSecret } from '@flowline/core';
import { createSecretBox } from '@flowline/protocol';
import { ROLES, type Role } from '@flowline/storage';
import { testDatabaseUrl, throwawaySchema } from '@flowline/storage/test-support';
import { verifyWebhookSignature } from '@flowline/worker';
import { parseServerConfig } from '../../config/parse-server-config.js';
import { createServer, type FlowlineServer } from '../../create-server.js';
import { silentLogger } from '../../logging/logger.js';
import { sealStoredSecrets } from './connector-secrets.js';
import { toStoredRoutingRule } from './stored-routing-rule.js';
import { seedLead } from './test-support/pipeline-fixture.js';

const PASSPHRASE = 'connector-secrets-test';
const SIGNING_SECRET = 'whsec-7d1e-signing-secret-value';
const HEADER_SECRET = 'apikey-93b2-header-secret-value';
const LEGACY_SECRET = 'legacy-plain-secret-4c0a';
const WS = 'secrets-ws';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

const backends: { name: string; env: () => { env: Record<string, string>; drop: () => Promise<void> } }[] = [{ name: 'SQLite', env: () => ({ env: {}, drop: () => Promise.resolve() }) }];
const databaseUrl = testDatabaseUrl();
if (databaseUrl !== undefined) {
  backends.push({
    name: 'PostgreSQL',
    env: () => {
      const { schema, drop } = throwawaySchema(databaseUrl, 'flowline_secrets');
      return { env: { DATABASE_URL: databaseUrl, FLOWLINE_DATABASE_SCHEMA: schema }, drop };
    },
  });
}

/** Issue 15 finding 4: connector secrets are sealed at rest, never returned, and still sign deliveries. */
for (const backend of backends) {
  describe(`connector secrets on ${backend.name}`, () => {
    let server: FlowlineServer;
    let sink: Server;
    let sinkUrl = '';
    const received: Received[] = [];
    let dataDir: string;
    let drop: () => Promise<void>;
    const tokens = {} as Record<Role, string>;
    const box = createSecretBox(PASSPHRASE);

    before(async () => {
      sink = createHttpServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
          res.writeHead(200).end('ok');
        });
      });
      await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
      sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/hook`;
      dataDir = mkdtempSync(join(tmpdir(), 'flowline-secrets-'));
      const db = backend.env();
      drop = db.drop;
      const parsed = parseServerConfig({ PORT: '0', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_WORKERS: '1', FLOWLINE_KEY_PASSPHRASE: PASSPHRASE, FLOWLINE_ALLOW_PRIVATE_HTTP: 'loopback', ...db.env });
      assert.ok(parsed.ok);
      server = await createServer(parsed.config, silentLogger);
      await seedLead(server.context.storage, WS);
      for (const role of ROLES) tokens[role] = (await server.context.storage.apiTokens.issue(WS, { name: role, role, at: 0 })).token;
    });
    after(async () => {
      await server.close();
      sink.closeAllConnections();
      sink.close();
      rmSync(dataDir, { recursive: true, force: true });
      await drop();
    });

    const api = async (method: string, path: string, role: Role = 'admin', body?: unknown) => {
      const response = await server.app.request(`/api/v1${path}`, {
        method, headers: { authorization: `Bearer ${tokens[role]}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, text, body: JSON.parse(text) as Record<string, unknown> };
    };
    const rawRules = async () => JSON.stringify(await server.context.storage.routingRules.list(WS, 'lead'));
    const rawOutbox = async () => JSON.stringify(await server.context.storage.outbox.list(WS, {}));
    const webhook = (over: Record<string, unknown> = {}) => ({ type: 'webhook', url: sinkUrl, secret: SIGNING_SECRET, headers: { 'X-Api-Key': HEADER_SECRET }, ...over });
    const putRules = (actions: unknown[], role: Role = 'designer') => api('PUT', '/flows/lead/routing', role, { rules: [{ name: 'all', actions }] });
    const storedWebhook = async () => (await server.context.storage.routingRules.list(WS, 'lead'))[0]?.actions as Record<string, unknown>[];

    it('stores a webhook secret and header values sealed, and answers with {"set": true}', async () => {
      const put = await putRules([webhook(), { type: 'tag', tags: ['hooked'] }]);
      assert.equal(put.status, 200, put.text);
      assert.ok(!put.text.includes(SIGNING_SECRET) && !put.text.includes(HEADER_SECRET), put.text);
      const shown = ((put.body['rules'] as Record<string, unknown>[])[0]?.['actions'] as Record<string, unknown>[])[0];
      assert.deepEqual(shown, { type: 'webhook', url: sinkUrl, secret: { set: true }, headers: { 'X-Api-Key': { set: true } } });
      const raw = await rawRules();
      assert.ok(!raw.includes(SIGNING_SECRET) && !raw.includes(HEADER_SECRET), 'no plain secret in the stored rule');
      const stored = (await storedWebhook())[0] ?? {};
      assert.ok(isSealedSecret(stored['secret']));
      if (isSealedSecret(stored['secret'])) assert.equal(box.open(stored['secret'].sealed, WS), SIGNING_SECRET);
    });

    it('keeps a stored secret with {"set": true} for the same URL only, and refuses sealed values from clients', async () => {
      const kept = await putRules([webhook({ secret: { set: true }, headers: { 'X-Api-Key': { set: true }, 'X-Other': 'visible-to-nobody' } })]);
      assert.equal(kept.status, 200, kept.text);
      const stored = (await storedWebhook())[0] ?? {};
      const headers = stored['headers'] as Record<string, unknown>;
      assert.ok(isSealedSecret(stored['secret']) && box.open(stored['secret'].sealed, WS) === SIGNING_SECRET);
      assert.ok(isSealedSecret(headers['X-Api-Key']) && box.open(headers['X-Api-Key'].sealed, WS) === HEADER_SECRET);
      assert.ok(isSealedSecret(headers['X-Other']));
      const moved = await putRules([webhook({ url: 'https://elsewhere.example/hook', secret: { set: true }, headers: { 'X-Api-Key': { set: true } } })]);
      assert.equal(moved.status, 422, moved.text);
      assert.match(moved.text, /FLOWLINE_ROUTING_SECRET_NOT_KEPT/);
      const forged = await putRules([webhook({ secret: stored['secret'] })]);
      assert.equal(forged.status, 422, forged.text);
      assert.match(forged.text, /FLOWLINE_ROUTING_SECRET_SEALED/);
      // Put back the first rules (the refused ones changed nothing).
      assert.equal((await putRules([webhook({ secret: { set: true }, headers: { 'X-Api-Key': { set: true } } })])).status, 200);
    });

    it('enqueues sealed secrets, and the worker signs with the real secret and sends the real header', async () => {
      const { flowToken } = await seedLeadSend();
      const outcome = await server.pipeline.ingestCompletion({ workspaceId: WS, flowToken, contactPhone: '+351910000001', answer: { email: 'a@b.c', budget: '10' }, messageId: 'wamid.secrets.1', receivedAt: Date.now() });
      assert.equal(outcome.status, 'routed');
      const raw = await rawOutbox();
      assert.ok(!raw.includes(SIGNING_SECRET) && !raw.includes(HEADER_SECRET), 'no plain secret in the outbox');
      const delivery = await waitForDelivery(received, 1);
      assert.equal(delivery.headers['x-api-key'], HEADER_SECRET);
      const signature = delivery.headers['x-flowline-signature'];
      assert.equal(verifyWebhookSignature(SIGNING_SECRET, typeof signature === 'string' ? signature : undefined, delivery.body, Date.now() / 1000).ok, true);
    });

    it('never shows a secret to any role: routing, routing test, deliveries, a delivery, a submission', async () => {
      const [delivery] = await server.context.storage.outbox.list(WS, {});
      assert.ok(delivery !== undefined);
      for (const role of ROLES) {
        const answers: { status: number; text: string }[] = [
          await api('GET', '/flows/lead/routing', role),
          await api('POST', '/flows/lead/routing/test', role, { answer: { email: 'a@b.c' } }),
          await api('GET', '/deliveries', role),
          await api('GET', `/deliveries/${delivery.id}`, role),
          await api('GET', `/submissions/${delivery.submissionId ?? ''}`, role),
        ];
        for (const answer of answers) {
          assert.ok(!answer.text.includes(SIGNING_SECRET) && !answer.text.includes(HEADER_SECRET), `${role}: ${answer.text}`);
          assert.ok(!answer.text.includes('fls1.'), `${role}: sealed values stay inside`);
        }
        assert.equal(answers[0]?.status, 200, role);
        assert.match(answers[3]?.text ?? '', /"secret":\{"set":true\}/);
      }
    });

    it('seals the plain secrets of rows written before sealing (the migration 0005 backlog), and they still sign', async () => {
      // A rule and an outbox row as an older Flowline wrote them: secrets in plain text.
      const legacy = toStoredRoutingRule({ name: 'legacy', actions: [webhook({ secret: LEGACY_SECRET, headers: { 'X-Api-Key': LEGACY_SECRET } })] });
      assert.ok(legacy.ok);
      await server.context.storage.routingRules.replace(WS, 'lead', [legacy.input], Date.now());
      server.pipeline.invalidateRules(WS, 'lead');
      const before = received.length;
      const { flowToken } = await seedLeadSend();
      assert.equal((await server.pipeline.ingestCompletion({ workspaceId: WS, flowToken, contactPhone: '+351910000001', answer: { email: 'a@b.c', budget: '10' }, messageId: 'wamid.secrets.2', receivedAt: Date.now() })).status, 'routed');
      assert.ok((await rawRules()).includes(LEGACY_SECRET) && (await rawOutbox()).includes(LEGACY_SECRET), 'the legacy rows hold the plain secret');
      const shown = await api('GET', '/flows/lead/routing', 'viewer');
      assert.ok(!shown.text.includes(LEGACY_SECRET), 'a plain secret left in a row is not shown either');
      await server.context.storage.secretSealing.enlist();
      assert.ok((await sealStoredSecrets(server.context.storage, box)) >= 2);
      assert.ok(!(await rawRules()).includes(LEGACY_SECRET) && !(await rawOutbox()).includes(LEGACY_SECRET), 'no plain secret left after sealing');
      assert.deepEqual(await server.context.storage.secretSealing.pending(10), []);
      const delivery = await waitForDelivery(received, before + 1);
      assert.equal(verifyWebhookSignature(LEGACY_SECRET, String(delivery.headers['x-flowline-signature']), delivery.body, Date.now() / 1000).ok, true);
    });

    async function seedLeadSend(): Promise<{ flowToken: string }> {
      const contact = await server.context.storage.contacts.upsert(WS, { phone: '+351910000001', at: 0 });
      const send = await server.context.storage.sends.create(WS, { flowId: 'lead', version: 1, contactId: contact.id, channel: 'sandbox', at: Date.now() });
      if (!send.ok) throw new Error(send.message);
      return { flowToken: send.value.flowToken };
    }
  });
}

/** Waits (bounded) until the sink holds `count` deliveries; returns the last. */
async function waitForDelivery(received: readonly Received[], count: number): Promise<Received> {
  for (let i = 0; i < 200 && received.length < count; i += 1) await sleep(50);
  const last = received[count - 1];
  if (last === undefined) throw new Error(`the sink received ${received.length} deliveries, expected ${count}`);
  return last;
}
