import type { Repositories } from '@flowline/storage';

/** Meta's Flow statuses (platform spec §3.3). */
const META_STATUSES = new Set(['DRAFT', 'PUBLISHED', 'DEPRECATED', 'THROTTLED', 'BLOCKED']);

/**
 * Applies a `flows` webhook to the Meta Flow it names (any of a Flow's Meta ids, old ones included):
 * FLOW_STATUS_CHANGE sets its Meta status, which gates sends (THROTTLED and BLOCKED refuse them).
 * Alerts are recorded by the caller as Flow health events. Returns whether a status changed.
 */
export async function applyMetaFlowEvent(storage: Pick<Repositories, 'whatsapp'>, event: { graphFlowId: string; event: string; value: Readonly<Record<string, unknown>>; at: number }): Promise<boolean> {
  if (event.event !== 'FLOW_STATUS_CHANGE') return false;
  const status = typeof event.value['new_status'] === 'string' ? event.value['new_status'].toUpperCase() : undefined;
  if (status === undefined || !META_STATUSES.has(status)) return false;
  const meta = await storage.whatsapp.locateMetaFlow(event.graphFlowId);
  if (meta === undefined || meta.status === status) return false;
  // A late DRAFT (creation) webhook must not undo a publish that Flowline already recorded.
  if (status === 'DRAFT' && meta.status !== 'DRAFT' && event.value['old_status'] === undefined) return false;
  await storage.whatsapp.updateMetaFlow(meta.workspaceId, meta.graphFlowId, { status, at: event.at });
  return true;
}

/** Why a WhatsApp send of a Flow is refused by its Meta status, or undefined when it may be sent. */
export async function metaSendRefusal(storage: Pick<Repositories, 'channels' | 'whatsapp'>, workspaceId: string, flowId: string): Promise<string | undefined> {
  const current = await storage.channels.findGraphFlowId(workspaceId, flowId);
  if (current === undefined) return undefined;
  const meta = await storage.whatsapp.locateMetaFlow(current);
  if (meta === undefined || meta.workspaceId !== workspaceId) return undefined;
  if (meta.status === 'THROTTLED') {
    return `Flow ${flowId} is THROTTLED on WhatsApp (Meta Flow ${meta.graphFlowId}): Meta's health monitoring limits it because of endpoint errors, latency or availability; fix the endpoint (see its alerts) or publish a new version`;
  }
  if (meta.status === 'BLOCKED') return `Flow ${flowId} is BLOCKED on WhatsApp (Meta Flow ${meta.graphFlowId}): Meta will not deliver it; fix the endpoint (see its alerts) and wait for Meta to lift the block, or publish a new version`;
  if (meta.status === 'DELETED') return `Flow ${flowId}'s draft on Meta (${meta.graphFlowId}) was deleted: push a version to WhatsApp again before sending`;
  if (meta.status === 'DEPRECATED') return `Flow ${flowId} is DEPRECATED on WhatsApp (Meta Flow ${meta.graphFlowId}): publish a new version to send it again`;
  return undefined;
}
