import type { Repositories } from '@flowline/storage';

/**
 * The Meta Flow a WhatsApp send opens: a template's FLOW button names the Meta Flow it was made for (when
 * the template was made through Flowline), an interactive message the Flow's current Meta Flow. Undefined
 * when Flowline knows no Meta Flow of the Flow (the message then names the Flow by its name).
 */
export async function findOpenedMetaFlow(storage: Pick<Repositories, 'channels' | 'whatsapp'>, workspaceId: string, flowId: string, template: { readonly name: string; readonly language: string } | undefined): Promise<string | undefined> {
  if (template !== undefined) {
    const known = (await storage.whatsapp.listTemplates(workspaceId)).find((t) => t.name === template.name && t.language === template.language);
    if (known !== undefined) return known.graphFlowId;
  }
  return storage.channels.findGraphFlowId(workspaceId, flowId);
}
