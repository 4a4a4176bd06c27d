import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeContract } from '../test-support/describe-contract.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');

describeContract('endpoint sessions, traces and lookup tables', (h) => {
  test('saves, replaces and expires an endpoint session by flow_token', async () => {
    const ws = await h.newWorkspace();
    await h.storage.endpointSessions.save(ws, { flowToken: 'tok-1', flowId: 'booking', version: 1, screen: 'A', data: { n: 1 }, at: T0, expiresAt: T0 + 60_000 });
    const replaced = await h.storage.endpointSessions.save(ws, { flowToken: 'tok-1', flowId: 'booking', version: 1, screen: 'B', data: { n: 2 }, at: T0 + 10, expiresAt: T0 + 60_000 });
    assert.deepEqual([replaced.screen, replaced.data, replaced.createdAt, replaced.updatedAt], ['B', { n: 2 }, T0, T0 + 10]);
    assert.equal((await h.storage.endpointSessions.find(ws, 'tok-1', T0 + 59_999))?.screen, 'B');
    assert.equal(await h.storage.endpointSessions.find(ws, 'tok-1', T0 + 60_000), undefined);
    assert.equal(await h.storage.endpointSessions.deleteExpired(ws, T0 + 60_000), 1);
    assert.equal(await h.storage.endpointSessions.find(ws, 'tok-1'), undefined);
  });

  test('keeps sessions of two workspaces with the same flow_token apart', async () => {
    const a = await h.newWorkspace();
    const b = await h.newWorkspace();
    await h.storage.endpointSessions.save(a, { flowToken: 'same', flowId: 'f', data: { who: 'a' }, at: T0 });
    assert.equal(await h.storage.endpointSessions.find(b, 'same'), undefined);
    await h.storage.endpointSessions.save(b, { flowToken: 'same', flowId: 'f', data: { who: 'b' }, at: T0 });
    assert.deepEqual((await h.storage.endpointSessions.find(a, 'same'))?.data, { who: 'a' });
    assert.equal(await h.storage.endpointSessions.delete(b, 'same'), true);
    assert.notEqual(await h.storage.endpointSessions.find(a, 'same'), undefined);
  });

  test('prunes trace rows by age, then beyond the newest maxRows, in its workspace only', async () => {
    const ws = await h.newWorkspace();
    const other = await h.newWorkspace();
    const row = (at: number) => ({ flowId: 'f', action: 'INIT', latencyMs: 1, outcome: 'ok', statusCode: 200, at });
    // 30 rows one minute apart, 10 of them at the same instant (ties are broken by id).
    const times = [...Array.from({ length: 20 }, (_, i) => T0 + i * 60_000), ...Array.from({ length: 10 }, () => T0 + 20 * 60_000)];
    await h.storage.endpointTraces.recordMany(ws, times.map(row));
    await h.storage.endpointTraces.recordMany(other, times.map(row));
    assert.equal(await h.storage.endpointTraces.prune(ws, { before: T0 + 5 * 60_000, maxRows: 1000 }), 5, 'the five rows older than the cut');
    assert.equal((await h.storage.endpointTraces.list(ws, { limit: 100 })).length, 25);
    assert.equal(await h.storage.endpointTraces.prune(ws, { before: T0, maxRows: 12 }), 13);
    const kept = await h.storage.endpointTraces.list(ws, { limit: 100 });
    assert.equal(kept.length, 12);
    assert.deepEqual(kept.map((t) => t.at), [...Array.from({ length: 10 }, () => T0 + 20 * 60_000), T0 + 19 * 60_000, T0 + 18 * 60_000], 'the newest are kept');
    assert.equal(await h.storage.endpointTraces.prune(ws, { before: T0, maxRows: 12 }), 0, 'nothing more to do');
    assert.equal(await h.storage.endpointTraces.prune(ws, { before: T0, maxRows: 5 }), 7, 'a cut among rows of the same instant');
    assert.equal((await h.storage.endpointTraces.list(ws, { limit: 100 })).length, 5);
    assert.equal((await h.storage.endpointTraces.list(other, { limit: 100 })).length, 30, 'another workspace is untouched');
  });

  test('records trace rows and lists them newest first per Flow', async () => {
    const ws = await h.newWorkspace();
    await h.storage.endpointTraces.record(ws, { flowId: 'f', version: 2, screen: 'A', action: 'data_exchange', latencyMs: 12.4, outcome: 'ok', statusCode: 200, at: T0 });
    await h.storage.endpointTraces.record(ws, {
      flowId: 'f', screen: 'B', action: 'data_exchange', latencyMs: 900, outcome: 'fallback', statusCode: 200, handlerError: 'timeout', fallbackUsed: true, at: T0 + 5,
    });
    await h.storage.endpointTraces.record(ws, { flowId: 'g', action: 'ping', latencyMs: 1, outcome: 'ok', statusCode: 200, at: T0 + 6 });
    const traces = await h.storage.endpointTraces.list(ws, { flowId: 'f' });
    assert.deepEqual(traces.map((t) => [t.screen, t.latencyMs, t.handlerError, t.fallbackUsed]), [['B', 900, 'timeout', true], ['A', 12, null, false]]);
    assert.equal((await h.storage.endpointTraces.list(ws, { since: T0 + 5 })).length, 2);
    assert.deepEqual(await h.storage.endpointTraces.list(await h.newWorkspace()), []);
  });

  test('records many trace rows at once, across more than one multi-row insert, in its workspace only', async () => {
    const ws = await h.newWorkspace();
    const other = await h.newWorkspace();
    const traces = Array.from({ length: 1203 }, (_, i) => ({
      flowId: 'bulk', screen: `S${i % 3}`, action: 'data_exchange', latencyMs: i % 50, outcome: i % 100 === 0 ? 'fallback' : 'ok', statusCode: 200,
      ...(i % 100 === 0 ? { handlerError: 'timeout', fallbackUsed: true } : {}), at: T0 + i,
    }));
    assert.equal(await h.storage.endpointTraces.recordMany(ws, traces), 1203);
    assert.equal(await h.storage.endpointTraces.recordMany(ws, []), 0);
    const stored = await h.storage.endpointTraces.list(ws, { flowId: 'bulk', limit: 5000 });
    assert.equal(stored.length, 1203);
    assert.equal(new Set(stored.map((t) => t.id)).size, 1203);
    assert.deepEqual(stored.slice(0, 2).map((t) => [t.screen, t.latencyMs, t.at]), [['S2', 2, T0 + 1202], ['S1', 1, T0 + 1201]]);
    assert.equal(stored.filter((t) => t.fallbackUsed && t.handlerError === 'timeout').length, 13);
    assert.deepEqual(await h.storage.endpointTraces.list(other, { flowId: 'bulk' }), []);
  });

  test('puts, replaces and lists lookup rows by literal prefix', async () => {
    const ws = await h.newWorkspace();
    await h.storage.lookupTables.put(ws, 'stock', [{ key: 'sku_1', value: 3 }, { key: 'sku%2', value: { n: 0 } }, { key: 'skx', value: 1 }], T0);
    await h.storage.lookupTables.put(ws, 'stock', [{ key: 'sku_1', value: 4 }], T0 + 1);
    assert.deepEqual(await h.storage.lookupTables.find(ws, 'stock', 'sku_1'), { key: 'sku_1', value: 4, updatedAt: T0 + 1 });
    assert.deepEqual((await h.storage.lookupTables.list(ws, 'stock', { prefix: 'sku%' })).map((r) => r.key), ['sku%2']);
    assert.deepEqual((await h.storage.lookupTables.list(ws, 'stock', { prefix: 'sk' })).map((r) => r.key), ['sku%2', 'sku_1', 'skx'].sort());
    await h.storage.lookupTables.replace(ws, 'stock', [{ key: 'only', value: true }], T0 + 2);
    assert.deepEqual((await h.storage.lookupTables.list(ws, 'stock')).map((r) => [r.key, r.value]), [['only', true]]);
    assert.deepEqual(await h.storage.lookupTables.listTables(ws), ['stock']);
    assert.equal(await h.storage.lookupTables.delete(ws, 'stock', 'only'), true);
    assert.equal(await h.storage.lookupTables.find(ws, 'stock', 'only'), undefined);
  });

  test('never shows one workspace the lookup rows of another', async () => {
    const a = await h.newWorkspace();
    const b = await h.newWorkspace();
    await h.storage.lookupTables.put(a, 'prices', [{ key: 'x', value: 10 }], T0);
    assert.equal(await h.storage.lookupTables.find(b, 'prices', 'x'), undefined);
    assert.deepEqual(await h.storage.lookupTables.list(b, 'prices'), []);
    assert.equal(await h.storage.lookupTables.delete(b, 'prices', 'x'), false);
  });
});
