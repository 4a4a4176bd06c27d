import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Storage } from '@flowline/storage';
import { createCampaign, startCampaign } from './campaign-service.js';
import { campaignBackends, createCampaignWorld } from './test-support/campaign-fixture.js';

for (const backend of campaignBackends()) {
  describe(`a campaign's local send window [${backend.name}]`, () => {
    let storage: Storage;
    let cleanup: () => Promise<void>;
    before(async () => {
      ({ storage, cleanup } = await backend.open());
    });
    after(() => cleanup());

    test('sends each contact only inside the window in their own time zone; the others wait, unclaimed, for their opening', async () => {
      // Wednesday 2026-12-02 14:00Z: 14:00 in Lisbon and 11:00 in São Paulo (open), 23:00 in Tokyo (closed).
      let clock = Date.parse('2026-12-02T14:00:00Z');
      const now = () => new Date(clock);
      const world = await createCampaignWorld(storage, 6, { pacing: false, concurrency: 4, now });
      try {
        const { ws, standIn, phones } = world;
        const zones = ['Asia/Tokyo', 'Asia/Tokyo', 'America/Sao_Paulo', 'Not/A_Zone', undefined, undefined];
        for (const [i, zone] of zones.entries()) {
          if (zone !== undefined) await storage.contacts.upsert(ws, { phone: phones[i] ?? '', fields: { timeZone: zone }, at: now() });
        }
        const deps = { storage, now };
        const refused = await createCampaign(deps, ws, { name: 'bad-window', channel: 'whatsapp', kind: 'template', arms: [{ key: 'A', flowId: 'renewal', version: 1 }], template: { name: 't', language: 'en' }, sendWindow: { start: '18:00', end: '09:00', timeZone: 'Europe/Lisbon' } });
        assert.deepEqual(refused.ok ? undefined : [refused.status, refused.code], [400, 'INVALID_SEND_WINDOW']);
        const created = await createCampaign(deps, ws, {
          name: 'office-hours', channel: 'whatsapp', kind: 'template', arms: [{ key: 'A', flowId: 'renewal', version: 1 }], template: { name: 'renewal_offer', language: 'en_US' },
          sendWindow: { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5], timeZone: 'Europe/Lisbon' },
        });
        assert.ok(created.ok);
        const id = created.campaign.id;
        assert.ok((await startCampaign(deps, ws, id)).ok);

        assert.equal(await world.runUntilSettled(id, 5), 'running', 'the campaign waits for Tokyo\'s morning');
        const sentTo = () => [...standIn.messages.acceptedByRecipient().keys()].map((p) => phones.indexOf(`+${p.replace(/^\+/, '')}`)).sort();
        assert.deepEqual(sentTo(), [2, 3, 4, 5], 'São Paulo, the unknown zone and the default (Lisbon) are open');
        const waiting = await storage.campaigns.listRecipients(ws, id, { state: 'queued' });
        assert.deepEqual(waiting.map((r) => [phones.indexOf(r.phone), r.attempts, r.reason]).sort(), [
          [0, 0, 'waiting for the send window (09:00–18:00 Asia/Tokyo)'],
          [1, 0, 'waiting for the send window (09:00–18:00 Asia/Tokyo)'],
        ]);

        clock = Date.parse('2026-12-02T23:59:00Z'); // 08:59 in Tokyo
        assert.equal(await world.runUntilSettled(id, 3), 'running');
        assert.equal(standIn.messages.acceptedByRecipient().size, 4);
        clock = Date.parse('2026-12-03T00:00:00Z'); // 09:00 in Tokyo, Thursday
        assert.equal(await world.runUntilSettled(id), 'completed');
        assert.deepEqual(sentTo(), [0, 1, 2, 3, 4, 5]);
        assert.ok([...standIn.messages.acceptedByRecipient().values()].every((n) => n === 1), 'nobody twice');
      } finally {
        await world.close();
      }
    });
  });
}
