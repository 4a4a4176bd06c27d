import { ENDPOINT_THRESHOLDS, type FlowMetrics, type FunnelStep, type MetricFigure, type UnknownFigure } from '@flowline/api-contract';
import { isJsonObject } from '@flowline/core';
import type { EndpointTrace, FlowEvent } from '@flowline/storage';

export { ENDPOINT_THRESHOLDS };
export type { FlowMetrics, FunnelStep };

/** What the metrics need to know about the Flow besides its events and traces. */
export interface MetricsContext {
  /** The screens of the version measured, in order (the funnel's order). */
  readonly screens: readonly string[];
  /** Whether that version declares a data endpoint (`data_api_version`); without one, only completions report back. */
  readonly hasEndpoint: boolean;
  /** How many routing rules the Flow has now. */
  readonly routingRules: number;
}

/**
 * Computes a Flow's metrics from its stored events and endpoint traces. Only real customers count: an
 * open or a screen counts when its session belongs to a send (its flow_token was issued by a send), so
 * the studio's previews, CLI simulations and any session with a made-up token never reach the figures;
 * each send counts once per figure. A figure that cannot be known is null, with the reason in `unknown`.
 */
export function computeFlowMetrics(events: readonly FlowEvent[], traces: readonly EndpointTrace[], context: MetricsContext): FlowMetrics {
  const ofType = (type: FlowEvent['type']): FlowEvent[] => events.filter((e) => e.type === type);
  const ofSends = (type: FlowEvent['type']): (FlowEvent & { sendId: string })[] => ofType(type).filter((e): e is FlowEvent & { sendId: string } => e.sendId !== null);
  const unknown: Partial<Record<MetricFigure, UnknownFigure>> = {};

  const sentSends = new Set(ofSends('sent').map((e) => e.sendId));
  const openedSends = new Set(ofSends('opened').map((e) => e.sendId));
  const submittedSends = new Set(ofSends('submitted').map((e) => e.sendId));
  const unmatchedSubmissions = ofType('submitted').filter((e) => e.sendId === null).length;
  const sends = sentSends.size;
  const submissions = submittedSends.size;

  let opens: number | null = openedSends.size;
  let funnel: FunnelStep[] | null = null;
  let dropOffStep: string | null = null;
  if (context.hasEndpoint) {
    ({ funnel, dropOffStep } = computeFunnel(ofSends('screen_reached'), ofSends('opened'), submittedSends, context.screens));
  } else {
    opens = null;
    const staticFlow = 'the Flow has no data endpoint: WhatsApp reports nothing back until the customer completes it';
    unknown.opens = { code: 'static_flow', reason: `${staticFlow} (${submissions} completed)` };
    unknown.funnel = { code: 'static_flow', reason: `${staticFlow}, so the per-screen funnel is only known at completion` };
    unknown.dropOffStep = { code: 'static_flow', reason: `${staticFlow}, so where customers stop is not known` };
  }
  const completionRate = sends === 0 ? null : submissions / sends;
  if (completionRate === null) unknown.completionRate = { code: 'no_sends', reason: 'no sends yet' };

  // Time to complete: from the first open (else the send) to the first answer, per send.
  const firstOpen = earliest(ofSends('opened'));
  const firstSend = earliest(ofSends('sent'));
  const durations = [...earliest(ofSends('submitted'))].flatMap(([sendId, at]) => {
    const start = firstOpen.get(sendId) ?? firstSend.get(sendId);
    return start === undefined ? [] : [at - start];
  });
  const medianTimeToCompleteMs = median(durations);
  if (medianTimeToCompleteMs === null) unknown.medianTimeToCompleteMs = { code: 'no_completions', reason: 'no completed sends yet' };

  // Routing accuracy: only answers a rule routed (a matching or a default rule) can have been routed wrongly.
  const routedKeys = new Set(ofType('routed').filter((e) => readStringList(e.data, 'ruleIds').length > 0).map((e) => readString(e.data, 'submissionId') ?? e.id));
  const routed = routedKeys.size;
  const reroutedKeys = new Set(ofType('rerouted').map((e) => readString(e.data, 'submissionId') ?? readString(e.data, 'itemId') ?? e.id));
  const accuracy = routed === 0 ? null : Math.max(0, routed - reroutedKeys.size) / routed;
  if (accuracy === null) {
    unknown.routingAccuracy = context.routingRules === 0
      ? { code: 'no_routing_rules', reason: 'no routing rules' }
      : { code: 'nothing_routed', reason: 'no answer has been routed by a rule yet' };
  }

  const resolutionTimes = ofType('resolved').flatMap((e) => {
    const ms = isJsonObject(e.data) ? e.data['durationMs'] : undefined;
    return typeof ms === 'number' && Number.isFinite(ms) ? [ms] : [];
  });
  const medianTimeToResolutionMs = median(resolutionTimes);
  if (medianTimeToResolutionMs === null) unknown.medianTimeToResolutionMs = { code: 'no_resolutions', reason: 'no ticket resolved yet' };

  const latencies = traces.map((t) => t.latencyMs).sort((a, b) => a - b);
  const errors = traces.filter((t) => t.statusCode >= 400).length;
  const p90 = percentile(latencies, 0.9);
  const errorRate = traces.length === 0 ? null : errors / traces.length;
  if (traces.length === 0) {
    const none: UnknownFigure = context.hasEndpoint
      ? { code: 'no_endpoint_requests', reason: 'the endpoint has had no requests yet' }
      : { code: 'no_endpoint', reason: 'the Flow has no data endpoint' };
    unknown.endpointLatency = none;
    unknown.endpointErrorRate = none;
  }
  return {
    hasEndpoint: context.hasEndpoint,
    sends,
    opens,
    submissions,
    unmatchedSubmissions,
    completionRate,
    funnel,
    dropOffStep,
    medianTimeToCompleteMs,
    routing: { routed, rerouted: reroutedKeys.size, accuracy },
    resolution: { resolved: resolutionTimes.length, medianTimeToResolutionMs },
    endpoint: {
      requests: traces.length,
      p50Ms: percentile(latencies, 0.5),
      p90Ms: p90,
      p99Ms: percentile(latencies, 0.99),
      errorRate,
      thresholds: ENDPOINT_THRESHOLDS,
      meetsLatencyThreshold: p90 === null ? null : p90 <= ENDPOINT_THRESHOLDS.p90Ms,
      meetsErrorRateThreshold: errorRate === null ? null : errorRate <= ENDPOINT_THRESHOLDS.errorRate,
    },
    unknown,
  };
}

/**
 * Distinct sends per screen, and for unanswered sends the last screen they reached. A Flow opened with
 * navigate reports, on its first exchange, both the screen it was opened on and the screen the endpoint
 * answered with, at the same instant: the screen it was opened on (the `opened` event's) is the earlier.
 */
function computeFunnel(reached: readonly (FlowEvent & { sendId: string })[], opened: readonly (FlowEvent & { sendId: string })[], submittedSends: ReadonlySet<string>, screens: readonly string[]): { funnel: FunnelStep[]; dropOffStep: string | null } {
  const openedOn = new Set(opened.map((e) => `${e.sendId}\u0000${e.at}\u0000${e.screen ?? ''}`));
  const rank = (e: FlowEvent & { sendId: string; screen: string }): number => (openedOn.has(`${e.sendId}\u0000${e.at}\u0000${e.screen}`) ? 0 : 1);
  const reachedBy = new Map<string, Set<string>>();
  const lastScreen = new Map<string, { screen: string; at: number; rank: number }>();
  for (const e of reached) {
    if (e.screen === null) continue;
    const set = reachedBy.get(e.screen) ?? new Set<string>();
    set.add(e.sendId);
    reachedBy.set(e.screen, set);
    const last = lastScreen.get(e.sendId);
    const r = rank({ ...e, screen: e.screen });
    if (last === undefined || e.at > last.at || (e.at === last.at && r >= last.rank)) lastScreen.set(e.sendId, { screen: e.screen, at: e.at, rank: r });
  }
  const dropped = new Map<string, number>();
  for (const [sendId, last] of lastScreen) {
    if (!submittedSends.has(sendId)) dropped.set(last.screen, (dropped.get(last.screen) ?? 0) + 1);
  }
  const order = [...screens, ...[...reachedBy.keys()].filter((s) => !screens.includes(s)).sort()];
  const funnel = order.map((screen) => ({ screen, reached: reachedBy.get(screen)?.size ?? 0, droppedOff: dropped.get(screen) ?? 0 }));
  let dropOffStep: string | null = null;
  for (const step of funnel) if (step.droppedOff > 0 && (dropOffStep === null || step.droppedOff > (dropped.get(dropOffStep) ?? 0))) dropOffStep = step.screen;
  return { funnel, dropOffStep };
}

/** The earliest time of each send's events. */
function earliest(list: readonly (FlowEvent & { sendId: string })[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const e of list) map.set(e.sendId, Math.min(e.at, map.get(e.sendId) ?? Infinity));
  return map;
}

/** Nearest-rank percentile of sorted values (null for none). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? null;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function readString(data: unknown, key: string): string | undefined {
  const value = isJsonObject(data) ? data[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function readStringList(data: unknown, key: string): string[] {
  const value = isJsonObject(data) ? data[key] : undefined;
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
