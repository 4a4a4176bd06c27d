import { isJsonObject } from '@flowline/core';
import { readJson } from '../ops/read-json.js';

/** A campaign as the list shows it. */
export interface CampaignSummary {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly statusReason: string | undefined;
  readonly channel: string;
  readonly kind: string;
  readonly messagesPerSecond: number;
}

/** The funnel counts of an arm or of the whole campaign. */
export type FunnelCounts = Readonly<Record<string, number>>;

/** The stages of the progress view, in order. */
export const PROGRESS_STAGES = ['recipients', 'queued', 'sent', 'delivered', 'read', 'opened', 'completed', 'routed', 'actions', 'bookings', 'failed', 'excluded', 'unknown', 'review'] as const;

export function toCampaignSummary(value: unknown): CampaignSummary | undefined {
  if (!isJsonObject(value)) return undefined;
  const id = readJson.string(value['id']);
  const name = readJson.string(value['name']);
  if (id === undefined || name === undefined) return undefined;
  return {
    id, name, status: readJson.string(value['status']) ?? 'unknown', statusReason: readJson.string(value['statusReason']),
    channel: readJson.string(value['channel']) ?? '', kind: readJson.string(value['kind']) ?? '', messagesPerSecond: readJson.number(value['messagesPerSecond']) ?? 0,
  };
}

function toCounts(value: unknown): FunnelCounts {
  const out: Record<string, number> = {};
  if (isJsonObject(value)) for (const [k, v] of Object.entries(value)) if (typeof v === 'number') out[k] = v;
  return out;
}

/** The progress of a campaign: totals, per arm, failures with Meta's reason. */
export interface CampaignProgressView {
  readonly totals: FunnelCounts;
  readonly arms: readonly { key: string; label: string; counts: FunnelCounts }[];
  readonly failures: readonly { code: number | undefined; reason: string; count: number }[];
  readonly exclusions: readonly { reason: string; count: number }[];
  /** The routed actions the answers produced, by kind. */
  readonly actionsByKind: readonly { kind: string; count: number }[];
}

export function toProgress(value: unknown): CampaignProgressView {
  const v = isJsonObject(value) ? value : {};
  return {
    totals: toCounts(v['totals']),
    arms: readJson.list(v['arms'], (a) => (isJsonObject(a) ? { key: readJson.string(a['key']) ?? '', label: readJson.string(a['label']) ?? '', counts: toCounts(a) } : undefined)),
    failures: readJson.list(v['failures'], (f) => (isJsonObject(f) ? { code: readJson.number(f['code']), reason: readJson.string(f['reason']) ?? '', count: readJson.number(f['count']) ?? 0 } : undefined)),
    exclusions: readJson.list(v['exclusions'], (e) => (isJsonObject(e) ? { reason: readJson.string(e['reason']) ?? '', count: readJson.number(e['count']) ?? 0 } : undefined)),
    actionsByKind: readJson.list(v['actionsByKind'], (e) => (isJsonObject(e) ? { kind: readJson.string(e['kind']) ?? '', count: readJson.number(e['count']) ?? 0 } : undefined)),
  };
}

/** An interval as the comparison serves it. */
export interface IntervalView {
  readonly lower: number;
  readonly upper: number;
}

/** The A/B comparison as the page shows it. */
export interface ComparisonView {
  readonly confidence: number;
  readonly verdict: { kind: string; text: string };
  readonly timeVerdict: { kind: string; text: string };
  readonly arms: readonly { key: string; label: string; sent: number; completed: number; completionRate: number; interval: IntervalView; medianCompletionMs: number | undefined; dropOffs: readonly { name: string; count: number; share: number }[]; outcomes: readonly { name: string; count: number; share: number }[] }[];
  readonly versusControl: readonly { key: string; difference: number; lower: number; upper: number; clear: boolean; timeP: number }[];
}

const interval = (value: unknown): IntervalView => (isJsonObject(value) ? { lower: readJson.number(value['lower']) ?? 0, upper: readJson.number(value['upper']) ?? 1 } : { lower: 0, upper: 1 });
const shares = (value: unknown) => readJson.list(value, (s) => (isJsonObject(s) ? { name: readJson.string(s['name']) ?? '', count: readJson.number(s['count']) ?? 0, share: readJson.number(s['share']) ?? 0 } : undefined));
const verdict = (value: unknown) => (isJsonObject(value) ? { kind: readJson.string(value['kind']) ?? '', text: readJson.string(value['text']) ?? '' } : { kind: '', text: '' });

export function toComparison(value: unknown): ComparisonView {
  const v = isJsonObject(value) ? value : {};
  return {
    confidence: readJson.number(v['confidence']) ?? 0.95,
    verdict: verdict(v['verdict']),
    timeVerdict: verdict(v['timeVerdict']),
    arms: readJson.list(v['arms'], (a) => (isJsonObject(a) ? {
      key: readJson.string(a['key']) ?? '', label: readJson.string(a['label']) ?? '', sent: readJson.number(a['sent']) ?? 0, completed: readJson.number(a['completed']) ?? 0,
      completionRate: readJson.number(a['completionRate']) ?? 0, interval: interval(a['completionInterval']), medianCompletionMs: readJson.number(a['medianCompletionMs']),
      dropOffs: shares(a['dropOffs']), outcomes: shares(a['outcomes']),
    } : undefined)),
    versusControl: readJson.list(v['versusControl'], (c) => {
      if (!isJsonObject(c) || !isJsonObject(c['completion'])) return undefined;
      const d = c['completion'];
      const time = isJsonObject(c['completionTime']) ? c['completionTime'] : {};
      return { key: readJson.string(c['key']) ?? '', difference: readJson.number(d['difference']) ?? 0, lower: readJson.number(d['lower']) ?? 0, upper: readJson.number(d['upper']) ?? 0, clear: d['clear'] === true, timeP: readJson.number(time['pValue']) ?? 1 };
    }),
  };
}

/** "41 %" — a proportion as whole percent. */
export function toPercent(p: number): string {
  return `${Math.round(p * 100)} %`;
}

/** "3 to 13 points" — a difference interval in percentage points. */
export function toPoints(lower: number, upper: number): string {
  const f = (d: number) => `${d < 0 ? '−' : ''}${Math.abs(Math.round(d * 100))}`;
  return `${f(lower)} to ${f(upper)} points`;
}
