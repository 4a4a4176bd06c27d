import { ENDPOINT_THRESHOLDS, type FlowMetrics, type FunnelStep, type MetricFigure, type UnknownFigure, type UnknownFigureCode } from '@flowline/api-contract';
import { isJsonObject } from '@flowline/core';
import { readJson } from '../read-json.js';

export type { FlowMetrics, FunnelStep, MetricFigure, UnknownFigure };

const FIGURES: readonly MetricFigure[] = ['opens', 'completionRate', 'funnel', 'dropOffStep', 'medianTimeToCompleteMs', 'routingAccuracy', 'medianTimeToResolutionMs', 'endpointLatency', 'endpointErrorRate'];
const UNKNOWN_CODES: readonly UnknownFigureCode[] = ['no_sends', 'static_flow', 'no_completions', 'no_routing_rules', 'nothing_routed', 'no_resolutions', 'no_endpoint', 'no_endpoint_requests'];

/** The figures the server could not know, with its reasons (entries it does not recognise are left out). */
function toUnknown(value: unknown): Partial<Record<MetricFigure, UnknownFigure>> {
  const out: Partial<Record<MetricFigure, UnknownFigure>> = {};
  if (!isJsonObject(value)) return out;
  for (const figure of FIGURES) {
    const entry = value[figure];
    if (!isJsonObject(entry)) continue;
    const code = UNKNOWN_CODES.find((c) => c === entry['code']);
    const reason = readJson.string(entry['reason']);
    if (code !== undefined && reason !== undefined) out[figure] = { code, reason };
  }
  return out;
}

const orNull = (v: unknown): number | null => readJson.number(v) ?? null;

/** Reads the metrics body; undefined when it is not an object. Missing counts read as 0, missing figures as null (not measured). */
export function toFlowMetrics(body: unknown): FlowMetrics | undefined {
  if (!isJsonObject(body)) return undefined;
  const routing = isJsonObject(body['routing']) ? body['routing'] : {};
  const resolution = isJsonObject(body['resolution']) ? body['resolution'] : {};
  const endpoint = isJsonObject(body['endpoint']) ? body['endpoint'] : {};
  const thresholds = isJsonObject(endpoint['thresholds']) ? endpoint['thresholds'] : {};
  return {
    hasEndpoint: body['hasEndpoint'] === true,
    sends: readJson.number(body['sends']) ?? 0,
    opens: orNull(body['opens']),
    submissions: readJson.number(body['submissions']) ?? 0,
    unmatchedSubmissions: readJson.number(body['unmatchedSubmissions']) ?? 0,
    completionRate: orNull(body['completionRate']),
    funnel: Array.isArray(body['funnel']) ? readJson.list(body['funnel'], (s) => (isJsonObject(s) && typeof s['screen'] === 'string' ? { screen: s['screen'], reached: readJson.number(s['reached']) ?? 0, droppedOff: readJson.number(s['droppedOff']) ?? 0 } : undefined)) : null,
    dropOffStep: readJson.string(body['dropOffStep']) ?? null,
    medianTimeToCompleteMs: orNull(body['medianTimeToCompleteMs']),
    routing: { routed: readJson.number(routing['routed']) ?? 0, rerouted: readJson.number(routing['rerouted']) ?? 0, accuracy: orNull(routing['accuracy']) },
    resolution: { resolved: readJson.number(resolution['resolved']) ?? 0, medianTimeToResolutionMs: orNull(resolution['medianTimeToResolutionMs']) },
    endpoint: {
      requests: readJson.number(endpoint['requests']) ?? 0,
      p50Ms: orNull(endpoint['p50Ms']),
      p90Ms: orNull(endpoint['p90Ms']),
      p99Ms: orNull(endpoint['p99Ms']),
      errorRate: orNull(endpoint['errorRate']),
      thresholds: { p90Ms: readJson.number(thresholds['p90Ms']) ?? ENDPOINT_THRESHOLDS.p90Ms, errorRate: readJson.number(thresholds['errorRate']) ?? ENDPOINT_THRESHOLDS.errorRate },
      meetsLatencyThreshold: typeof endpoint['meetsLatencyThreshold'] === 'boolean' ? endpoint['meetsLatencyThreshold'] : null,
      meetsErrorRateThreshold: typeof endpoint['meetsErrorRateThreshold'] === 'boolean' ? endpoint['meetsErrorRateThreshold'] : null,
    },
    unknown: toUnknown(body['unknown']),
  };
}

/** One endpoint request of the trace. */
export interface TracePoint {
  readonly at: number;
  readonly latencyMs: number;
  readonly statusCode: number;
  readonly version: number | null;
}

/** Reads one trace row (`GET /traces`). */
export function toTracePoint(value: unknown): TracePoint | undefined {
  if (!isJsonObject(value)) return undefined;
  const at = readJson.number(value['at']);
  const latencyMs = readJson.number(value['latencyMs']);
  if (at === undefined || latencyMs === undefined) return undefined;
  return { at, latencyMs, statusCode: readJson.number(value['statusCode']) ?? 200, version: readJson.number(value['version']) ?? null };
}

/** The endpoint's health over one time bucket. */
export interface TraceBucket {
  readonly start: number;
  readonly requests: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly errorRate: number;
}

/**
 * Groups trace points into `buckets` equal time buckets spanning them (empty buckets left out), with the
 * nearest-rank percentiles and the share of 4xx/5xx answers — the same definitions as the API's figures.
 */
export function bucketTraces(points: readonly TracePoint[], buckets: number): TraceBucket[] {
  if (points.length === 0 || buckets < 1) return [];
  const first = Math.min(...points.map((p) => p.at));
  const last = Math.max(...points.map((p) => p.at));
  const width = Math.max(1, Math.ceil((last - first + 1) / buckets));
  const groups = new Map<number, TracePoint[]>();
  for (const point of points) {
    const index = Math.floor((point.at - first) / width);
    groups.set(index, [...(groups.get(index) ?? []), point]);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([index, group]) => {
    const sorted = group.map((p) => p.latencyMs).sort((a, b) => a - b);
    return {
      start: first + index * width,
      requests: group.length,
      p50Ms: nearestRank(sorted, 0.5),
      p90Ms: nearestRank(sorted, 0.9),
      p99Ms: nearestRank(sorted, 0.99),
      errorRate: group.filter((p) => p.statusCode >= 400).length / group.length,
    };
  });
}

function nearestRank(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
}
