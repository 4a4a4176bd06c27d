import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStorage, type Storage } from '@flowline/storage';
import { silentLogger } from '../endpoint/logger.js';
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

  it('closing a threaded writer twice is harmless', async () => {
    const writer = await createThreadedStorageWriter({ dataDir }, WORKSPACE, silentLogger);
    writer.recordEvent({ type: 'opened', flowId: 'twice', at: 1 });
    await writer.close();
    await writer.close();
    assert.equal((await storage.events.countByType(WORKSPACE, 'twice')).opened, 1);
  });
});
