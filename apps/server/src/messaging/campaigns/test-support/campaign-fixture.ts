import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_GOVERNANCE, openStorage, type Storage } from '@flowline/storage';
import { testDatabaseUrl, throwawaySchema } from '@flowline/storage/test-support';
import { createCloudApiClient } from '../../channels/cloud-api-client.js';
import { graphPostOverFetch } from '../../channels/graph-post.js';
import { startGraphStandIn, type GraphStandIn } from '../../channels/test-support/graph-stand-in.js';
import { campaignChannelFor } from '../campaign-channel.js';
import { createCampaignDispatcher, type CampaignDispatcher, type CampaignDispatcherDeps } from '../campaign-dispatcher.js';

/** A storage backend campaign tests run on: SQLite always, PostgreSQL when FLOWLINE_TEST_DATABASE_URL is set. */
export interface CampaignBackend {
  readonly name: 'sqlite' | 'postgres';
  open(): Promise<{ storage: Storage; cleanup(): Promise<void> }>;
}

export function campaignBackends(): CampaignBackend[] {
  const list: CampaignBackend[] = [{
    name: 'sqlite',
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'flowline-h13-campaign-'));
      const storage = await openStorage({ dataDir: dir });
      return { storage, cleanup: async () => { await storage.close(); rmSync(dir, { recursive: true, force: true }); } };
    },
  }];
  const url = testDatabaseUrl();
  if (url !== undefined) {
    list.push({
      name: 'postgres',
      async open() {
        const { schema, drop } = throwawaySchema(url, 'flowline_h13_campaign');
        const storage = await openStorage({ databaseUrl: url, schema });
        return { storage, cleanup: async () => { await storage.close(); await drop(); } };
      },
    });
  }
  return list;
}

/** A workspace with a Flow (two versions) and `count` opted-in contacts, a Graph stand-in and a dispatcher sending to it. */
export interface CampaignWorld {
  readonly storage: Storage;
  readonly ws: string;
  readonly standIn: GraphStandIn;
  readonly dispatcher: CampaignDispatcher;
  readonly phones: readonly string[];
  /** Runs the dispatcher until the campaign leaves `running` (or `rounds` passes). */
  runUntilSettled(campaignId: string, rounds?: number): Promise<string>;
  close(): Promise<void>;
}

export async function createCampaignWorld(storage: Storage, count: number, options: Partial<Pick<CampaignDispatcherDeps, 'pacing' | 'concurrency' | 'now'>> = {}): Promise<CampaignWorld> {
  const ws = `ws-h13-${Math.random().toString(36).slice(2, 10)}`;
  await storage.workspaces.create({ id: ws, name: 'Campaigns', at: 0 });
  await storage.flows.create(ws, { id: 'renewal', name: 'Renewal', at: 0, by: 'ana' });
  await storage.flows.addVersion(ws, 'renewal', { flowJson: '{}', createdAt: 0, createdBy: 'ana' });
  await storage.flows.addVersion(ws, 'renewal', { flowJson: '{}', createdAt: 1, createdBy: 'ana' });
  // These suites test dispatch, not review: their workspace sends unreviewed versions (docs/governance.md);
  // campaign-routes.test.ts shows a campaign refused while review is required.
  await storage.governance.saveSettings(ws, { ...DEFAULT_GOVERNANCE, reviewRequired: false }, { at: 0, by: 'ana' });
  const phones = Array.from({ length: count }, (_, i) => `+3460${String(i).padStart(7, '0')}`);
  for (let i = 0; i < phones.length; i += 500) {
    await storage.audiences.importContacts(ws, phones.slice(i, i + 500).map((phone, j) => ({ phone, name: `Customer ${i + j}`, fields: { plan: j % 2 === 0 ? 'gold' : 'basic' }, optInSource: 'test list', optedInAt: 1 })), 2);
  }
  const standIn = await startGraphStandIn();
  const client = createCloudApiClient({ baseUrl: standIn.baseUrl, apiVersion: 'v23.0', phoneNumberId: standIn.phoneNumberId, accessToken: 'stand-in-token-000000000000' }, graphPostOverFetch(fetch));
  const now = options.now ?? (() => new Date());
  const dispatcher = createCampaignDispatcher({
    storage, now, log: () => undefined, tickMs: 50, ...options,
    channelFor: (campaign) => campaignChannelFor({ storage, now, cloudApiFor: () => Promise.resolve(client) }, campaign),
  });
  return {
    storage, ws, standIn, dispatcher, phones,
    async runUntilSettled(campaignId, rounds = 400) {
      for (let i = 0; i < rounds; i++) {
        await dispatcher.runOnce();
        const status = (await storage.campaigns.find(ws, campaignId))?.status ?? 'missing';
        if (status !== 'running') return status;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return (await storage.campaigns.find(ws, campaignId))?.status ?? 'missing';
    },
    async close() {
      await dispatcher.stop();
      await standIn.close();
    },
  };
}
