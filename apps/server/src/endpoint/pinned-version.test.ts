import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openStorage, type Storage } from '@flowline/storage';
import { createHarness } from '../test-support/endpoint-harness.js';
import { silentLogger } from '../logging/logger.js';
import { createStorageFlowCatalog, type StorageFlowCatalog } from './storage-flow-catalog.js';

// Issue 14, rollback: sessions opened on the newer version keep being answered with that version's
// endpoint configuration after the previous version is published again; new sessions get the restored one.

const SEEDS = join(import.meta.dirname, '..', 'admin', 'seeds');
const FLOW_JSON = readFileSync(join(SEEDS, 'lead-qualification.flow.json'), 'utf8');
const CONFIG_V1 = JSON.parse(readFileSync(join(SEEDS, 'lead-qualification.endpoint.json'), 'utf8')) as { data_exchange: { COMPANY: { data: Record<string, unknown> } } };
const CONFIG_V2 = { ...CONFIG_V1, data_exchange: { COMPANY: { ...CONFIG_V1.data_exchange.COMPANY, data: { ...CONFIG_V1.data_exchange.COMPANY.data, segment: 'small (v2)' } } } };
const WS = 'pinned';

let dir = '';
let storage: Storage;
let catalog: StorageFlowCatalog;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'flowline-pinned-'));
  storage = await openStorage({ dataDir: dir });
  await storage.workspaces.create({ id: WS, name: WS, at: 0 });
  await storage.flows.create(WS, { id: 'lead', name: 'Lead', at: 0, by: 't' });
  await storage.flows.addVersion(WS, 'lead', { flowJson: FLOW_JSON, endpointConfig: CONFIG_V1, createdAt: 1, createdBy: 't' });
  await storage.flows.addVersion(WS, 'lead', { flowJson: FLOW_JSON, endpointConfig: CONFIG_V2, createdAt: 2, createdBy: 't' });
  await storage.flows.publish(WS, 'lead', 2, { at: 3, by: 't' });
  catalog = await createStorageFlowCatalog(storage, WS, silentLogger, { pollMs: 0, missRefreshMs: 0 });
});

after(async () => {
  catalog.close();
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

test('after a rollback, a session of the newer version is answered with its own configuration; a new session with the restored one', async () => {
  const harness = createHarness({ flows: [], catalog });
  const exchange = async (flowToken: string) => {
    const res = await harness.send('lead', { version: '3.0', action: 'data_exchange', screen: 'COMPANY', flow_token: flowToken, data: { company: 'Acme', employees: 3 } });
    assert.equal(res.status, 200, res.text);
    return (res.body as { data: { segment: string } }).data.segment;
  };
  assert.equal(await exchange('in-flight'), 'small (v2)', 'version 2 is served');
  // Rollback: version 1 is published again.
  await storage.flows.publish(WS, 'lead', 1, { at: 4, by: 't' });
  await catalog.refresh();
  assert.equal(catalog.find('lead')?.version, 1);
  assert.equal(await exchange('in-flight'), 'small (v2)', 'the session opened on version 2 keeps version 2\'s configuration');
  assert.equal(await exchange('after-rollback'), 'small', 'a new session gets version 1\'s');
});

test('a session registered by a send opens the send\'s version, whatever is served', async () => {
  const harness = createHarness({ flows: [], catalog });
  assert.equal(catalog.find('lead')?.version, 1);
  harness.sessions.register('lead', 'sent-v2', 'send-1', 2);
  harness.sessions.register('lead', 'sent-v1', 'send-2', 1);
  const segment = async (flowToken: string) => {
    const res = await harness.send('lead', { version: '3.0', action: 'data_exchange', screen: 'COMPANY', flow_token: flowToken, data: { company: 'Acme', employees: 3 } });
    return (res.body as { data: { segment: string } }).data.segment;
  };
  assert.equal(await segment('sent-v2'), 'small (v2)');
  assert.equal(await segment('sent-v1'), 'small');
  assert.equal(await catalog.findVersion('lead', 9), undefined, 'an unknown version is no entry: the served one answers');
});
