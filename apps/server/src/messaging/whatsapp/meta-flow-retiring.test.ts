import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSecretBox } from '@flowline/protocol';
import { openStorage, type Storage } from '@flowline/storage';
import { startGraphStandIn, type GraphStandIn } from '../channels/test-support/graph-stand-in.js';
import { sendFlow } from '../channels/send-flow.js';
import { createCloudApiClient } from '../channels/cloud-api-client.js';
import { graphPostOverFetch } from '../channels/graph-post.js';
import { createMetaFlowLifecycle, type MetaFlowLifecycle } from './meta-flow-lifecycle.js';
import { startRetirementCheck } from './retirement-check.js';
import { createWhatsAppConnections } from './whatsapp-connection.js';

// A published Meta Flow replaced by a newer version is retired, not deprecated at once, while customers
// who received it can still finish it: the clock is injected, so the flow-token lifetime is crossed by hand.

const WS = 'w';
const TOKEN = 'tok';
const DAY = 86_400_000;
const T0 = Date.parse('2026-05-04T09:00:00Z');
const flowJson = (text: string) => JSON.stringify({ version: '7.2', screens: [{ id: 'ONE', title: 'One', terminal: true, layout: { type: 'SingleColumnLayout', children: [{ type: 'TextBody', text }, { type: 'Footer', label: 'Done', 'on-click-action': { name: 'complete', payload: {} } }] } }] });

describe('retiring Meta Flows: deprecated on Meta only once nothing in flight uses them', () => {
  let dir: string;
  let storage: Storage;
  let graph: GraphStandIn;
  let lifecycle: MetaFlowLifecycle;
  let clock = T0;
  const now = () => new Date(clock);
  let contactId = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowline-retiring-'));
    storage = await openStorage({ dataDir: dir });
    graph = await startGraphStandIn({ accessToken: TOKEN });
    await storage.workspaces.create({ id: WS, name: 'W', at: 0 });
    const deps = {
      storage, now, log: () => undefined, secretBox: createSecretBox('a test passphrase of the key'), privateHttp: 'loopback' as const,
      bootstrapWorkspaceId: WS, bootstrap: undefined, graphOptions: { retryDelaysMs: [], sleep: () => Promise.resolve() },
    };
    const connections = createWhatsAppConnections(deps);
    assert.ok((await connections.save(WS, { wabaId: graph.wabaId, phoneNumberId: graph.phoneNumberId, accessToken: TOKEN, graphBaseUrl: graph.baseUrl })).ok);
    lifecycle = createMetaFlowLifecycle(deps, connections, { publicBaseUrl: undefined, publicKeyPem: 'unused', flowTokenDays: 3 });
    const contact = await storage.contacts.upsert(WS, { phone: '+15550009999', at: T0 });
    await storage.contacts.setOptIn(WS, contact.id, true, T0);
    contactId = contact.id;
  });
  after(async () => {
    await graph.close();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const whatsapp = () => createCloudApiClient({ baseUrl: graph.baseUrl, apiVersion: 'v23.0', phoneNumberId: graph.phoneNumberId, accessToken: TOKEN }, graphPostOverFetch(fetch));
  /** A send on WhatsApp through the real send service (a template send: no service window needed). */
  async function send(flowId: string, template?: string) {
    const sent = await sendFlow({ storage, now, whatsapp: whatsapp() }, {
      workspaceId: WS, flowId, contactId, channel: 'whatsapp',
      ...(template === undefined ? {} : { kind: 'template' as const, template: { name: template, language: 'en_US' } }),
    });
    assert.ok(sent.ok, sent.ok ? '' : sent.message);
    return sent.send;
  }
  async function publishVersion(flowId: string, text: string) {
    const added = await storage.flows.addVersion(WS, flowId, { flowJson: flowJson(text), createdAt: clock, createdBy: 't' });
    assert.ok(added.ok);
    // Live in Flowline as well: WhatsApp sends open the published version (the review gate, docs/governance.md).
    assert.ok((await storage.flows.publish(WS, flowId, added.value.number, { at: clock, by: 't' })).ok);
    const pushed = await lifecycle.push(WS, flowId, {});
    assert.ok(pushed.ok, pushed.ok ? '' : pushed.message);
    const published = await lifecycle.publish(WS, flowId);
    assert.ok(published.ok, published.ok ? '' : published.message);
    return published;
  }

  test('a send records the Meta Flow it opened; publishing a new version leaves the old one retiring while its customer is in it', async () => {
    await storage.flows.create(WS, { id: 'visit', name: 'Visit', at: 0, by: 't' });
    await storage.contacts.recordInbound(WS, contactId, now());
    const first = await publishVersion('visit', 'Hi');
    assert.deepEqual([first.deprecated, first.retiring], [[], []]);
    const open = await send('visit');
    assert.equal(open.graphFlowId, first.meta.graphFlowId);
    assert.equal((await storage.sends.find(WS, open.id))?.graphFlowId, first.meta.graphFlowId);

    clock += 1000;
    const second = await publishVersion('visit', 'Hello');
    assert.deepEqual(second.deprecated, []);
    assert.deepEqual(second.retiring, [{ graphFlowId: first.meta.graphFlowId, openSends: 1 }]);
    assert.equal(graph.flows.get(first.meta.graphFlowId)?.status, 'PUBLISHED', 'not deprecated on Meta yet');
    const status = await lifecycle.status(WS, 'visit');
    assert.equal(status.current?.graphFlowId, second.meta.graphFlowId, 'sends use the new Meta Flow');
    const old = status.history.find((m) => m.graphFlowId === first.meta.graphFlowId);
    assert.deepEqual([old?.status, old?.retiringAt, old && 'openSends' in old ? old.openSends : undefined], ['PUBLISHED', clock, 1]);
    assert.equal((await send('visit')).graphFlowId, second.meta.graphFlowId);

    // The check leaves it while the customer is still in it.
    assert.deepEqual(await lifecycle.sweepRetiring(), { deprecated: [], stillOpen: [{ graphFlowId: first.meta.graphFlowId, openSends: 1 }] });
    assert.equal(graph.flows.get(first.meta.graphFlowId)?.status, 'PUBLISHED');

    // The customer completes it: the next check deprecates it on Meta.
    await storage.sends.updateStatus(WS, open.id, { status: 'completed', at: clock });
    const check = startRetirementCheck(lifecycle, () => undefined, 3_600_000);
    await check.runOnce();
    await check.stop();
    assert.equal(graph.flows.get(first.meta.graphFlowId)?.status, 'DEPRECATED');
    const after = (await lifecycle.status(WS, 'visit')).history.find((m) => m.graphFlowId === first.meta.graphFlowId);
    assert.deepEqual([after?.status, after?.retiringAt], ['DEPRECATED', null]);
    assert.deepEqual(await lifecycle.sweepRetiring(), { deprecated: [], stillOpen: [] }, 'nothing left to retire');
  });

  test('a send never finished stops holding the old Meta Flow once it is older than the flow-token lifetime', async () => {
    await storage.flows.create(WS, { id: 'quiz', name: 'Quiz', at: 0, by: 't' });
    await storage.contacts.recordInbound(WS, contactId, now());
    const first = await publishVersion('quiz', 'One');
    const sentAt = clock;
    await send('quiz');
    clock += DAY;
    const second = await publishVersion('quiz', 'Two');
    assert.deepEqual(second.retiring.map((r) => r.graphFlowId), [first.meta.graphFlowId]);
    clock = sentAt + 3 * DAY - 1;
    assert.deepEqual((await lifecycle.sweepRetiring()).deprecated, [], 'within the lifetime');
    clock = sentAt + 3 * DAY + 1;
    assert.deepEqual((await lifecycle.sweepRetiring()).deprecated, [first.meta.graphFlowId]);
    assert.equal(graph.flows.get(first.meta.graphFlowId)?.status, 'DEPRECATED');
  });

  test('Meta refusing the deprecation keeps the Meta Flow retiring; the next check retries it', async () => {
    await storage.flows.create(WS, { id: 'retry', name: 'Retry', at: 0, by: 't' });
    const first = await publishVersion('retry', 'A');
    graph.failNext({ status: 500, body: { error: { message: 'An unknown error occurred', type: 'OAuthException', code: 1 } }, path: /\/deprecate$/ });
    const second = await publishVersion('retry', 'B');
    assert.deepEqual([second.deprecated, second.retiring], [[], []]);
    assert.match(second.warnings[0] ?? '', /was not deprecated: .*Flowline retries it/);
    assert.notEqual((await storage.whatsapp.locateMetaFlow(first.meta.graphFlowId))?.retiringAt, null);
    assert.deepEqual((await lifecycle.sweepRetiring()).deprecated, [first.meta.graphFlowId]);
    assert.equal(graph.flows.get(first.meta.graphFlowId)?.status, 'DEPRECATED');
  });

  test('a template send records the Meta Flow of its FLOW button and holds that one', async () => {
    await storage.flows.create(WS, { id: 'promo', name: 'Promo', at: 0, by: 't' });
    const first = await publishVersion('promo', 'Deal');
    await storage.whatsapp.saveTemplate(WS, { name: 'promo_deal', language: 'en_US', graphTemplateId: 't-promo', category: 'MARKETING', flowId: 'promo', graphFlowId: first.meta.graphFlowId, status: 'APPROVED', components: [], at: clock });
    const sent = await send('promo', 'promo_deal');
    assert.equal(sent.graphFlowId, first.meta.graphFlowId);
    const second = await publishVersion('promo', 'Better deal');
    assert.deepEqual(second.retiring, [{ graphFlowId: first.meta.graphFlowId, openSends: 1 }]);
  });

  test('the dashboard alerts list active Meta alerts and THROTTLED or BLOCKED Flows, newest first, without deprecated Meta Flows', async () => {
    await storage.flows.create(WS, { id: 'alerted', name: 'Alerted', at: 0, by: 't' });
    const published = await publishVersion('alerted', 'Hey');
    const id = published.meta.graphFlowId;
    await storage.channels.recordFlowHealth(WS, { flowId: 'alerted', graphFlowId: id, event: 'ENDPOINT_LATENCY', alertState: 'ACTIVATED', message: 'p90 latency above 7s', details: {}, at: clock + 1 });
    await storage.channels.recordFlowHealth(WS, { flowId: 'alerted', graphFlowId: id, event: 'CLIENT_ERROR_RATE', alertState: 'ACTIVATED', details: {}, at: clock + 2 });
    await storage.channels.recordFlowHealth(WS, { flowId: 'alerted', graphFlowId: id, event: 'CLIENT_ERROR_RATE', alertState: 'DEACTIVATED', details: {}, at: clock + 3 });
    await storage.whatsapp.updateMetaFlow(WS, id, { status: 'THROTTLED', at: clock + 4 });
    // An alert of a deprecated Meta Flow is history.
    const gone = (await storage.whatsapp.listMetaFlows(WS, 'visit')).find((m) => m.status === 'DEPRECATED');
    assert.ok(gone);
    await storage.channels.recordFlowHealth(WS, { flowId: 'visit', graphFlowId: gone.graphFlowId, event: 'ENDPOINT_AVAILABILITY', alertState: 'ACTIVATED', details: {}, at: clock + 5 });
    const alerts = await lifecycle.workspaceAlerts(WS);
    assert.deepEqual(alerts.map((a) => [a.flowId, a.kind, a.event]), [['alerted', 'status', 'THROTTLED'], ['alerted', 'alert', 'ENDPOINT_LATENCY']]);
    assert.match(alerts[0]?.message ?? '', /THROTTLED on WhatsApp/);
    assert.equal(alerts[1]?.message, 'p90 latency above 7s');
  });
});
