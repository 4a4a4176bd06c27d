import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assignArm } from '@flowline/core';
import type { Storage } from '@flowline/storage';
import { campaignProgress } from './campaign-report.js';
import { createCampaign, moveCampaign, startCampaign } from './campaign-service.js';
import { campaignBackends, createCampaignWorld } from './test-support/campaign-fixture.js';

const deps = (storage: Storage) => ({ storage, now: () => new Date() });
const graphError = (code: number, message: string) => ({ status: 400, body: { error: { message, type: 'OAuthException', code, fbtrace_id: 'Atest' } }, path: /\/messages$/ });

for (const backend of campaignBackends()) {
  describe(`campaign dispatch against the Graph stand-in [${backend.name}]`, () => {
    let storage: Storage;
    let cleanup: () => Promise<void>;
    before(async () => {
      ({ storage, cleanup } = await backend.open());
    });
    after(() => cleanup());

    test('sends each eligible recipient exactly once, skips exclusions at send time, fails 131026 and 131047 without retry, records the split', async () => {
      const world = await createCampaignWorld(storage, 60, { pacing: false, concurrency: 8 });
      try {
        const { ws, standIn, phones } = world;
        const byPhone = new Map((await storage.contacts.findByPhones(ws, phones)).map((c) => [c.phone, c]));
        const contact = (i: number) => byPhone.get(phones[i] ?? '') ?? assert.fail(`no contact ${i}`);
        const created = await createCampaign(deps(storage), ws, {
          name: 'spring', channel: 'whatsapp', kind: 'template', seed: 'seed-1',
          arms: [{ key: 'A', flowId: 'renewal', version: 1 }, { key: 'B', flowId: 'renewal', version: 2 }],
          template: { name: 'renewal_offer', language: 'en_US' },
          personalisation: { customer: 'name', plan: 'fields.plan', promo: '"SPRING"' },
        });
        assert.ok(created.ok);
        const campaign = created.campaign;
        const started = await startCampaign(deps(storage), ws, campaign.id);
        assert.ok(started.ok && started.recipients === 60);
        // Exclusions come after the audience was built: they are checked when each message is about to go.
        await storage.contacts.setOptIn(ws, contact(0).id, false, new Date());
        await storage.campaigns.excludeContact(ws, 'spring', contact(1).id, new Date());
        const other = await createCampaign(deps(storage), ws, { name: 'winter', channel: 'whatsapp', kind: 'template', arms: [{ key: 'A', flowId: 'renewal', version: 1 }], template: { name: 'x', language: 'en' } });
        assert.ok(other.ok);
        await storage.campaigns.enqueueRecipients(ws, other.campaign.id, [{ contactId: contact(2).id, phone: contact(2).phone, arm: 'A' }], new Date());
        const [claimed] = await storage.campaigns.claim(ws, other.campaign.id, [{ contactId: contact(2).id, flowId: 'renewal', version: 1 }], 'whatsapp', new Date());
        assert.ok(claimed);
        await storage.campaigns.recordSent(ws, other.campaign.id, [{ contactId: contact(2).id, sendId: claimed.sendId, flowId: 'renewal', version: 1, messageId: 'wamid.other', at: new Date() }]);
        standIn.failNext(graphError(131026, 'Message undeliverable'));
        standIn.failNext(graphError(131047, 'Re-engagement message'));

        assert.equal(await world.runUntilSettled(campaign.id), 'completed');
        const accepted = standIn.messages.acceptedByRecipient();
        const refused = standIn.messages.log.filter((m) => !m.accepted);
        assert.equal(standIn.requests.filter((r) => r.path.endsWith('/messages')).length, 57, 'three excluded, every other recipient called once (two of them refused)');
        assert.equal(refused.length, 0, 'nothing was throttled');
        for (const i of [0, 1, 2]) assert.equal(accepted.get(contact(i).phone), undefined, `excluded ${i} never sent`);
        assert.ok([...accepted.values()].every((n) => n === 1), 'nobody twice');
        assert.equal(accepted.size, 55);

        const progress = await campaignProgress(storage, (await storage.campaigns.find(ws, campaign.id)) ?? assert.fail());
        assert.deepEqual([progress.totals.recipients, progress.totals.sent, progress.totals.failed, progress.totals.excluded, progress.totals.queued, progress.totals.unknown], [60, 55, 2, 3, 0, 0]);
        assert.deepEqual(progress.failures.map((f) => f.code).sort(), [131026, 131047]);
        assert.match(progress.failures.map((f) => f.reason).join(' '), /Message undeliverable/);
        assert.deepEqual(progress.exclusions.map((e) => e.reason).sort(), ['messaged by another campaign within the quiet period', 'on the exclusion list of campaign spring', 'opted out (or never opted in)']);

        // The arm of each recipient is the seeded draw, recorded; each message names its send and is personalised.
        const recipients = await storage.campaigns.listRecipients(ws, campaign.id, { limit: 100 });
        for (const r of recipients) assert.equal(r.arm, assignArm('seed-1', r.contactId, [{ key: 'A', weight: 1 }, { key: 'B', weight: 1 }]));
        assert.ok(progress.arms.every((a) => a.recipients > 10), 'both arms got recipients');
        const first = standIn.messages.log[0] ?? assert.fail('no message');
        const index = phones.indexOf(first.to);
        const sendId = recipients.find((r) => r.phone === first.to)?.sendId;
        assert.equal(first.callbackData, `send:${sendId ?? ''}`);
        const action = (((first.body['template'] as { components: { parameters: { action: Record<string, unknown> }[] }[] }).components[0]?.parameters[0]?.action) ?? {});
        assert.deepEqual(action['flow_action_data'], { customer: `Customer ${index}`, plan: index % 2 === 0 ? 'gold' : 'basic', promo: 'SPRING' });
        const send = await storage.sends.find(ws, sendId ?? '');
        assert.equal(action['flow_token'], send?.flowToken);
        assert.equal(send?.status, 'sent');

        // What the answers produced: routed actions by kind (from the routed events the pipeline writes) and
        // the bookings made through the campaign's sends, per arm; a preview booking does not count.
        const [one, two] = recipients.filter((r) => r.state === 'sent');
        assert.ok(one?.sendId && two?.sendId);
        const routedEvent = (sendId: string, actionKinds: Record<string, number>) => [
          { type: 'submitted' as const, flowId: 'renewal', version: 1, sendId, at: new Date() },
          { type: 'routed' as const, flowId: 'renewal', version: 1, sendId, data: { submissionId: `sub-${sendId}`, ruleIds: ['r1'], actions: Object.values(actionKinds).reduce((a, b) => a + b, 0), actionKinds, usedDefault: false }, at: new Date() },
        ];
        await storage.events.record(ws, [...routedEvent(one.sendId, { ticket: 1, webhook: 1 }), ...routedEvent(two.sendId, { ticket: 1 })]);
        await storage.calendar.saveResource(ws, { id: 'desk', name: 'Desk', capacity: 3, slotMinutes: 30, timeZone: 'UTC', at: new Date() });
        const slot = new Date(Date.parse('2030-01-07T10:00:00Z'));
        assert.ok((await storage.calendar.book(ws, { resourceId: 'desk', slotStart: slot, sendId: one.sendId, reference: 'one', at: new Date() })).ok);
        assert.ok((await storage.calendar.book(ws, { resourceId: 'desk', slotStart: slot, sendId: two.sendId, reference: 'preview', at: new Date(), preview: { holdUntil: new Date(Date.now() + 60_000) } })).ok);
        const outcomes = await campaignProgress(storage, (await storage.campaigns.find(ws, campaign.id)) ?? assert.fail());
        assert.deepEqual(outcomes.actionsByKind, [{ kind: 'ticket', count: 2 }, { kind: 'webhook', count: 1 }]);
        assert.deepEqual([outcomes.totals.completed, outcomes.totals.routed, outcomes.totals.actions, outcomes.totals.bookings], [2, 2, 3, 1]);
        assert.equal(outcomes.arms.find((a) => a.key === one.arm)?.bookings, 1);
      } finally {
        await world.close();
      }
    });

    test('a paused template stops the campaign with a clear status; resumed, it finishes without sending anyone twice', async () => {
      const world = await createCampaignWorld(storage, 20, { pacing: false, concurrency: 1 });
      try {
        const { ws, standIn } = world;
        const created = await createCampaign(deps(storage), ws, { name: 'paused', channel: 'whatsapp', kind: 'template', arms: [{ key: 'A', flowId: 'renewal', version: 1 }], template: { name: 'renewal_offer', language: 'en_US' } });
        assert.ok(created.ok);
        assert.ok((await startCampaign(deps(storage), ws, created.campaign.id)).ok);
        standIn.failNext(graphError(132015, 'Template is paused due to low quality'));
        assert.equal(await world.runUntilSettled(created.campaign.id), 'template-paused');
        const stopped = await storage.campaigns.find(ws, created.campaign.id);
        assert.match(stopped?.statusReason ?? '', /132015.*paused/);
        assert.ok((await moveCampaign(deps(storage), ws, created.campaign.id, 'resume')).ok);
        assert.equal(await world.runUntilSettled(created.campaign.id), 'completed');
        assert.equal(standIn.messages.acceptedByRecipient().size, 20);
        assert.ok([...standIn.messages.acceptedByRecipient().values()].every((n) => n === 1));
      } finally {
        await world.close();
      }
    });

    test('pause holds the queue and cancel cancels what is left', async () => {
      const world = await createCampaignWorld(storage, 10, { pacing: false });
      try {
        const { ws, standIn } = world;
        const created = await createCampaign(deps(storage), ws, { name: 'held', channel: 'whatsapp', kind: 'template', arms: [{ key: 'A', flowId: 'renewal', version: 1 }], template: { name: 't', language: 'en' } });
        assert.ok(created.ok);
        assert.ok((await startCampaign(deps(storage), ws, created.campaign.id)).ok);
        assert.ok((await moveCampaign(deps(storage), ws, created.campaign.id, 'pause')).ok);
        assert.equal(await world.runUntilSettled(created.campaign.id, 3), 'paused');
        assert.equal(standIn.messages.log.length, 0);
        const cancelled = await moveCampaign(deps(storage), ws, created.campaign.id, 'cancel');
        assert.ok(cancelled.ok && cancelled.campaign.status === 'cancelled');
        const progress = await campaignProgress(storage, cancelled.campaign);
        assert.deepEqual([progress.totals.cancelled, progress.totals.queued], [10, 0]);
        assert.equal((await moveCampaign(deps(storage), ws, created.campaign.id, 'resume')).ok, false, 'a cancelled campaign stays cancelled');
      } finally {
        await world.close();
      }
    });

    test('an interactive Flow message goes only to contacts inside the 24-hour window; the others are skipped with the reason', async () => {
      const world = await createCampaignWorld(storage, 3, { pacing: false });
      try {
        const { ws, standIn, phones } = world;
        const [inside] = await storage.contacts.findByPhones(ws, [phones[0] ?? '']);
        assert.ok(inside);
        await storage.contacts.recordInbound(ws, inside.id, new Date(Date.now() - 3_600_000));
        const created = await createCampaign(deps(storage), ws, { name: 'window', channel: 'whatsapp', kind: 'interactive', message: { cta: 'Renew', body: 'Your plan ends soon' }, arms: [{ key: 'A', flowId: 'renewal', version: 1 }] });
        assert.ok(created.ok);
        assert.ok((await startCampaign(deps(storage), ws, created.campaign.id)).ok);
        assert.equal(await world.runUntilSettled(created.campaign.id), 'completed');
        assert.deepEqual([...standIn.messages.acceptedByRecipient().keys()], [inside.phone]);
        const interactive = standIn.messages.log[0]?.body['interactive'] as { action: { parameters: Record<string, unknown> } } | undefined;
        assert.equal(interactive?.action.parameters['flow_cta'], 'Renew');
        const progress = await campaignProgress(storage, (await storage.campaigns.find(ws, created.campaign.id)) ?? assert.fail());
        assert.deepEqual(progress.exclusions, [{ reason: 'outside the 24-hour window: an interactive Flow message cannot be sent; use a FLOW-button template', count: 2 }]);
      } finally {
        await world.close();
      }
    });
  });
}
