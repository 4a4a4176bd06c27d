import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openStorage, type Storage } from '@flowline/storage';
import { silentLogger } from '../logging/logger.js';
import { createStorageFlowCatalog } from './storage-flow-catalog.js';

// The catalog's miss path: a request for a Flow the cache lacks must find a Flow committed before it,
// whatever reload was running; and a flood of misses must not become a flood of queries.

const FLOW_JSON = readFileSync(join(import.meta.dirname, '..', 'admin', 'seeds', 'lead-qualification.flow.json'), 'utf8');

let dir = '';
let storage: Storage;
let workspaces = 0;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'flowline-catalog-'));
  storage = await openStorage({ dataDir: dir });
});

after(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

async function workspace(): Promise<string> {
  const id = `ws${++workspaces}`;
  await storage.workspaces.create({ id, name: id, at: 0 });
  return id;
}

async function createFlow(ws: string, id: string): Promise<void> {
  await storage.flows.create(ws, { id, name: id, at: 1, by: 't' });
  await storage.flows.addVersion(ws, id, { flowJson: FLOW_JSON, endpointConfig: null, createdAt: 2, createdBy: 't' });
}

/** The storage, with each Flow listing counted and, while `gate` is set, held after it has read. */
function instrumented(): { storage: Storage; lists: () => number; hold: () => () => void } {
  let lists = 0;
  let gate: Promise<void> | undefined;
  const flows = Object.create(storage.flows) as Storage['flows'];
  flows.list = async (ws) => {
    lists++;
    const read = await storage.flows.list(ws);
    if (gate !== undefined) await gate;
    return read;
  };
  const wrapped = Object.create(storage) as Storage;
  Object.defineProperty(wrapped, 'flows', { value: flows });
  return {
    storage: wrapped,
    lists: () => lists,
    hold: () => {
      let release = (): void => undefined;
      gate = new Promise<void>((resolve) => {
        release = () => {
          gate = undefined;
          resolve();
        };
      });
      return release;
    },
  };
}

test('a Flow created while a reload is running is found by the next miss, though that reload listed the Flows before it existed', async () => {
  const ws = await workspace();
  const probe = instrumented();
  const catalog = await createStorageFlowCatalog(probe.storage, ws, silentLogger, { pollMs: 0, missRefreshMs: 0 });
  try {
    // A reload (as a poll would run) lists the Flows, then is held before it ends.
    const release = probe.hold();
    const running = catalog.refresh();
    while (probe.lists() < 2) await new Promise((resolve) => setImmediate(resolve));
    await createFlow(ws, 'fresh');
    const miss = catalog.refresh();
    release();
    await running;
    assert.equal(catalog.find('fresh'), undefined, 'the held reload listed the Flows before the create');
    await miss;
    assert.equal(catalog.find('fresh')?.id, 'fresh', 'the miss waited for a reload begun after it');
  } finally {
    catalog.close();
  }
});

test('a Flow created a moment after a reload is found by a miss inside the rate-limit window', async () => {
  const ws = await workspace();
  const catalog = await createStorageFlowCatalog(storage, ws, silentLogger, { pollMs: 0, missRefreshMs: 200 });
  try {
    // The catalog just loaded (a reload began now): the window is closed, yet the miss must find the Flow.
    await createFlow(ws, 'late');
    assert.equal(catalog.find('late'), undefined);
    await catalog.refresh();
    assert.equal(catalog.find('late')?.id, 'late');
  } finally {
    catalog.close();
  }
});

test('a flood of misses shares reloads: at most one begins per interval', async () => {
  const ws = await workspace();
  const probe = instrumented();
  const catalog = await createStorageFlowCatalog(probe.storage, ws, silentLogger, { pollMs: 0, missRefreshMs: 100 });
  try {
    const listed = probe.lists();
    await Promise.all(Array.from({ length: 500 }, () => catalog.refresh()));
    assert.equal(probe.lists() - listed, 1, '500 misses at once: one reload');
    // Misses arriving while that reload runs wait for one more, begun after them, and share it.
    const release = probe.hold();
    const first = catalog.refresh();
    while (probe.lists() - listed < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    const during = Array.from({ length: 100 }, () => catalog.refresh());
    release();
    await Promise.all([first, ...during]);
    assert.equal(probe.lists() - listed, 3, 'the misses during a reload share the one after it');
  } finally {
    catalog.close();
  }
});
