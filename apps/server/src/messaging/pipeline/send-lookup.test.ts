import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Storage } from '@flowline/storage';
import { createSendLookup } from './send-lookup.js';
import { addSend, openTestStorage, seedLead } from './test-support/pipeline-fixture.js';

describe('createSendLookup', () => {
  let storage: Storage;
  let dispose: () => Promise<void>;
  before(async () => {
    ({ storage, dispose } = await openTestStorage());
  });
  after(() => dispose());

  it('answers concurrent lookups from one query per workspace, each with its own send', async () => {
    const { contactId, flowToken, sendId } = await seedLead(storage, 'a');
    const second = await addSend(storage, 'a', contactId);
    const other = await seedLead(storage, 'b');
    let queries = 0;
    const counting: Storage = {
      ...storage,
      sends: {
        ...storage.sends,
        findByFlowTokens: (ws, tokens) => ((queries += 1), storage.sends.findByFlowTokens(ws, tokens)),
        findMany: (ws, ids) => ((queries += 1), storage.sends.findMany(ws, ids)),
      },
    };
    const lookUp = createSendLookup(counting);
    const found = await Promise.all([lookUp.byFlowToken('a', flowToken), lookUp.byFlowToken('a', second.flowToken), lookUp.byFlowToken('a', 'nope'), lookUp.byFlowToken('b', other.flowToken), lookUp.byFlowToken('b', flowToken)]);
    assert.deepEqual(found.map((s) => s?.id), [sendId, second.sendId, undefined, other.sendId, undefined]);
    assert.equal(queries, 2);
    const byId = await Promise.all([lookUp.byId('a', sendId), lookUp.byId('a', second.sendId), lookUp.byId('b', sendId)]);
    assert.deepEqual(byId.map((s) => s?.id), [sendId, second.sendId, undefined]);
    assert.equal(queries, 4);
  });

  it('rejects every waiter of a failed query', async () => {
    const failing: Storage = { ...storage, sends: { ...storage.sends, findByFlowTokens: () => Promise.reject(new Error('down')) } };
    const lookUp = createSendLookup(failing);
    const results = await Promise.allSettled([lookUp.byFlowToken('a', 'x'), lookUp.byFlowToken('a', 'y')]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
  });
});
