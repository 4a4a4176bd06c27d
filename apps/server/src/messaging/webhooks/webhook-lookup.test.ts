import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Storage } from '@flowline/storage';
import { addSend, openTestStorage, seedLead } from '../pipeline/test-support/pipeline-fixture.js';
import { createWebhookLookup, webhookLookupFor } from './webhook-lookup.js';

describe('createWebhookLookup', () => {
  let storage: Storage;
  let dispose: () => Promise<void>;
  before(async () => {
    ({ storage, dispose } = await openTestStorage());
  });
  after(() => dispose());

  const counting = (counts: { tokens: number; phones: number }): Storage => ({
    ...storage,
    sends: { ...storage.sends, locateFlowTokens: (tokens) => ((counts.tokens += 1), storage.sends.locateFlowTokens(tokens)) },
    contacts: { ...storage.contacts, findByPhones: (ws, phones) => ((counts.phones += 1), storage.contacts.findByPhones(ws, phones)) },
  });

  it('locates concurrent flow tokens of several workspaces with one query, each with its own send', async () => {
    const a = await seedLead(storage, 'wa');
    const second = await addSend(storage, 'wa', a.contactId);
    const b = await seedLead(storage, 'wb');
    const counts = { tokens: 0, phones: 0 };
    const lookup = createWebhookLookup(counting(counts));
    const found = await Promise.all([a.flowToken, 'unknown', b.flowToken, second.flowToken, a.flowToken].map((t) => lookup.sendOfFlowToken(t)));
    assert.deepEqual(found.map((s) => s && [s.workspaceId, s.id]), [['wa', a.sendId], undefined, ['wb', b.sendId], ['wa', second.sendId], ['wa', a.sendId]]);
    assert.equal(counts.tokens, 1);
    // A later turn queries again (nothing is cached, so a new send is found).
    const third = await addSend(storage, 'wa', a.contactId);
    assert.equal((await lookup.sendOfFlowToken(third.flowToken))?.id, third.sendId);
    assert.equal(counts.tokens, 2);
  });

  it('finds concurrent senders with one query per workspace, preferring the number stored with a plus', async () => {
    await storage.workspaces.create({ id: 'wc', name: 'C', at: 0 });
    await storage.workspaces.create({ id: 'wd', name: 'D', at: 0 });
    const plus = await storage.contacts.upsert('wc', { phone: '+351920000001', at: 0 });
    await storage.contacts.upsert('wc', { phone: '351920000001', at: 0 });
    const bare = await storage.contacts.upsert('wc', { phone: '351920000002', at: 0 });
    const other = await storage.contacts.upsert('wd', { phone: '+351920000001', at: 0 });
    const counts = { tokens: 0, phones: 0 };
    const lookup = createWebhookLookup(counting(counts));
    const found = await Promise.all([
      lookup.contactOfSender('wc', '351920000001'),
      lookup.contactOfSender('wc', '+351920000002'),
      lookup.contactOfSender('wc', '351920000003'),
      lookup.contactOfSender('wd', '351920000001'),
      lookup.contactOfSender('wd', '351920000002'),
    ]);
    assert.deepEqual(found.map((c) => c?.id), [plus.id, bare.id, undefined, other.id, undefined]);
    assert.equal(counts.phones, 2);
  });

  it('rejects every waiter of a failed query and recovers on the next turn', async () => {
    let fail = true;
    const flaky: Storage = { ...storage, sends: { ...storage.sends, locateFlowTokens: (tokens) => (fail ? Promise.reject(new Error('database down')) : storage.sends.locateFlowTokens(tokens)) } };
    const lookup = createWebhookLookup(flaky);
    const results = await Promise.allSettled([lookup.sendOfFlowToken('x'), lookup.sendOfFlowToken('y')]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
    fail = false;
    assert.equal(await lookup.sendOfFlowToken('x'), undefined);
  });

  it('is shared per storage', () => {
    assert.equal(webhookLookupFor(storage), webhookLookupFor(storage));
  });
});
