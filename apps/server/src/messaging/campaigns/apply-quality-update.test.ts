import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Storage } from '@flowline/storage';
import { parseWebhookPayload, type QualityUpdateItem } from '../webhooks/parse-webhook-payload.js';
import { applyQualityUpdate } from './apply-quality-update.js';
import { createCampaign, moveCampaign, startCampaign } from './campaign-service.js';
import { campaignBackends, createCampaignWorld } from './test-support/campaign-fixture.js';

const deps = (storage: Storage) => ({ storage, now: () => new Date() });

/** A `phone_number_quality_update` delivery as Meta's webhook reference shapes it. */
function qualityItem(wabaId: string, event: string, limits: { current?: string; old?: string } = {}): QualityUpdateItem {
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: wabaId, time: 1764700000, changes: [{ field: 'phone_number_quality_update', value: { display_phone_number: '15550783881', event, ...(limits.current === undefined ? {} : { current_limit: limits.current }), ...(limits.old === undefined ? {} : { old_limit: limits.old }) } }] }],
  });
  const parsed = parseWebhookPayload(body, Date.now());
  assert.ok(parsed.ok);
  const [item] = parsed.items;
  assert.equal(item?.kind, 'quality_update');
  return item as QualityUpdateItem;
}

test('reads phone_number_quality_update changes, and ignores ones without a WABA id or an event of Meta\'s form', () => {
  assert.deepEqual(qualityItem('102290129340398', 'DOWNGRADE', { current: 'TIER_1K', old: 'TIER_10K' }), {
    kind: 'quality_update', wabaId: '102290129340398', event: 'DOWNGRADE', displayPhoneNumber: '15550783881', currentLimit: 'TIER_1K', oldLimit: 'TIER_10K', at: 1764700000000,
  });
  const odd = parseWebhookPayload(JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'not-digits', changes: [{ field: 'phone_number_quality_update', value: { event: 'FLAGGED' } }] }, { id: '1', changes: [{ field: 'phone_number_quality_update', value: { event: '<script>' } }] }] }), 0);
  assert.ok(odd.ok);
  assert.deepEqual(odd.items.map((i) => i.kind), ['ignored', 'ignored']);
});

for (const backend of campaignBackends()) {
  describe(`quality updates stop campaigns [${backend.name}]`, () => {
    let storage: Storage;
    let cleanup: () => Promise<void>;
    before(async () => {
      ({ storage, cleanup } = await backend.open());
    });
    after(() => cleanup());

    test('FLAGGED stops the running WhatsApp campaigns of the WABA\'s workspace before anything more is sent; a person resumes them', async () => {
      const world = await createCampaignWorld(storage, 20, { pacing: false, concurrency: 4 });
      try {
        const { ws, standIn } = world;
        const wabaId = String(Date.now()).slice(-9) + String(Math.floor(Math.random() * 1000));
        await storage.whatsapp.saveConnection(ws, { wabaId, phoneNumberId: `pn-${wabaId}`, graphBaseUrl: standIn.baseUrl, graphApiVersion: 'v23.0', accessTokenSealed: 'sealed', at: new Date() });
        const make = async (name: string) => {
          const created = await createCampaign(deps(storage), ws, { name, channel: 'whatsapp', kind: 'template', arms: [{ key: 'A', flowId: 'renewal', version: 1 }], template: { name: 'renewal_offer', language: 'en_US' } });
          assert.ok(created.ok);
          const started = await startCampaign(deps(storage), ws, created.campaign.id);
          assert.ok(started.ok);
          return created.campaign.id;
        };
        const running = await make('autumn');
        const paused = await make('winter');
        assert.ok((await moveCampaign(deps(storage), ws, paused, 'pause')).ok);

        assert.deepEqual(await applyQualityUpdate(deps(storage), qualityItem(wabaId, 'UPGRADE', { current: 'TIER_10K' })), { kind: 'quality_update', event: 'UPGRADE', stopped: 0, outcome: 'recorded' });
        assert.deepEqual(await applyQualityUpdate(deps(storage), qualityItem('999999999999', 'FLAGGED')), { kind: 'quality_update', event: 'FLAGGED', stopped: 0, outcome: 'unknown_waba' });
        assert.equal((await storage.campaigns.find(ws, running))?.status, 'running');

        assert.deepEqual(await applyQualityUpdate(deps(storage), qualityItem(wabaId, 'FLAGGED')), { kind: 'quality_update', event: 'FLAGGED', stopped: 1, outcome: 'campaigns_stopped' });
        const stopped = await storage.campaigns.find(ws, running);
        assert.equal(stopped?.status, 'quality-limited');
        assert.match(stopped?.statusReason ?? '', /Meta flagged the quality of the business phone number 15550783881 as low/);
        assert.equal((await storage.campaigns.find(ws, paused))?.status, 'paused', 'a paused campaign stays paused');
        // Meta retries deliveries: the same event again changes nothing.
        assert.equal((await applyQualityUpdate(deps(storage), qualityItem(wabaId, 'FLAGGED'))).stopped, 0);

        assert.equal(await world.runUntilSettled(running, 5), 'quality-limited');
        assert.equal(standIn.requests.filter((r) => r.path.endsWith('/messages')).length, 0, 'nothing was sent while stopped');
        assert.ok((await moveCampaign(deps(storage), ws, running, 'resume')).ok);
        assert.equal(await world.runUntilSettled(running), 'completed');
        assert.equal(standIn.messages.acceptedByRecipient().size, 20);
      } finally {
        await world.close();
      }
    });
  });
}
