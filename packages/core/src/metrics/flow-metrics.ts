/**
 * The body of `GET /api/v1/flows/{id}/metrics`: one declaration for the server that computes it and
 * the studio that reads it.
 */

/** Meta's health thresholds for a data endpoint (platform spec: p90 latency ≤ 1 s, error rate ≤ 5 %). */
export const ENDPOINT_THRESHOLDS: EndpointThresholds = { p90Ms: 1000, errorRate: 0.05 };

export interface EndpointThresholds {
  readonly p90Ms: number;
  readonly errorRate: number;
}

/** One screen of the funnel: how many sends reached it and how many stopped there without submitting. */
export interface FunnelStep {
  readonly screen: string;
  readonly reached: number;
  readonly droppedOff: number;
}

/** The outcome figures of one Flow (optionally one version) over a time range. */
export interface FlowMetrics {
  readonly sends: number;
  readonly opens: number;
  readonly submissions: number;
  /** submissions / sends (null before the first send). */
  readonly completionRate: number | null;
  readonly funnel: readonly FunnelStep[];
  /** The screen where most unfinished sessions stopped (null when none did). */
  readonly dropOffStep: string | null;
  readonly medianTimeToCompleteMs: number | null;
  /** Routed submissions, distinct submissions an operator re-routed, and the share that needed none. */
  readonly routing: { readonly routed: number; readonly rerouted: number; readonly accuracy: number | null };
  readonly resolution: { readonly resolved: number; readonly medianTimeToResolutionMs: number | null };
  readonly endpoint: {
    readonly requests: number;
    readonly p50Ms: number | null;
    readonly p90Ms: number | null;
    readonly p99Ms: number | null;
    /** Share of requests answered with an HTTP status ≥ 400. */
    readonly errorRate: number | null;
    readonly thresholds: EndpointThresholds;
    /** null while there is nothing to judge (no requests). */
    readonly meetsLatencyThreshold: boolean | null;
    readonly meetsErrorRateThreshold: boolean | null;
  };
}
