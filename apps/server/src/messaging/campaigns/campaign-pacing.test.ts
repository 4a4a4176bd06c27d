import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Storage } from '@flowline/storage';
import { campaignProgress } from './campaign-report.js';
import { createCampaign, startCampaign } from './campaign-service.js';
import { campaignBackends, createCampaignWorld } from './test-support/campaign-fixture.js';

const deps = (storage: Storage) => ({ storage, now: () => new Date() });

// Must show (issue 13): the stand-in answering 130429 for a stretch — the campaign slows, retries, loses
// nobody, and never exceeds the configured rate by more than 5 % over any second, measured at the stand-in.
test('a 130429 stretch slows the campaign down; it retries, loses nobody and never passes the configured rate by 5 % in any second', async (t) => {
  const [sqlite] = campaignBackends();
  assert.ok(sqlite);
  const { storage, cleanup } = await sqlite.open();
  const world = await createCampaignWorld(storage, 320, { pacing: true, concurrency: 16 });
  try {
    const { ws, standIn } = world;
    const rate = 80;
    const created = await createCampaign(deps(storage), ws, { name: 'paced', channel: 'whatsapp', kind: 'template', arms: [{ key: 'A', flowId: 'renewal', version: 1 }], template: { name: 't', language: 'en' }, messagesPerSecond: rate });
    assert.ok(created.ok);
    assert.ok((await startCampaign(deps(storage), ws, created.campaign.id)).ok);
    // One second in, Meta answers 130429 to everything for 1.5 s.
    const stretch = setTimeout(() => standIn.messages.throttle({ forMs: 1500 }), 1000);
    assert.equal(await world.runUntilSettled(created.campaign.id, 2000), 'completed');
    clearTimeout(stretch);
    const log = standIn.messages.log;
    const throttled = log.filter((m) => !m.accepted).length;
    assert.ok(throttled > 0, 'the stretch refused some messages');
    // Halving on the first refusal and pausing a second: far fewer refusals than a full-rate stretch (120).
    assert.ok(throttled < rate, `${throttled} refusals: the campaign slowed down instead of pushing on`);
    const accepted = standIn.messages.acceptedByRecipient();
    assert.equal(accepted.size, 320, 'nobody lost');
    assert.ok([...accepted.values()].every((n) => n === 1), 'nobody twice');
    const peak = standIn.messages.maxPerSecond();
    assert.ok(peak <= rate * 1.05, `at most ${rate * 1.05} messages in any second at the stand-in, saw ${peak}`);
    t.diagnostic(`refused ${throttled}, peak ${peak} messages in one second at ${rate}/s`);
    const progress = await campaignProgress(storage, (await storage.campaigns.find(ws, created.campaign.id)) ?? assert.fail());
    assert.deepEqual([progress.totals.sent, progress.totals.failed, progress.totals.queued], [320, 0, 0]);
  } finally {
    await world.close();
    await cleanup();
  }
});
