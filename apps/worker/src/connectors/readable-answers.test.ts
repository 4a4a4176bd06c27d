import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStorage, type Storage } from '@flowline/storage';
import { startDeliveryWorker } from '../start-delivery-worker.js';
import { enqueueRouted } from '../test-support/enqueue-routed.js';
import { startSink } from '../test-support/start-sink.js';

const T0 = Date.parse('2026-03-01T10:00:00Z');

/** The `lead` Flow the routed test payloads name, version 1: a budget choice and a sensitive tax id. */
const LEAD = {
  version: '7.0',
  screens: [{
    id: 'LEAD', title: 'Lead', terminal: true, sensitive: ['tax_id'],
    layout: { type: 'SingleColumnLayout', children: [{ type: 'Form', name: 'form', children: [
      { type: 'TextInput', name: 'email', label: 'Work e-mail', 'input-type': 'email' },
      { type: 'Dropdown', name: 'budget', label: 'Budget', 'data-source': [{ id: '25000', title: '€20k–€50k' }, { id: '5000', title: 'Under €20k' }] },
      { type: 'TextInput', name: 'tax_id', label: 'Tax id' },
      { type: 'Footer', label: 'Send', 'on-click-action': { name: 'complete', payload: { email: '${form.email}', budget: '${form.budget}', tax_id: '${form.tax_id}' } } },
    ] }] },
  }],
};
const ANSWERS = { email: 'ana@example.com', budget: '25000', tax_id: 'PT123456789' };

describe('tickets and Slack messages carry readable answers', () => {
  let storage: Storage;
  let dir: string;
  const ws = 'ws-readable';
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowline-readable-'));
    storage = await openStorage({ dataDir: dir });
    await storage.workspaces.create({ id: ws, name: ws, at: 0 });
    const created = await storage.flows.create(ws, { id: 'lead', name: 'Lead', at: 0, by: 'test' });
    assert.ok(created.ok);
    const version = await storage.flows.addVersion(ws, 'lead', { flowJson: JSON.stringify(LEAD), endpointConfig: null, policy: null, createdAt: 0, createdBy: 'test' });
    assert.ok(version.ok);
  });
  after(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a ticket holds labels and option titles, with the sensitive field masked in its readable and raw answers', async () => {
    await enqueueRouted(storage, ws, [{ type: 'ticket', queue: 'sales' }], { at: T0, prefix: 'ticket', answers: ANSWERS });
    const worker = startDeliveryWorker({ storage, now: () => T0, poll: false, privateHttp: 'loopback' });
    assert.equal(await worker.runOnce(), 1);
    const [item] = await storage.inbox.list(ws, { limit: 5 });
    const body = item?.body as { readable: Array<{ label: string; text: string }>; answers: Record<string, unknown> };
    assert.deepEqual(body.readable.map((r) => `${r.label}: ${r.text}`), ['Work e-mail: ana@example.com', 'Budget: €20k–€50k', 'Tax id: ••••']);
    assert.deepEqual(body.answers, { email: 'ana@example.com', budget: '25000', tax_id: '••••' });
    assert.ok(!JSON.stringify(item?.body).includes('PT123456789'));
  });

  it('a Slack message lists the answers in the Flow\'s words and never the sensitive value, also through a text template', async () => {
    const sink = await startSink();
    await enqueueRouted(storage, ws, [{ type: 'slack', url: sink.url }, { type: 'slack', url: sink.url, text: 'Lead {{email}} ({{tax_id}})' }], { at: T0, prefix: 'slack', answers: ANSWERS });
    const worker = startDeliveryWorker({ storage, now: () => T0, poll: false, privateHttp: 'loopback' });
    assert.equal(await worker.runOnce(), 2);
    await sink.close();
    const texts = sink.requests.map((r) => (JSON.parse(r.body) as { text: string }).text).sort();
    assert.deepEqual(texts, ['Lead ana@example.com (••••)', 'New answer to *lead* from +351910000009\n• *Work e-mail*: ana@example.com\n• *Budget*: €20k–€50k\n• *Tax id*: ••••']);
  });
});
