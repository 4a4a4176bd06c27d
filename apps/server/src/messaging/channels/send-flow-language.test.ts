import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { extractTexts } from '@flowline/core';
import { openStorage, type Storage } from '@flowline/storage';
import { createCloudApiClient } from './cloud-api-client.js';
import { graphPostOverFetch } from './graph-post.js';
import { sendFlow, type SendFlowDeps } from './send-flow.js';
import { startGraphStandIn, type GraphStandIn } from './test-support/graph-stand-in.js';

const NOW = Date.parse('2026-03-02T10:00:00Z');
const WS = 'w';
const REPO = process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd();
const flowJson = readFileSync(join(REPO, 'examples', 'registration.flow.json'), 'utf8');

describe('sendFlow in the customer\'s language', () => {
  let dir: string;
  let storage: Storage;
  let graph: GraphStandIn;
  let deps: SendFlowDeps;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowline-send-language-'));
    storage = await openStorage({ dataDir: dir });
    graph = await startGraphStandIn();
    await storage.workspaces.create({ id: WS, name: 'W', at: 0 });
    await storage.flows.create(WS, { id: 'signup', name: 'Sign-up', at: 0, by: 't' });
    await storage.flows.addVersion(WS, 'signup', { flowJson, createdAt: 0, createdBy: 't' });
    await storage.flows.publish(WS, 'signup', 1, { at: 0, by: 't' });
    await storage.translations.saveLocalization(WS, 'signup', { sourceLanguage: 'en', fallbackLanguage: 'en', languages: ['es'] }, 0);
    const texts = extractTexts(JSON.parse(flowJson));
    await storage.translations.save(WS, 'signup', 1, 'es', texts.map((t) => ({ key: t.key, text: `es ${t.text}`.slice(0, t.maxLength ?? 100), sourceHash: t.hash })), { at: 0, by: 't' });
    for (const language of ['en_US', 'es']) {
      await storage.whatsapp.saveTemplate(WS, { name: 'signup_invite', language, graphTemplateId: `tpl-${language}`, category: 'MARKETING', flowId: 'signup', graphFlowId: '111', status: 'APPROVED', components: [], at: 0 });
    }
    deps = { storage, now: () => new Date(NOW), whatsapp: createCloudApiClient({ baseUrl: graph.baseUrl, apiVersion: 'v23.0', phoneNumberId: 'PN', accessToken: 'tok' }, graphPostOverFetch(fetch)) };
  });
  after(async () => {
    await graph.close();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function contact(phone: string, language: string | null) {
    const c = await storage.contacts.upsert(WS, { phone, at: 0 });
    await storage.contacts.setOptIn(WS, c.id, true, 0);
    await storage.contacts.setLanguage(WS, c.id, language, 0);
    return c;
  }

  test('a Spanish contact gets the template of the same name in Spanish, and the send records Spanish', async () => {
    const c = await contact('+34600000001', 'es');
    const sent = await sendFlow(deps, { workspaceId: WS, flowId: 'signup', contactId: c.id, channel: 'whatsapp', kind: 'template', template: { name: 'signup_invite', language: 'en_US' } });
    assert.ok(sent.ok, JSON.stringify(sent));
    assert.equal(sent.send.language, 'es');
    const body = graph.requests.at(-1)?.body as { template: { name: string; language: { code: string } } };
    assert.deepEqual([body.template.name, body.template.language.code], ['signup_invite', 'es']);
  });

  test('a contact in a language without a template keeps the requested template, and gets the fallback build', async () => {
    const c = await contact('+49151000001', 'de');
    const sent = await sendFlow(deps, { workspaceId: WS, flowId: 'signup', contactId: c.id, channel: 'whatsapp', kind: 'template', template: { name: 'signup_invite', language: 'en_US' } });
    assert.ok(sent.ok, JSON.stringify(sent));
    assert.equal(sent.send.language, 'en');
    assert.equal((graph.requests.at(-1)?.body as { template: { language: { code: string } } }).template.language.code, 'en_US');
  });

  test('a contact with no language is sent in the language of the template asked for', async () => {
    const c = await contact('+34600000003', null);
    const sent = await sendFlow(deps, { workspaceId: WS, flowId: 'signup', contactId: c.id, channel: 'whatsapp', kind: 'template', template: { name: 'signup_invite', language: 'es' } });
    assert.ok(sent.ok, JSON.stringify(sent));
    assert.equal(sent.send.language, 'es');
    const english = await sendFlow(deps, { workspaceId: WS, flowId: 'signup', contactId: c.id, channel: 'whatsapp', kind: 'template', template: { name: 'signup_invite', language: 'en_US' } });
    assert.ok(english.ok, JSON.stringify(english));
    assert.equal(english.send.language, 'en');
  });

  test('the request\'s language overrides the contact\'s', async () => {
    const c = await contact('+34600000002', 'de');
    const sent = await sendFlow(deps, { workspaceId: WS, flowId: 'signup', contactId: c.id, channel: 'whatsapp', kind: 'template', template: { name: 'signup_invite', language: 'en_US' }, language: 'es-ES' });
    assert.ok(sent.ok, JSON.stringify(sent));
    assert.equal(sent.send.language, 'es');
  });
});
