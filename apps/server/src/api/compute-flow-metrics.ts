import { ENDPOINT_THRESHOLDS, type FlowMetrics, type FunnelStep } from '@flowline/core';
import type { EndpointTrace, FlowEvent } from '@flowline/storage';

export { ENDPOINT_THRESHOLDS };
export type { FlowMetrics, FunnelStep };

/** Computes a Flow's metrics from its stored events and endpoint traces; `screens` gives the funnel order. */
export function computeFlowMetrics(events: readonly FlowEvent[], traces: readonly EndpointTrace[], screens: readonly string[]): FlowMetrics {
  const ofType = (type: FlowEvent['type']): FlowEvent[] => events.filter((e) => e.type === type);
  const sent = ofType('sent');
  const opened = ofType('opened');
  const submitted = ofType('submitted');
  const submittedSends = new Set(submitted.map((e) => e.sendId).filter((id): id is string => id !== null));

  // Funnel: distinct sends per screen, and for unfinished sends the last screen they reached.
  const reachedBy = new Map<string, Set<string>>();
  const anonymousReached = new Map<string, number>();
  const lastScreen = new Map<string, { screen: string; at: number }>();
  for (const e of ofType('screen_reached')) {
    if (e.screen === null) continue;
    if (e.sendId === null) {
      anonymousReached.set(e.screen, (anonymousReached.get(e.screen) ?? 0) + 1);
      continue;
    }
    const set = reachedBy.get(e.screen) ?? new Set<string>();
    set.add(e.sendId);
    reachedBy.set(e.screen, set);
    const last = lastScreen.get(e.sendId);
    if (last === undefined || e.at >= last.at) lastScreen.set(e.sendId, { screen: e.screen, at: e.at });
  }
  const dropped = new Map<string, number>();
  for (const [sendId, last] of lastScreen) {
    if (!submittedSends.has(sendId)) dropped.set(last.screen, (dropped.get(last.screen) ?? 0) + 1);
  }
  const order = [...screens, ...[...new Set([...reachedBy.keys(), ...anonymousReached.keys()])].filter((s) => !screens.includes(s)).sort()];
  const funnel = order.map((screen) => ({ screen, reached: (reachedBy.get(screen)?.size ?? 0) + (anonymousReached.get(screen) ?? 0), droppedOff: dropped.get(screen) ?? 0 }));
  let dropOffStep: string | null = null;
  for (const step of funnel) if (step.droppedOff > 0 && (dropOffStep === null || step.droppedOff > (dropped.get(dropOffStep) ?? 0))) dropOffStep = step.screen;

  // Time to complete: from the first open (else the send) to the submission, per send.
  const earliest = (list: readonly FlowEvent[]): Map<string, number> => {
    const map = new Map<string, number>();
    for (const e of list) if (e.sendId !== null) map.set(e.sendId, Math.min(e.at, map.get(e.sendId) ?? Infinity));
    return map;
  };
  const firstOpen = earliest(opened);
  const firstSend = earliest(sent);
  const startOf = (sendId: string): number | undefined => firstOpen.get(sendId) ?? firstSend.get(sendId);
  const durations = submitted.flatMap((e) => {
    const start = e.sendId === null ? undefined : startOf(e.sendId);
    return start === undefined ? [] : [e.at - start];
  });

  const routed = ofType('routed').length;
  const reroutedKeys = new Set(ofType('rerouted').map((e) => readString(e.data, 'submissionId') ?? readString(e.data, 'itemId') ?? e.id));
  const resolutionTimes = ofType('resolved').flatMap((e) => {
    const ms = isRecord(e.data) ? e.data['durationMs'] : undefined;
    return typeof ms === 'number' && Number.isFinite(ms) ? [ms] : [];
  });

  const latencies = traces.map((t) => t.latencyMs).sort((a, b) => a - b);
  const errors = traces.filter((t) => t.statusCode >= 400).length;
  const p90 = percentile(latencies, 0.9);
  const errorRate = traces.length === 0 ? null : errors / traces.length;
  return {
    sends: sent.length,
    opens: opened.length,
    submissions: submitted.length,
    completionRate: sent.length === 0 ? null : submitted.length / sent.length,
    funnel,
    dropOffStep,
    medianTimeToCompleteMs: median(durations),
    routing: { routed, rerouted: reroutedKeys.size, accuracy: routed === 0 ? null : Math.max(0, routed - reroutedKeys.size) / routed },
    resolution: { resolved: resolutionTimes.length, medianTimeToResolutionMs: median(resolutionTimes) },
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
  };
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readString(data: unknown, key: string): string | undefined {
  const value = isRecord(data) ? data[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}
