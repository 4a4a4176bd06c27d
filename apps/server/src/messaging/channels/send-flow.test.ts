import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStorage, type Storage } from '@flowline/storage';
import { createCloudApiClient } from './cloud-api-client.js';
import { graphPostOverFetch } from './graph-post.js';
import { sendFlow, type SandboxOutlet, type SendFlowDeps } from './send-flow.js';
import { startGraphStandIn, type GraphStandIn } from './test-support/graph-stand-in.js';

const NOW = Date.parse('2026-03-02T10:00:00Z');
const HOUR = 3_600_000;
const WS = 'w';

describe('sendFlow', () => {
  let dir: string;
  let storage: Storage;
  let graph: GraphStandIn;
  let deps: SendFlowDeps;
  const chat: { contactId: string; body: Record<string, unknown> }[] = [];
  const sandbox: SandboxOutlet = {
    deliverFlowMessage: (_ws, message) => {
      chat.push(message);
      return Promise.resolve({ messageId: `wamid.sandbox-${chat.length}` });
    },
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowline-send-'));
    storage = await openStorage({ dataDir: dir });
    graph = await startGraphStandIn();
    await storage.workspaces.create({ id: WS, name: 'W', at: 0 });
    await storage.flows.create(WS, { id: 'survey', name: 'Survey', at: 0, by: 't' });
    await storage.flows.addVersion(WS, 'survey', { flowJson: '{}', createdAt: 0, createdBy: 't' });
    await storage.flows.publish(WS, 'survey', 1, { at: 0, by: 't' });
    deps = {
      storage, now: () => new Date(NOW), sandbox,
      whatsapp: createCloudApiClient({ baseUrl: graph.baseUrl, apiVersion: 'v23.0', phoneNumberId: 'PN', accessToken: 'tok' }, graphPostOverFetch(fetch)),
    };
  });
  after(async () => {
    await graph.close();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function contact(phone: string, options: { optIn: boolean; lastInboundAgoMs?: number }) {
    const c = await storage.contacts.upsert(WS, { phone, at: 0 });
    if (options.optIn) await storage.contacts.setOptIn(WS, c.id, true, 0);
    if (options.lastInboundAgoMs !== undefined) await storage.contacts.recordInbound(WS, c.id, NOW - options.lastInboundAgoMs);
    return c;
  }

  test('sends through the Cloud API inside the window, with a fresh flow_token, its endpoint session and a sent event', async () => {
    const c = await contact('+351900000001', { optIn: true, lastInboundAgoMs: HOUR });
    await storage.channels.linkGraphFlow(WS, 'survey', '555', 0);
    const result = await sendFlow(deps, { workspaceId: WS, flowId: 'survey', contactId: c.id, channel: 'whatsapp', cta: 'Start', body: 'Tell us', screen: 'QUESTION_ONE', data: { name: 'Ana' } });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.send.status, 'sent');
    const request = graph.requests.at(-1)?.body as { to: string; interactive: { action: { parameters: Record<string, unknown> } } };
    assert.equal(request.to, '+351900000001');
    assert.deepEqual(request.interactive.action.parameters, {
      flow_message_version: '3', flow_action: 'navigate', flow_token: result.send.flowToken, flow_id: '555', flow_cta: 'Start',
      flow_action_payload: { screen: 'QUESTION_ONE', data: { name: 'Ana' } },
    });
    assert.equal((await storage.sends.findByMessageId(WS, result.messageId))?.id, result.send.id);
    // The endpoint opens the session at the first exchange (recording `opened` with the send), not the send.
    assert.equal(await storage.endpointSessions.find(WS, result.send.flowToken, NOW), undefined);
    assert.equal((await storage.sends.findByFlowToken(WS, result.send.flowToken))?.id, result.send.id);
    assert.deepEqual((await storage.events.list(WS, { sendId: result.send.id })).map((e) => e.type), ['sent']);
  });

  test('opens a Flow whose endpoint answers INIT with a data_exchange, without a screen to navigate to', async () => {
    await storage.flows.create(WS, { id: 'booking', name: 'Booking', at: 0, by: 't' });
    await storage.flows.addVersion(WS, 'booking', { flowJson: '{}', endpointConfig: { INIT: { screen: 'START' } }, createdAt: 0, createdBy: 't' });
    // Published: on WhatsApp only the published version or an approved one is sent (docs/governance.md).
    await storage.flows.publish(WS, 'booking', 1, { at: 0, by: 't' });
    const c = await contact('+351900000009', { optIn: true, lastInboundAgoMs: HOUR });
    const result = await sendFlow(deps, { workspaceId: WS, flowId: 'booking', contactId: c.id, channel: 'whatsapp' });
    assert.ok(result.ok, JSON.stringify(result));
    const request = graph.requests.at(-1)?.body as { interactive: { action: { parameters: Record<string, unknown> } } };
    assert.equal(request.interactive.action.parameters['flow_action'], 'data_exchange');
    assert.equal(request.interactive.action.parameters['flow_action_payload'], undefined);
  });

  test('refuses a free-form Flow message outside the 24-hour window, and allows a template', async () => {
    const c = await contact('+351900000002', { optIn: true, lastInboundAgoMs: 25 * HOUR });
    const before = graph.requests.length;
    const refused = await sendFlow(deps, { workspaceId: WS, flowId: 'survey', contactId: c.id, channel: 'whatsapp' });
    assert.deepEqual(refused.ok ? 'sent' : [refused.code, refused.status], ['OUTSIDE_SERVICE_WINDOW', 409]);
    assert.equal(graph.requests.length, before);
    assert.equal((await storage.sends.list(WS, { contactId: c.id })).length, 0);
    const template = await sendFlow(deps, { workspaceId: WS, flowId: 'survey', contactId: c.id, channel: 'whatsapp', kind: 'template', template: { name: 'survey_invite', language: 'en_US' } });
    assert.ok(template.ok);
    assert.equal((graph.requests.at(-1)?.body as { type: string }).type, 'template');
  });

  test('refuses any send, template included, to a contact without opt-in', async () => {
    const c = await contact('+351900000003', { optIn: false, lastInboundAgoMs: HOUR });
    for (const kind of ['interactive', 'template'] as const) {
      const refused = await sendFlow(deps, { workspaceId: WS, flowId: 'survey', contactId: c.id, channel: 'whatsapp', kind, template: { name: 't', language: 'en_US' } });
      assert.equal(refused.ok ? 'sent' : refused.code, 'NO_OPT_IN');
    }
  });

  test('refuses a blocked Flow, unknown contacts and Flows, and an unconfigured channel', async () => {
    const c = await contact('+351900000004', { optIn: true, lastInboundAgoMs: HOUR });
    const code = async (request: Partial<Parameters<typeof sendFlow>[1]>, d: SendFlowDeps = deps) => {
      const r = await sendFlow(d, { workspaceId: WS, flowId: 'survey', contactId: c.id, ...request });
      return r.ok ? 'sent' : r.code;
    };
    assert.equal(await code({ contactId: 'nobody' }), 'UNKNOWN_CONTACT');
    assert.equal(await code({ flowId: 'nothing' }), 'UNKNOWN_FLOW');
    assert.equal(await code({ version: 7 }), 'UNKNOWN_VERSION');
    assert.equal(await code({ channel: 'whatsapp' }, { storage, now: deps.now }), 'CHANNEL_NOT_CONFIGURED');
    await storage.flows.setStatus(WS, 'survey', 'blocked', { at: 0, by: 't' });
    assert.equal(await code({ channel: 'whatsapp' }), 'FLOW_NOT_SENDABLE');
    await storage.flows.setStatus(WS, 'survey', 'published', { at: 0, by: 't' });
  });

  test('marks the send failed and says whether to retry when WhatsApp refuses', async () => {
    const c = await contact('+351900000005', { optIn: true, lastInboundAgoMs: HOUR });
    graph.failNext({ status: 429, body: { error: { message: 'Rate limit hit', code: 130429 } } });
    const result = await sendFlow(deps, { workspaceId: WS, flowId: 'survey', contactId: c.id, channel: 'whatsapp' });
    assert.deepEqual(result.ok ? 'sent' : [result.code, result.retry, result.status], ['DELIVERY_FAILED', true, 502]);
    assert.equal(result.ok ? undefined : (await storage.sends.find(WS, result.sendId ?? ''))?.status, 'failed');
  });

  test('on WhatsApp only the published version or an approved one is sent; any version on the sandbox (docs/governance.md)', async () => {
    const c = await contact('+351900000007', { optIn: true, lastInboundAgoMs: HOUR });
    await storage.flows.create(WS, { id: 'gated', name: 'Gated', at: 0, by: 't' });
    await storage.flows.addVersion(WS, 'gated', { flowJson: '{}', createdAt: 0, createdBy: 'token:dee' });
    await storage.channels.linkGraphFlow(WS, 'gated', '777', 0);
    const refused = await sendFlow(deps, { workspaceId: WS, flowId: 'gated', contactId: c.id, channel: 'whatsapp' });
    assert.deepEqual(refused.ok ? 'sent' : [refused.code, refused.status], ['NOT_APPROVED', 409]);
    assert.equal((await sendFlow(deps, { workspaceId: WS, flowId: 'gated', contactId: c.id, channel: 'sandbox' })).ok, true, 'the sandbox phone tries any version');
    await storage.governance.step(WS, 'gated', 1, { kind: 'submit', actor: 'token:dee', role: 'designer', at: 0 }, () => ({ ok: true, state: 'in_review' }));
    await storage.governance.step(WS, 'gated', 1, { kind: 'approve', actor: 'token:rui', role: 'reviewer', at: 0 }, () => ({ ok: true, state: 'approved' }));
    const sent = await sendFlow(deps, { workspaceId: WS, flowId: 'gated', contactId: c.id, channel: 'whatsapp' });
    assert.ok(sent.ok, JSON.stringify(sent));
  });

  test('puts the Cloud API message body in the sandbox chat for the sandbox channel', async () => {
    const c = await contact('+351900000006', { optIn: true, lastInboundAgoMs: HOUR });
    const result = await sendFlow(deps, { workspaceId: WS, flowId: 'survey', contactId: c.id, channel: 'sandbox', action: 'data_exchange' });
    assert.ok(result.ok);
    const delivered = chat.at(-1);
    assert.equal(delivered?.contactId, c.id);
    assert.equal(result.messageId, `wamid.sandbox-${chat.length}`);
    const parameters = (delivered?.body['interactive'] as { action: { parameters: Record<string, unknown> } }).action.parameters;
    assert.deepEqual([parameters['flow_id'], parameters['flow_action'], parameters['flow_token']], ['survey', 'data_exchange', result.send.flowToken]);
  });
});
