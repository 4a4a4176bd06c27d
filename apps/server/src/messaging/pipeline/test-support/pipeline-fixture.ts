import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage, type Storage } from '@flowline/storage';

/** A one-screen Flow whose completion carries `email` (required) and `budget`. */
export const LEAD_FLOW = {
  version: '7.0',
  screens: [
    {
      id: 'LEAD',
      terminal: true,
      layout: {
        type: 'SingleColumnLayout',
        children: [
          { type: 'TextInput', name: 'email', label: 'Email', required: true, 'input-type': 'email' },
          { type: 'TextInput', name: 'budget', label: 'Budget', required: true, 'input-type': 'number' },
          { type: 'Footer', label: 'Send', 'on-click-action': { name: 'complete', payload: { email: '${form.email}', budget: '${form.budget}' } } },
        ],
      },
    },
  ],
};

/** Opens storage for a pipeline test: PostgreSQL in a fresh schema when `postgres` is set, else SQLite in a temp dir. */
export async function openTestStorage(postgres?: string): Promise<{ storage: Storage; dispose: () => Promise<void> }> {
  if (postgres !== undefined) {
    const schema = `pipeline_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const storage = await openStorage({ databaseUrl: postgres, schema });
    return {
      storage,
      dispose: async () => {
        await storage.close();
        const cleanup = await import('pg');
        const client = new cleanup.default.Client({ connectionString: postgres });
        await client.connect();
        await client.query(`drop schema if exists "${schema}" cascade`);
        await client.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'flowline-pipeline-'));
  const storage = await openStorage({ dataDir: dir });
  return {
    storage,
    dispose: async () => {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates a workspace with the lead Flow (version 1), a contact and a send; returns the send's flow token. */
export async function seedLead(storage: Storage, workspaceId: string, phone = '+351910000001'): Promise<{ sendId: string; flowToken: string; contactId: string }> {
  await storage.workspaces.create({ id: workspaceId, name: workspaceId, at: 0 });
  await storage.flows.create(workspaceId, { id: 'lead', name: 'Lead', at: 0, by: 'test' });
  await storage.flows.addVersion(workspaceId, 'lead', { flowJson: JSON.stringify(LEAD_FLOW), createdAt: 0, createdBy: 'test' });
  const contact = await storage.contacts.upsert(workspaceId, { phone, at: 0 });
  const send = await storage.sends.create(workspaceId, { flowId: 'lead', version: 1, contactId: contact.id, channel: 'sandbox', at: 1 });
  if (!send.ok) throw new Error(send.message);
  return { sendId: send.value.id, flowToken: send.value.flowToken, contactId: contact.id };
}

/** Adds another send of the lead Flow to a contact. */
export async function addSend(storage: Storage, workspaceId: string, contactId: string): Promise<{ sendId: string; flowToken: string }> {
  const send = await storage.sends.create(workspaceId, { flowId: 'lead', version: 1, contactId, channel: 'sandbox', at: 2 });
  if (!send.ok) throw new Error(send.message);
  return { sendId: send.value.id, flowToken: send.value.flowToken };
}
