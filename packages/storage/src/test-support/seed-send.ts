import type { Storage } from '../open-storage.js';

/** Creates a Flow with one version and a contact, and sends it: the rows a submission refers to. */
export async function seedSend(storage: Storage, workspaceId: string, phone = '+351900000001') {
  await storage.flows.create(workspaceId, { id: 'booking', name: 'Booking', at: 0, by: 'ana' });
  await storage.flows.addVersion(workspaceId, 'booking', { flowJson: '{}', createdAt: 0, createdBy: 'ana' });
  const contact = await storage.contacts.upsert(workspaceId, { phone, at: 0 });
  const send = await storage.sends.create(workspaceId, { flowId: 'booking', version: 1, contactId: contact.id, channel: 'sandbox', at: 1 });
  if (!send.ok) throw new Error(send.message);
  return { contact, send: send.value };
}
