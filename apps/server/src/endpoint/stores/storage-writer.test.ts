import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStorage, type Storage } from '@flowline/storage';
import { silentLogger } from '../../logging/logger.js';
import { createStorageWriter } from './storage-writer.js';
import { createThreadedStorageWriter } from './threaded-storage-writer.js';

const WORKSPACE = 'writer-test';

describe('write-behind storage writers', () => {
  let dataDir: string;
  let storage: Storage;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'flowline-writer-'));
    storage = await openStorage({ dataDir });
    await storage.workspaces.create({ id: WORKSPACE, name: 'Writer test', at: 0 });
  });

  after(async () => {
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('commits a batch far larger than one insert may bind (as after an outage)', async () => {
    const writer = createStorageWriter(storage, WORKSPACE, silentLogger, { flushMs: 60_000, maxBatch: 100_000 });
    for (let i = 0; i < 6000; i++) {
      writer.recordTrace({ flowId: 'big', action: 'data_exchange', latencyMs: 1, outcome: 'ok', statusCode: 200, at: 1000 + i });
      writer.recordEvent({ type: 'screen_reached', flowId: 'big', screen: 'A', at: 1000 + i });
    }
    await writer.flush();
    assert.equal(writer.pending(), 0);
    assert.equal((await storage.events.countByType(WORKSPACE, 'big')).screen_reached, 6000);
    assert.equal((await storage.endpointTraces.list(WORKSPACE, { flowId: 'big', limit: 10_000 })).length, 6000);
  });

  it('the threaded writer posts early at maxBatch and commits everything it was given', async () => {
    const writer = await createThreadedStorageWriter({ dataDir }, WORKSPACE, silentLogger, { flushMs: 60_000, maxBatch: 500 });
    try {
      for (let i = 0; i < 1800; i++) writer.recordEvent({ type: 'opened', flowId: 'threaded', at: 5000 + i });
      // Posted in batches of 500 without waiting for the (one-minute) timer; the rest stays buffered.
      assert.ok(writer.pending() < 500, `still buffered: ${writer.pending()}`);
      await writer.flush();
      assert.equal((await storage.events.countByType(WORKSPACE, 'threaded')).opened, 1800);
    } finally {
      await writer.close();
    }
  });

  it('keeps the trace table within its retention: rows past the age and beyond the row bound are pruned after a commit', async () => {
    let now = 1_000_000;
    const writer = createStorageWriter(storage, WORKSPACE, silentLogger, { flushMs: 60_000, retention: { maxAgeMs: 10_000, maxRows: 25, everyMs: 0 }, now: () => now });
    const trace = (at: number) => ({ flowId: 'kept', action: 'INIT', latencyMs: 1, outcome: 'ok', statusCode: 200, at });
    for (let i = 0; i < 40; i++) writer.recordTrace(trace(now - 20_000 + i));
    for (let i = 0; i < 100; i++) writer.recordTrace(trace(now - 5_000 + i));
    await writer.flush();
    const kept = await storage.endpointTraces.list(WORKSPACE, { flowId: 'kept', limit: 1000 });
    assert.equal(kept.length, 25, 'at most maxRows');
    assert.ok(kept.every((row) => row.at >= now - 10_000), 'none older than maxAgeMs');
    assert.equal(kept.at(-1)?.at, now - 5_000 + 75, 'the newest are kept');
    now += 60_000;
    writer.recordTrace(trace(now));
    await writer.flush();
    assert.deepEqual((await storage.endpointTraces.list(WORKSPACE, { flowId: 'kept', limit: 1000 })).map((row) => row.at), [now], 'the rest aged out');
  });

  it('the threaded writer prunes by the clock its batches carry', async () => {
    const now = 5_000_000;
    const writer = await createThreadedStorageWriter({ dataDir }, WORKSPACE, silentLogger, { flushMs: 60_000, retention: { maxAgeMs: 1000, maxRows: 10 }, now: () => now });
    try {
      for (let i = 0; i < 30; i++) writer.recordTrace({ flowId: 'thread-kept', action: 'INIT', latencyMs: 1, outcome: 'ok', statusCode: 200, at: now - 2000 + i * 100 });
      await writer.flush();
      const kept = await storage.endpointTraces.list(WORKSPACE, { flowId: 'thread-kept', limit: 1000 });
      assert.equal(kept.length, 10);
      assert.ok(kept.every((row) => row.at >= now - 1000));
    } finally {
      await writer.close();
    }
  });

  it('a session too deep to clone to the writer thread is dropped and logged; the rest of its batch is committed', async () => {
    const events: string[] = [];
    const writer = await createThreadedStorageWriter({ dataDir }, WORKSPACE, (_level, event) => events.push(event), { flushMs: 60_000 });
    try {
      // A handler's answer kept as lastData, nested beyond what structured cloning can recurse into.
      let deep: Record<string, unknown> = {};
      for (let i = 0; i < 20_000; i++) deep = { a: deep };
      writer.saveSession({ flowToken: 'too-deep', flowId: 'clone', data: { lastData: { A: deep } }, at: 1 });
      writer.saveSession({ flowToken: 'fine', flowId: 'clone', data: { lastData: {} }, at: 1 });
      writer.recordTrace({ flowId: 'clone', action: 'INIT', latencyMs: 1, outcome: 'ok', statusCode: 200, at: 1 });
      await writer.flush();
      assert.deepEqual(events, ['storage.write_behind_unclonable']);
      assert.equal((await storage.endpointTraces.list(WORKSPACE, { flowId: 'clone' })).length, 1);
      assert.notEqual(await storage.endpointSessions.find(WORKSPACE, 'fine'), undefined);
      assert.equal(await storage.endpointSessions.find(WORKSPACE, 'too-deep'), undefined);
    } finally {
      await writer.close();
    }
  });

  it('closing a threaded writer twice is harmless', async () => {
    const writer = await createThreadedStorageWriter({ dataDir }, WORKSPACE, silentLogger);
    writer.recordEvent({ type: 'opened', flowId: 'twice', at: 1 });
    await writer.close();
    await writer.close();
    assert.equal((await storage.events.countByType(WORKSPACE, 'twice')).opened, 1);
  });
});
