import type { CampaignStatus, Storage } from '@flowline/storage';
import type { QualityUpdateItem } from '../webhooks/parse-webhook-payload.js';

/** What a `phone_number_quality_update` webhook did; returned in the webhook's 200 response and logged. */
export interface QualityUpdateOutcome {
  readonly kind: 'quality_update';
  readonly event: string;
  /** Campaigns stopped as `quality-limited`, per workspace connected to the WABA. */
  readonly stopped: number;
  readonly outcome: 'campaigns_stopped' | 'recorded' | 'unknown_waba';
}

// Meta's quality events (webhook reference, phone_number_quality_update):
// - FLAGGED: the number's quality is low; if it stays low for 7 days its messaging limit drops.
// - DOWNGRADE: the messaging limit dropped (fewer business-initiated conversations per 24 hours).
// Both mean the campaign is hurting the number: every further template sent now adds to the blocks and
// reports that caused them. Campaigns stop as `quality-limited` and a person decides when to resume
// (POST /campaigns/{id}/resume). UNFLAGGED, UPGRADE, THROUGHPUT_UPGRADE and ONBOARDING stop nothing, and
// nothing resumes by itself: a campaign stopped for quality is a decision to look at, not a timeout.
const STOPPING_EVENTS: ReadonlySet<string> = new Set(['FLAGGED', 'DOWNGRADE']);
const RUNNING: readonly CampaignStatus[] = ['running', 'scheduled'];
/** Campaigns of a workspace looked at (a workspace runs a handful at once; the list is newest first). */
const CAMPAIGNS_SCANNED = 500;

function reasonOf(item: QualityUpdateItem): string {
  const number = item.displayPhoneNumber === undefined ? 'the business phone number' : `the business phone number ${item.displayPhoneNumber}`;
  const limit = item.currentLimit === undefined ? '' : ` (messaging limit now ${item.currentLimit}${item.oldLimit === undefined ? '' : `, was ${item.oldLimit}`})`;
  return item.event === 'FLAGGED'
    ? `Meta flagged the quality of ${number} as low${limit}: sending more may lower its messaging limit. Review the template and audience, then resume.`
    : `Meta lowered the messaging limit of ${number}${limit} because of its quality. Review the template and audience, then resume.`;
}

/**
 * Applies a quality change of the business number to the campaigns of every workspace connected to the
 * WABA: on FLAGGED or DOWNGRADE, its running and scheduled WhatsApp campaigns stop as `quality-limited`
 * with the reason in words. A repeated delivery finds them stopped already and changes nothing.
 */
export async function applyQualityUpdate(deps: { readonly storage: Storage; readonly now: () => Date }, item: QualityUpdateItem): Promise<QualityUpdateOutcome> {
  const base = { kind: 'quality_update', event: item.event } as const;
  const workspaces = await deps.storage.whatsapp.locateWorkspacesOfWaba(item.wabaId);
  if (workspaces.length === 0) return { ...base, stopped: 0, outcome: 'unknown_waba' };
  if (!STOPPING_EVENTS.has(item.event)) return { ...base, stopped: 0, outcome: 'recorded' };
  const reason = reasonOf(item);
  let stopped = 0;
  for (const ws of workspaces) {
    for (const campaign of await deps.storage.campaigns.list(ws, { limit: CAMPAIGNS_SCANNED })) {
      // Sandbox campaigns never reach Meta: the number's quality is not theirs.
      if (campaign.channel !== 'whatsapp' || !RUNNING.includes(campaign.status)) continue;
      if (await deps.storage.campaigns.transition(ws, campaign.id, RUNNING, 'quality-limited', deps.now(), reason)) stopped += 1;
    }
  }
  return { ...base, stopped, outcome: stopped > 0 ? 'campaigns_stopped' : 'recorded' };
}
