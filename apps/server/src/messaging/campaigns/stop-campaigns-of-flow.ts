import type { CampaignStatus, Repositories } from '@flowline/storage';
import { metaSendRefusal } from '../whatsapp/apply-meta-flow-event.js';
import { definitionOf } from './campaign-definition.js';

const RUNNING: readonly CampaignStatus[] = ['running'];
/** Campaigns of a workspace looked at (a workspace runs a handful at once; the list is newest first). */
const CAMPAIGNS_SCANNED = 500;

/**
 * After a change of a Flow's Meta status (the `flows` webhook's FLOW_STATUS_CHANGE): when a WhatsApp send of
 * the Flow is now refused (THROTTLED, BLOCKED, DEPRECATED, its draft deleted; `metaSendRefusal`), its running
 * WhatsApp campaigns stop as `flow-not-sendable` with that refusal as the reason, before the dispatcher claims
 * anyone else. Nothing resumes by itself: a person resumes once Meta lifts it (the dispatcher checks again
 * and stops the campaign anew while the Flow is still refused). Scheduled campaigns are left for the
 * dispatcher to check when they start. Returns how many stopped; a repeat finds them stopped already.
 */
export async function stopCampaignsOfFlow(storage: Pick<Repositories, 'campaigns' | 'channels' | 'whatsapp'>, workspaceId: string, flowId: string, at: Date): Promise<number> {
  const reason = await metaSendRefusal(storage, workspaceId, flowId);
  if (reason === undefined) return 0;
  let stopped = 0;
  for (const campaign of await storage.campaigns.list(workspaceId, { limit: CAMPAIGNS_SCANNED })) {
    // Sandbox campaigns never reach Meta: its Flow's status is not theirs.
    if (campaign.channel !== 'whatsapp' || !RUNNING.includes(campaign.status)) continue;
    if (!definitionOf(campaign).arms.some((arm) => arm.flowId === flowId)) continue;
    if (await storage.campaigns.transition(workspaceId, campaign.id, RUNNING, 'flow-not-sendable', at, reason)) stopped += 1;
  }
  return stopped;
}
