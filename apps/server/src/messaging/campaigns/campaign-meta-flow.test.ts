import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import { createSecretBox } from '@flowline/protocol';
import { extractTexts } from '@flowline/core';
import type { Storage } from '@flowline/storage';
import { createCloudApiClient } from '../channels/cloud-api-client.js';
import { graphPostOverFetch } from '../channels/graph-post.js';
import { startGraphStandIn, type GraphStandIn } from '../channels/test-support/graph-stand-in.js';
import { silentLogger } from '../../logging/logger.js';
import { createWebhookRoutes } from '../webhooks/webhook-routes.js';
import { createMetaFlowLifecycle, type MetaFlowLifecycle } from '../whatsapp/meta-flow-lifecycle.js';
import { createWhatsAppConnections } from '../whatsapp/whatsapp-connection.js';
import { campaignProgress } from './campaign-report.js';
import { campaignChannelFor } from './campaign-channel.js';
import { createCampaignDispatcher, type CampaignDispatcher } from './campaign-dispatcher.js';
import { createCampaign, moveCampaign, startCampaign } from './campaign-service.js';
import { campaignBackends } from './test-support/campaign-fixture.js';

// Campaigns and the Flow's life on Meta (issue 10): every campaign send records the Meta Flow it opens, so a
// publish leaves the old Meta Flow retiring while a campaign's customer is still in it; and a Flow Meta
// THROTTLES or BLOCKS stops its campaigns, as it refuses a single send. Real storage, the real dispatcher and
// Meta lifecycle, the Graph stand-in as Meta (its Flows API, messages and signed `flows` webhooks).

const TOKEN = 'stand-in-token-000000000000';
const APP_SECRET = 'campaign-meta-flow-app-secret';
const WS = 'ws-campaign-meta';
const flowJson = (text: string) => JSON.stringify({ version: '7.2', screens: [{ id: 'ONE', title: 'One', terminal: true, layout: { type: 'SingleColumnLayout', children: [{ type: 'TextBody', text }, { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: {} } }] } }] });
const temporaryError = { status: 500, body: { error: { message: 'Something went wrong', type: 'OAuthException', code: 131000, fbtrace_id: 'Atest' } }, path: /\/messages$/ };

for (const backend of campaignBackends()) {
  describe(`campaigns and the Meta Flow they open [${backend.name}]`, () => {
    let storage: Storage;
    let cleanup: () => Promise<void>;
    let graph: GraphStandIn;
    let lifecycle: MetaFlowLifecycle;
    let dispatcher: CampaignDispatcher;
    let webhooks: ServerType;
    /** What the webhook route answered to each of the stand-in's deliveries. */
    const answers: { status: number; body: { outcomes?: Record<string, unknown>[] } }[] = [];
    const lastOutcome = () => answers.at(-1)?.body.outcomes?.[0];
    // The clock is the test's: a retry's backoff is crossed by moving it, not by waiting.
    let clock = Date.now();
    const now = () => new Date(clock);
    const deps = () => ({ storage, now });

    before(async () => {
      ({ storage, cleanup } = await backend.open());
      graph = await startGraphStandIn({ accessToken: TOKEN, appSecret: APP_SECRET });
      await storage.workspaces.create({ id: WS, name: 'Campaigns on Meta', at: 0 });
      const whatsappDeps = {
        storage, now, log: silentLogger, secretBox: createSecretBox('a test passphrase of the key'), privateHttp: 'loopback' as const,
        bootstrapWorkspaceId: WS, bootstrap: undefined, graphOptions: { retryDelaysMs: [], sleep: () => Promise.resolve() },
      };
      const connections = createWhatsAppConnections(whatsappDeps);
      const saved = await connections.save(WS, { wabaId: graph.wabaId, phoneNumberId: graph.phoneNumberId, accessToken: TOKEN, graphBaseUrl: graph.baseUrl });
      assert.ok(saved.ok);
      lifecycle = createMetaFlowLifecycle(whatsappDeps, connections, { publicBaseUrl: undefined, publicKeyPem: 'unused', flowTokenDays: 3 });
      const client = createCloudApiClient({ baseUrl: graph.baseUrl, apiVersion: 'v23.0', phoneNumberId: graph.phoneNumberId, accessToken: TOKEN }, graphPostOverFetch(fetch));
      dispatcher = createCampaignDispatcher({
        storage, now, log: silentLogger, pacing: false, concurrency: 1,
        channelFor: (campaign) => campaignChannelFor({ storage, now, cloudApiFor: () => Promise.resolve(client) }, campaign),
      });
      // The webhook route as the server mounts it, signatures checked: the stand-in posts Meta's signed deliveries to it.
      const app = createWebhookRoutes({
        storage, now, defaultWorkspaceId: WS, log: silentLogger, appSecrets: [APP_SECRET], verifyToken: undefined,
        ingestCompletion: () => Promise.reject(new Error('no Flow answers in this test')),
      });
      webhooks = serve({
        port: 0, hostname: '127.0.0.1',
        async fetch(request) {
          const response = await app.fetch(request);
          answers.push({ status: response.status, body: (await response.clone().json()) as { outcomes?: Record<string, unknown>[] } });
          return response;
        },
      });
      await new Promise((resolve) => webhooks.once('listening', resolve));
      graph.setWebhookUrl(`http://127.0.0.1:${(webhooks.address() as AddressInfo).port}/webhooks/whatsapp`);
    });
    after(async () => {
      await dispatcher.stop();
      await graph.close();
      await new Promise((resolve) => webhooks.close(resolve));
      await cleanup();
    });

    /** A new version, published in Flowline (the review gate) and on Meta: a new Meta Flow. */
    async function publishVersion(flowId: string, text: string) {
      const added = await storage.flows.addVersion(WS, flowId, { flowJson: flowJson(text), createdAt: clock, createdBy: 't' });
      assert.ok(added.ok);
      assert.ok((await storage.flows.publish(WS, flowId, added.value.number, { at: clock, by: 't' })).ok);
      const pushed = await lifecycle.push(WS, flowId, {});
      assert.ok(pushed.ok, pushed.ok ? '' : pushed.message);
      const published = await lifecycle.publish(WS, flowId);
      assert.ok(published.ok, published.ok ? '' : published.message);
      return published;
    }
    /** Opted-in contacts who wrote within the last 24 hours (an interactive Flow message may reach them). */
    async function customers(prefix: string, count: number) {
      const phones = Array.from({ length: count }, (_, i) => `+3470${prefix}${String(i).padStart(4, '0')}`);
      await storage.audiences.importContacts(WS, phones.map((phone) => ({ phone, tags: [prefix], optInSource: 'test list', optedInAt: 1 })), clock);
      const contacts = await storage.contacts.findByPhones(WS, phones);
      for (const contact of contacts) await storage.contacts.recordInbound(WS, contact.id, now());
      return contacts;
    }
    async function startInteractive(name: string, flowId: string, tag: string, version = 1) {
      const created = await createCampaign(deps(), WS, { name, channel: 'whatsapp', kind: 'interactive', message: { cta: 'Open', body: 'Hello' }, segment: { tags: [tag] }, arms: [{ key: 'A', flowId, version }] });
      assert.ok(created.ok, created.ok ? '' : created.message);
      const started = await startCampaign(deps(), WS, created.campaign.id);
      assert.ok(started.ok, started.ok ? '' : started.message);
      return created.campaign.id;
    }
    const statusOf = async (campaignId: string) => (await storage.campaigns.find(WS, campaignId))?.status;
    const messagesTo = (phones: readonly string[]) => graph.messages.log.filter((m) => phones.includes(m.to));
    const openedFlowId = (body: Record<string, unknown>) => (body['interactive'] as { action: { parameters: Record<string, unknown> } }).action.parameters['flow_id'];

    test('a campaign customer mid-Flow keeps the old Meta Flow retiring across a publish; a recipient claimed after it opens the new one; the old one is deprecated once the customer completes', async () => {
      await storage.flows.create(WS, { id: 'visit', name: 'Visit', at: 0, by: 't' });
      const first = await publishVersion('visit', 'Hi');
      const contacts = await customers('1', 3);
      const phones = contacts.map((c) => c.phone);
      const campaignId = await startInteractive('visits', 'visit', '1');
      // Meta answers the first message with a temporary error: that recipient is retried later, after the publish.
      graph.failNext(temporaryError);
      await dispatcher.runOnce();
      assert.equal(await statusOf(campaignId), 'running');
      const recipients = await storage.campaigns.listRecipients(WS, campaignId);
      const sent = recipients.filter((r) => r.state === 'sent');
      const retried = recipients.find((r) => r.state === 'queued') ?? assert.fail('no recipient waits for its retry');
      assert.equal(sent.length, 2);
      for (const r of sent) assert.equal((await storage.sends.find(WS, r.sendId ?? ''))?.graphFlowId, first.meta.graphFlowId, 'the send records the Meta Flow it opened');
      assert.deepEqual(messagesTo(phones).filter((m) => m.accepted).map((m) => openedFlowId(m.body)), [first.meta.graphFlowId, first.meta.graphFlowId]);

      clock += 1000;
      const second = await publishVersion('visit', 'Hello');
      assert.deepEqual(second.deprecated, [], 'not deprecated while the campaign\'s customers are in it');
      // The two who received it, and the recipient whose send waits for its retry (its earlier message was refused).
      assert.deepEqual(second.retiring, [{ graphFlowId: first.meta.graphFlowId, openSends: 3 }]);
      assert.equal(graph.flows.get(first.meta.graphFlowId)?.status, 'PUBLISHED');

      // The retry comes after the publish: its message opens the new Meta Flow, and its send records that one.
      clock += 5000;
      await dispatcher.runOnce();
      assert.equal(await statusOf(campaignId), 'completed');
      const retriedSend = await storage.sends.find(WS, retried.sendId ?? '');
      assert.deepEqual([retriedSend?.status, retriedSend?.graphFlowId], ['sent', second.meta.graphFlowId]);
      const last = messagesTo([retried.phone]).filter((m) => m.accepted);
      assert.deepEqual(last.map((m) => openedFlowId(m.body)), [second.meta.graphFlowId]);

      assert.deepEqual(await lifecycle.sweepRetiring(), { deprecated: [], stillOpen: [{ graphFlowId: first.meta.graphFlowId, openSends: 2 }] });
      const [done, inFlow] = sent;
      assert.ok(done && inFlow);
      await storage.sends.updateStatus(WS, done.sendId ?? '', { status: 'completed', at: clock });
      assert.deepEqual(await lifecycle.sweepRetiring(), { deprecated: [], stillOpen: [{ graphFlowId: first.meta.graphFlowId, openSends: 1 }] }, 'one customer is still in the old Meta Flow');
      assert.equal(graph.flows.get(first.meta.graphFlowId)?.status, 'PUBLISHED');
      await storage.sends.updateStatus(WS, inFlow.sendId ?? '', { status: 'completed', at: clock });
      assert.deepEqual((await lifecycle.sweepRetiring()).deprecated, [first.meta.graphFlowId]);
      assert.equal(graph.flows.get(first.meta.graphFlowId)?.status, 'DEPRECATED');
      assert.equal(graph.flows.get(second.meta.graphFlowId)?.status, 'PUBLISHED');
    });

    test('THROTTLED by Meta\'s signed webhook stops the campaign with the reason: nothing more goes to Meta, no recipient fails; it resumes once the Flow is PUBLISHED again', async () => {
      await storage.flows.create(WS, { id: 'quiz', name: 'Quiz', at: 0, by: 't' });
      const meta = (await publishVersion('quiz', 'Ready?')).meta.graphFlowId;
      const contacts = await customers('2', 4);
      const phones = contacts.map((c) => c.phone);
      const campaignId = await startInteractive('quizzes', 'quiz', '2');
      graph.failNext(temporaryError);
      await dispatcher.runOnce();
      assert.equal(await statusOf(campaignId), 'running', 'one recipient waits for its retry');
      assert.equal(messagesTo(phones).filter((m) => m.accepted).length, 3);
      const before = messagesTo(phones).length;

      await graph.setFlowStatus(meta, 'THROTTLED');
      assert.equal(answers.at(-1)?.status, 200, 'the signed delivery was taken');
      const stopped = await storage.campaigns.find(WS, campaignId);
      assert.equal(stopped?.status, 'flow-not-sendable');
      assert.match(stopped?.statusReason ?? '', new RegExp(`Flow quiz is THROTTLED on WhatsApp \\(Meta Flow ${meta}\\)`));

      clock += 60_000;
      for (let i = 0; i < 3; i++) await dispatcher.runOnce();
      assert.equal(await statusOf(campaignId), 'flow-not-sendable');
      assert.equal(messagesTo(phones).length, before, 'nothing more was sent to Meta');
      const progress = await campaignProgress(storage, stopped ?? assert.fail());
      assert.deepEqual([progress.totals.sent, progress.totals.queued, progress.totals.failed], [3, 1, 0], 'the waiting recipient stays queued, not failed');

      // Resumed while Meta still throttles it, the dispatcher's own check stops it again before it sends.
      assert.ok((await moveCampaign(deps(), WS, campaignId, 'resume')).ok);
      await dispatcher.runOnce();
      const again = await storage.campaigns.find(WS, campaignId);
      assert.deepEqual([again?.status, again?.statusReason?.includes('THROTTLED')], ['flow-not-sendable', true]);
      assert.equal(messagesTo(phones).length, before);

      await graph.setFlowStatus(meta, 'PUBLISHED');
      assert.equal(await statusOf(campaignId), 'flow-not-sendable', 'nothing resumes by itself');
      assert.ok((await moveCampaign(deps(), WS, campaignId, 'resume')).ok);
      await dispatcher.runOnce();
      assert.equal(await statusOf(campaignId), 'completed');
      const accepted = messagesTo(phones).filter((m) => m.accepted);
      assert.equal(accepted.length, 4);
      assert.equal(new Set(accepted.map((m) => m.to)).size, 4, 'each recipient once');
    });

    test('BLOCKED stops only the running WhatsApp campaigns of that Flow; a BLOCKED retiring Meta Flow stops nothing', async () => {
      await storage.flows.create(WS, { id: 'offer', name: 'Offer', at: 0, by: 't' });
      await storage.flows.create(WS, { id: 'other', name: 'Other', at: 0, by: 't' });
      const old = (await publishVersion('offer', 'Deal')).meta.graphFlowId;
      const current = (await publishVersion('offer', 'Better deal')).meta.graphFlowId;
      await publishVersion('other', 'Else');
      await customers('3', 2);
      const offer = await startInteractive('offers', 'offer', '3', 2);
      const unrelated = await startInteractive('others', 'other', '3');
      const held = await startInteractive('held-offers', 'offer', '3', 2);
      assert.ok((await moveCampaign(deps(), WS, held, 'pause')).ok);

      // The replaced Meta Flow is not what sends open: its status refuses nothing.
      await graph.setFlowStatus(old, 'BLOCKED');
      assert.deepEqual([await statusOf(offer), await statusOf(unrelated)], ['running', 'running']);
      assert.deepEqual([answers.at(-1)?.status, lastOutcome()?.['outcome'], lastOutcome()?.['campaignsStopped']], [200, 'recorded', undefined]);

      await graph.setFlowStatus(current, 'BLOCKED');
      assert.deepEqual([answers.at(-1)?.status, lastOutcome()?.['outcome'], lastOutcome()?.['campaignsStopped']], [200, 'status_applied', 1], 'the webhook\'s answer counts the campaigns it stopped');
      const stopped = await storage.campaigns.find(WS, offer);
      assert.equal(stopped?.status, 'flow-not-sendable');
      assert.match(stopped?.statusReason ?? '', /Flow offer is BLOCKED on WhatsApp/);
      assert.deepEqual([await statusOf(unrelated), await statusOf(held)], ['running', 'paused'], 'another Flow\'s campaign goes on; a paused one stays paused');
    });

    test('each recipient opens the Meta Flow of their language: a Spanish contact the "(es)" one and the Spanish template, an English contact the source', async () => {
      await storage.flows.create(WS, { id: 'welcome', name: 'Welcome', at: 0, by: 't' });
      const added = await storage.flows.addVersion(WS, 'welcome', { flowJson: flowJson('Hi'), createdAt: clock, createdBy: 't' });
      assert.ok(added.ok);
      await storage.translations.saveLocalization(WS, 'welcome', { sourceLanguage: 'en', fallbackLanguage: 'en', languages: ['es'] }, clock);
      const spanish: Readonly<Record<string, string>> = { One: 'Uno', Hi: 'Hola', Done: 'Listo' };
      await storage.translations.save(WS, 'welcome', 1, 'es', extractTexts(JSON.parse(flowJson('Hi'))).map((t) => ({ key: t.key, text: spanish[t.text] ?? '', sourceHash: t.hash })), { at: clock, by: 't' });
      assert.ok((await storage.flows.publish(WS, 'welcome', 1, { at: clock, by: 't' })).ok);
      const pushed = await lifecycle.push(WS, 'welcome', {});
      assert.ok(pushed.ok, pushed.ok ? '' : pushed.message);
      const published = await lifecycle.publish(WS, 'welcome');
      assert.ok(published.ok, published.ok ? '' : published.message);
      const source = published.meta.graphFlowId;
      const es = published.languages.find((l) => l.language === 'es');
      assert.ok(es?.outcome === 'published', JSON.stringify(published.languages));
      assert.match(graph.flows.get(es.meta.graphFlowId)?.flowJson ?? '', /"Hola"/);

      const [inSpanish, inEnglish] = await customers('5', 2);
      assert.ok(inSpanish && inEnglish);
      await storage.contacts.setLanguage(WS, inSpanish.id, 'es', clock);
      await storage.contacts.setLanguage(WS, inEnglish.id, 'en', clock);
      const interactive = await startInteractive('welcomes', 'welcome', '5');
      await dispatcher.runOnce();
      assert.equal(await statusOf(interactive), 'completed');
      const opened = async (campaignId: string) => {
        const byContact = new Map<string, unknown>();
        for (const r of await storage.campaigns.listRecipients(WS, campaignId)) {
          const send = await storage.sends.find(WS, r.sendId ?? '');
          byContact.set(r.contactId, [send?.graphFlowId, send?.language]);
        }
        return [byContact.get(inSpanish.id), byContact.get(inEnglish.id)];
      };
      assert.deepEqual(await opened(interactive), [[es.meta.graphFlowId, 'es'], [source, 'en']]);
      const flowIdTo = new Map(messagesTo([inSpanish.phone, inEnglish.phone]).filter((m) => m.accepted).map((m) => [m.to, openedFlowId(m.body)]));
      assert.deepEqual([flowIdTo.get(inSpanish.phone), flowIdTo.get(inEnglish.phone)], [es.meta.graphFlowId, source], 'each message names its language\'s Meta Flow');

      // A template campaign: the template of the same name in the recipient's language, whose FLOW button opens that language's Meta Flow.
      for (const [language, graphFlowId] of [['en_US', source], ['es', es.meta.graphFlowId]] as const) {
        await storage.whatsapp.saveTemplate(WS, { name: 'welcome_invite', language, graphTemplateId: `welcome-${language}`, category: 'UTILITY', flowId: 'welcome', graphFlowId, status: 'APPROVED', components: [], at: clock });
      }
      const created = await createCampaign(deps(), WS, { name: 'welcome-invites', channel: 'whatsapp', kind: 'template', template: { name: 'welcome_invite', language: 'en_US' }, segment: { tags: ['5'] }, quietPeriodHours: 0, arms: [{ key: 'A', flowId: 'welcome', version: 1 }] });
      assert.ok(created.ok, created.ok ? '' : created.message);
      assert.ok((await startCampaign(deps(), WS, created.campaign.id)).ok);
      const before = graph.messages.log.length;
      await dispatcher.runOnce();
      assert.equal(await statusOf(created.campaign.id), 'completed');
      assert.deepEqual(await opened(created.campaign.id), [[es.meta.graphFlowId, 'es'], [source, 'en']]);
      const templateOf = new Map(graph.messages.log.slice(before).map((m) => [m.to, (m.body['template'] as { language: { code: string } }).language.code]));
      assert.deepEqual([templateOf.get(inSpanish.phone), templateOf.get(inEnglish.phone)], ['es', 'en_US']);
    });
  });
}
