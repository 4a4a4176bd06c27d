import { compareArms, type ArmComparison, type ArmOutcomes } from '@flowline/core';
import type { Campaign, CampaignEventRow, Storage } from '@flowline/storage';
import { definitionOf } from './campaign-definition.js';

/** Counts of one arm (or the whole campaign) along the funnel, from queue to routed outcome. */
export interface ProgressCounts {
  recipients: number;
  queued: number;
  sending: number;
  sent: number;
  delivered: number;
  read: number;
  opened: number;
  completed: number;
  routed: number;
  /** Outbound actions (tickets, CRM records, Slack messages…) the campaign's answers produced. */
  actions: number;
  /** Confirmed bookings made through the campaign's sends (in the Flow, through the endpoint). */
  bookings: number;
  failed: number;
  excluded: number;
  unknown: number;
  review: number;
  cancelled: number;
}

/** The progress view of a campaign (API and studio). */
export interface CampaignProgress {
  readonly status: Campaign['status'];
  readonly statusReason: string | null;
  readonly totals: ProgressCounts;
  readonly arms: readonly (ProgressCounts & { readonly key: string; readonly label: string })[];
  /** Failed recipients by Meta's code and reason. */
  readonly failures: readonly { code: number | null; reason: string; count: number }[];
  /** Recipients skipped at send time, by reason. */
  readonly exclusions: readonly { reason: string; count: number }[];
  /** The routed actions the campaign's answers produced, by kind (ticket, webhook, slack, tag…), most first. */
  readonly actionsByKind: readonly { kind: string; count: number }[];
}

const empty = (): ProgressCounts => ({ recipients: 0, queued: 0, sending: 0, sent: 0, delivered: 0, read: 0, opened: 0, completed: 0, routed: 0, actions: 0, bookings: 0, failed: 0, excluded: 0, unknown: 0, review: 0, cancelled: 0 });

/** Per send: what its events say (first open, last screen, completion, routed outcome, resolution). */
interface SendStory {
  arm: string;
  sentAt: number | null;
  opened: boolean;
  lastScreen: string | undefined;
  submittedAt: number | undefined;
  outcome: string | undefined;
  actions: number;
  actionKinds: Record<string, number>;
  resolvedAt: number | undefined;
}

function stories(events: readonly CampaignEventRow[]): Map<string, SendStory> {
  const out = new Map<string, SendStory>();
  for (const e of events) {
    let story = out.get(e.sendId);
    if (story === undefined) {
      story = { arm: e.arm, sentAt: e.sentAt, opened: false, lastScreen: undefined, submittedAt: undefined, outcome: undefined, actions: 0, actionKinds: {}, resolvedAt: undefined };
      out.set(e.sendId, story);
    }
    if (e.type === 'opened') story.opened = true;
    else if (e.type === 'screen_reached' && e.screen !== null) {
      story.opened = true;
      story.lastScreen = e.screen;
    } else if (e.type === 'submitted') story.submittedAt ??= e.at;
    else if (e.type === 'routed') {
      const data = typeof e.data === 'object' && e.data !== null ? (e.data as Record<string, unknown>) : {};
      const rules = Array.isArray(data['ruleIds']) ? data['ruleIds'].filter((r): r is string => typeof r === 'string') : [];
      story.outcome ??= rules[0] ?? (data['usedDefault'] === true ? 'default rule' : 'no rule matched');
      story.actions += typeof data['actions'] === 'number' ? data['actions'] : 0;
      // Answers routed before the kinds were recorded count in `actions` only.
      const kinds = data['actionKinds'];
      if (typeof kinds === 'object' && kinds !== null) {
        for (const [kind, n] of Object.entries(kinds)) if (typeof n === 'number') story.actionKinds[kind] = (story.actionKinds[kind] ?? 0) + n;
      }
    } else if (e.type === 'resolved') story.resolvedAt ??= e.at;
  }
  return out;
}

/** The progress of a campaign: recipient states, the statuses WhatsApp reported and the events of its sends. */
export async function campaignProgress(storage: Storage, campaign: Campaign): Promise<CampaignProgress> {
  const ws = campaign.workspaceId;
  const definition = definitionOf(campaign);
  const byArm = new Map(definition.arms.map((a) => [a.key, { key: a.key, label: a.label, ...empty() }]));
  const arm = (key: string) => byArm.get(key) ?? byArm.set(key, { key, label: key, ...empty() }).get(key) ?? { key, label: key, ...empty() };
  for (const s of await storage.campaigns.countStates(ws, campaign.id)) {
    const counts = arm(s.arm);
    counts.recipients += s.count;
    counts[s.state] += s.count;
  }
  for (const s of await storage.campaigns.countSendStatuses(ws, campaign.id)) {
    const counts = arm(s.arm);
    if (s.status === 'delivered' || s.status === 'read' || s.status === 'completed') counts.delivered += s.count;
    if (s.status === 'read' || s.status === 'completed') counts.read += s.count;
  }
  const actionsByKind = new Map<string, number>();
  for (const story of stories(await storage.campaigns.listEvents(ws, campaign.id)).values()) {
    const counts = arm(story.arm);
    if (story.opened || story.submittedAt !== undefined) counts.opened++;
    if (story.submittedAt !== undefined) counts.completed++;
    if (story.outcome !== undefined) counts.routed++;
    counts.actions += story.actions;
    for (const [kind, n] of Object.entries(story.actionKinds)) actionsByKind.set(kind, (actionsByKind.get(kind) ?? 0) + n);
  }
  for (const b of await storage.campaigns.countBookings(ws, campaign.id)) arm(b.arm).bookings += b.count;
  // A completed Flow was delivered and read, whatever statuses WhatsApp sent.
  for (const counts of byArm.values()) {
    counts.delivered = Math.max(counts.delivered, counts.completed);
    counts.read = Math.max(counts.read, counts.completed);
  }
  const totals = empty();
  for (const counts of byArm.values()) for (const k of Object.keys(totals) as (keyof ProgressCounts)[]) totals[k] += counts[k];
  const failures = new Map<string, { code: number | null; reason: string; count: number }>();
  for (const f of await storage.campaigns.countFailures(ws, campaign.id)) {
    const k = `${f.code ?? ''}|${f.reason}`;
    const known = failures.get(k);
    if (known === undefined) failures.set(k, { code: f.code, reason: f.reason, count: f.count });
    else known.count += f.count;
  }
  const excluded = await storage.campaigns.listRecipients(ws, campaign.id, { state: 'excluded', limit: 10_000 });
  const exclusions = new Map<string, number>();
  for (const r of excluded) exclusions.set(r.reason ?? '', (exclusions.get(r.reason ?? '') ?? 0) + 1);
  return {
    status: campaign.status, statusReason: campaign.statusReason, totals, arms: [...byArm.values()],
    failures: [...failures.values()].sort((a, b) => b.count - a.count),
    exclusions: [...exclusions].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count),
    actionsByKind: [...actionsByKind].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind)),
  };
}

/** The A/B comparison of a campaign's arms (core's compareArms over what its sends produced). */
export async function campaignComparison(storage: Storage, campaign: Campaign, options: { confidence?: number; minimumSent?: number } = {}): Promise<ArmComparison> {
  const ws = campaign.workspaceId;
  const definition = definitionOf(campaign);
  const sentByArm = new Map<string, number>();
  for (const s of await storage.campaigns.countStates(ws, campaign.id)) if (s.state === 'sent') sentByArm.set(s.arm, (sentByArm.get(s.arm) ?? 0) + s.count);
  const all = [...stories(await storage.campaigns.listEvents(ws, campaign.id)).values()];
  const arms: ArmOutcomes[] = definition.arms.map((a) => {
    const mine = all.filter((s) => s.arm === a.key);
    const completed = mine.filter((s) => s.submittedAt !== undefined);
    const dropOffs: Record<string, number> = {};
    for (const s of mine) if (s.opened && s.submittedAt === undefined) dropOffs[s.lastScreen ?? 'opened, no screen'] = (dropOffs[s.lastScreen ?? 'opened, no screen'] ?? 0) + 1;
    const outcomes: Record<string, number> = {};
    for (const s of completed) if (s.outcome !== undefined) outcomes[s.outcome] = (outcomes[s.outcome] ?? 0) + 1;
    return {
      key: a.key, label: a.label, sent: sentByArm.get(a.key) ?? 0,
      opened: mine.filter((s) => s.opened || s.submittedAt !== undefined).length,
      completed: completed.length,
      completionTimesMs: completed.filter((s) => s.sentAt !== null).map((s) => (s.submittedAt ?? 0) - (s.sentAt ?? 0)),
      resolutionTimesMs: mine.filter((s) => s.resolvedAt !== undefined && s.sentAt !== null).map((s) => (s.resolvedAt ?? 0) - (s.sentAt ?? 0)),
      dropOffs, outcomes,
    };
  });
  return compareArms(arms, options);
}
