import { assignArm, matchesSegment, MAX_MESSAGES_PER_SECOND, MIN_MESSAGES_PER_SECOND, parseSendWindow, type Segment } from '@flowline/core';
import type { Campaign, CampaignStatus, RecipientReviewDecision, Repositories, Storage } from '@flowline/storage';
import { randomBytes } from 'node:crypto';
import { whatsappReviewRefusal } from '../channels/review-gate.js';
import { DEFAULT_QUIET_PERIOD_MS, DEFAULT_REVIEW_AFTER_MS, definitionOf, type CampaignArm, type CampaignDefinition, type InteractiveMessage } from './campaign-definition.js';

/** What creating a campaign takes (the API's body). */
export interface CampaignInput {
  readonly name: string;
  readonly channel: 'whatsapp' | 'sandbox';
  readonly kind: 'template' | 'interactive';
  readonly arms: readonly { key: string; label?: string; flowId: string; version: number; weight?: number; template?: { name: string; language: string } }[];
  readonly template?: { name: string; language: string };
  readonly message?: InteractiveMessage;
  readonly segment?: Segment;
  readonly personalisation?: Readonly<Record<string, string>>;
  readonly messagesPerSecond?: number;
  readonly quietPeriodHours?: number;
  readonly reviewAfterSeconds?: number;
  /** A seed for the A/B split (default: random, recorded). */
  readonly seed?: string;
  /** Local send window: `{ start: "09:00", end: "18:00", days?: [1..5], timeZone }` (docs/campaigns.md). */
  readonly sendWindow?: unknown;
}

/** A refusal with the HTTP status an API answers. */
export interface CampaignProblem {
  readonly ok: false;
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

const problem = (status: number, code: string, message: string): CampaignProblem => ({ ok: false, status, code, message });

/** A name routing's `exclude_from_campaign` action can refer to. */
const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Checks the input against the workspace (Flows, versions, templates) and stores the campaign as a draft. */
export async function createCampaign(deps: { storage: Storage; now: () => Date }, workspaceId: string, input: CampaignInput): Promise<{ ok: true; campaign: Campaign } | CampaignProblem> {
  if (!NAME.test(input.name)) return problem(400, 'INVALID_NAME', 'a campaign name is 1–64 lower-case letters, digits, - or _ (routing\'s exclude_from_campaign names it)');
  if (input.arms.length === 0 || input.arms.length > 10) return problem(400, 'INVALID_ARMS', 'a campaign has 1 to 10 arms');
  if (new Set(input.arms.map((a) => a.key)).size !== input.arms.length) return problem(400, 'INVALID_ARMS', 'arm keys must be unique');
  const rate = input.messagesPerSecond ?? 80;
  if (!(rate >= MIN_MESSAGES_PER_SECOND && rate <= MAX_MESSAGES_PER_SECOND)) return problem(400, 'INVALID_RATE', `messagesPerSecond is between ${MIN_MESSAGES_PER_SECOND} and ${MAX_MESSAGES_PER_SECOND} (Meta's throughput tiers go from 80 to 1,000)`);
  if (input.kind === 'interactive' && input.message === undefined) return problem(400, 'INVALID_MESSAGE', 'an interactive campaign needs message.cta and message.body');
  const window = input.sendWindow === undefined ? undefined : parseSendWindow(input.sendWindow);
  if (window !== undefined && !window.ok) return problem(400, 'INVALID_SEND_WINDOW', window.message);
  const arms: CampaignArm[] = [];
  for (const arm of input.arms) {
    const version = await deps.storage.flows.findVersion(workspaceId, arm.flowId, arm.version);
    if (version === undefined) return problem(404, 'UNKNOWN_VERSION', `Flow ${arm.flowId} has no version ${arm.version} in this workspace`);
    const template = arm.template ?? input.template;
    if (input.kind === 'template' && template === undefined) return problem(400, 'INVALID_MESSAGE', `arm ${arm.key} has no template: give template (for every arm) or arms[].template`);
    arms.push({ key: arm.key, label: arm.label ?? arm.key, flowId: arm.flowId, version: arm.version, weight: arm.weight ?? 1, ...(input.kind === 'template' && template !== undefined ? { template } : {}) });
  }
  const definition: CampaignDefinition = {
    arms,
    segment: input.segment ?? {},
    personalisation: input.personalisation ?? {},
    quietPeriodMs: Math.round((input.quietPeriodHours ?? DEFAULT_QUIET_PERIOD_MS / 3_600_000) * 3_600_000),
    reviewAfterMs: Math.round((input.reviewAfterSeconds ?? DEFAULT_REVIEW_AFTER_MS / 1000) * 1000),
    ...(input.message === undefined ? {} : { message: input.message }),
    ...(window === undefined ? {} : { sendWindow: window.window }),
  };
  const created = await deps.storage.campaigns.create(workspaceId, {
    name: input.name, channel: input.channel, kind: input.kind, definition, seed: input.seed ?? randomBytes(12).toString('hex'),
    messagesPerSecond: rate, startAt: null, status: 'draft', at: deps.now(),
  });
  if (!created.ok) return problem(409, created.code, created.message);
  return { ok: true, campaign: created.value };
}

/**
 * Starts a draft: selects its audience (segment by tags, fields and activity), splits it between the arms
 * by the campaign's seed (recorded per recipient), enqueues it and marks the campaign running — or
 * scheduled when `startAt` is later. Exclusions are applied at send time, not here.
 */
export async function startCampaign(deps: { storage: Storage; now: () => Date }, workspaceId: string, campaignId: string, options: { startAt?: number } = {}): Promise<{ ok: true; campaign: Campaign; before: Campaign; recipients: number } | CampaignProblem> {
  const campaign = await deps.storage.campaigns.find(workspaceId, campaignId);
  if (campaign === undefined) return problem(404, 'NOT_FOUND', 'no such campaign');
  if (campaign.status !== 'draft') return problem(409, 'INVALID_STATE', `campaign ${campaign.name} is ${campaign.status}; only a draft can be started`);
  if (campaign.channel === 'whatsapp') {
    // Checked at start, not at creation: a version may be approved in between (or lose its approval).
    for (const arm of definitionOf(campaign).arms) {
      const flow = await deps.storage.flows.find(workspaceId, arm.flowId);
      const refusal = flow === undefined ? `Flow ${arm.flowId} no longer exists` : await whatsappReviewRefusal(deps.storage, workspaceId, flow, arm.version);
      if (refusal !== undefined) return problem(409, 'NOT_APPROVED', `arm ${arm.key}: ${refusal}`);
    }
  }
  const now = deps.now();
  const recipients = await enqueueAudience(deps.storage, workspaceId, campaign, now.getTime());
  const later = options.startAt !== undefined && options.startAt > now.getTime();
  await deps.storage.campaigns.markEnqueued(workspaceId, campaignId, now);
  if (later) await deps.storage.campaigns.setStartAt(workspaceId, campaignId, options.startAt ?? 0);
  await deps.storage.campaigns.transition(workspaceId, campaignId, ['draft'], later ? 'scheduled' : 'running', now, null);
  const updated = await deps.storage.campaigns.find(workspaceId, campaignId);
  return { ok: true, campaign: updated ?? campaign, before: campaign, recipients };
}

const PAGE = 2000;

/** Pages through the workspace's contacts, keeps the segment's and enqueues them with their arm; returns how many. */
async function enqueueAudience(storage: Storage, workspaceId: string, campaign: Campaign, nowMs: number): Promise<number> {
  const definition = definitionOf(campaign);
  const { segment } = definition;
  const activity = segment.activity;
  const active = activity === undefined ? undefined : await storage.audiences.contactsWithActivity(workspaceId, { activity: activity.activity, since: nowMs - activity.withinDays * 86_400_000, ...(activity.flowId === undefined ? {} : { flowId: activity.flowId }) });
  const arms = definition.arms.map((a) => ({ key: a.key, weight: a.weight }));
  let after: string | undefined;
  let total = 0;
  for (;;) {
    const page = await storage.audiences.page(workspaceId, { limit: PAGE, ...(after === undefined ? {} : { afterPhone: after }) });
    if (page.length === 0) break;
    after = page[page.length - 1]?.phone;
    const chosen = page.filter((c) => matchesSegment(c, segment, active)).map((c) => ({ contactId: c.id, phone: c.phone, arm: assignArm(campaign.seed, c.id, arms) }));
    // One transaction a page: a crash leaves whole pages, and enqueueing again adds only the missing ones.
    total += await storage.transaction((tx: Repositories) => tx.campaigns.enqueueRecipients(workspaceId, campaign.id, chosen, nowMs));
    if (page.length < PAGE) break;
  }
  return total;
}

const MOVES: Readonly<Record<'pause' | 'resume' | 'cancel', { from: readonly CampaignStatus[]; to: CampaignStatus }>> = {
  pause: { from: ['running', 'scheduled'], to: 'paused' },
  // A campaign Meta stopped (template paused, quality, account, its Flow THROTTLED or BLOCKED) resumes once the cause is fixed.
  resume: { from: ['paused', 'template-paused', 'quality-limited', 'account-blocked', 'flow-not-sendable'], to: 'running' },
  cancel: { from: ['draft', 'scheduled', 'running', 'paused', 'template-paused', 'quality-limited', 'account-blocked', 'flow-not-sendable', 'completed'], to: 'cancelled' },
};

/** Pauses, resumes or cancels a campaign (cancelling also cancels its queued recipients: how many, in `cancelled`). */
export async function moveCampaign(deps: { storage: Storage; now: () => Date }, workspaceId: string, campaignId: string, move: 'pause' | 'resume' | 'cancel'): Promise<{ ok: true; campaign: Campaign; before: Campaign; cancelled: number } | CampaignProblem> {
  const campaign = await deps.storage.campaigns.find(workspaceId, campaignId);
  if (campaign === undefined) return problem(404, 'NOT_FOUND', 'no such campaign');
  const { from, to } = MOVES[move];
  const now = deps.now();
  if (!(await deps.storage.campaigns.transition(workspaceId, campaignId, from, to, now, null))) {
    return problem(409, 'INVALID_STATE', `campaign ${campaign.name} is ${campaign.status}: it cannot ${move} (allowed from ${from.join(', ')})`);
  }
  const cancelled = move === 'cancel' ? await deps.storage.campaigns.cancelQueued(workspaceId, campaignId, now) : 0;
  return { ok: true, campaign: (await deps.storage.campaigns.find(workspaceId, campaignId)) ?? campaign, before: campaign, cancelled };
}

/** A person's decision on the recipients in review; a resend puts the campaign back to work. */
export async function reviewCampaign(deps: { storage: Storage; now: () => Date }, workspaceId: string, campaignId: string, decision: RecipientReviewDecision): Promise<{ ok: true; recipients: number; before: Campaign; campaign: Campaign } | CampaignProblem> {
  const campaign = await deps.storage.campaigns.find(workspaceId, campaignId);
  if (campaign === undefined) return problem(404, 'NOT_FOUND', 'no such campaign');
  const now = deps.now();
  // Status webhooks that arrived since settle their recipients first: only the truly unknown are decided.
  await deps.storage.campaigns.resolveUnknown(workspaceId, campaignId, 0, now);
  const recipients = await deps.storage.campaigns.decideReview(workspaceId, campaignId, decision, now);
  if (decision === 'resend' && recipients > 0) await deps.storage.campaigns.transition(workspaceId, campaignId, ['completed'], 'running', now, null);
  return { ok: true, recipients, before: campaign, campaign: (await deps.storage.campaigns.find(workspaceId, campaignId)) ?? campaign };
}
