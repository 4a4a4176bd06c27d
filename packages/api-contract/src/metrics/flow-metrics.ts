/**
 * The body of `GET /api/v1/flows/{id}/metrics`: one declaration for the server that computes it and
 * the studio that reads it.
 *
 * Only real customers count: a session counts when its flow_token belongs to a send (previews of the
 * studio and simulations carry no send). A figure that cannot be known is `null` and named in
 * `unknown` with the reason — never shown as 0 or 100 %.
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

/** The figures of {@link FlowMetrics} that can be unknown. */
export type MetricFigure =
  | 'opens'
  | 'completionRate'
  | 'funnel'
  | 'dropOffStep'
  | 'medianTimeToCompleteMs'
  | 'routingAccuracy'
  | 'medianTimeToResolutionMs'
  | 'endpointLatency'
  | 'endpointErrorRate';

/** Why a figure cannot be known (stable codes; `reason` is the sentence shown). */
export type UnknownFigureCode =
  | 'no_sends'
  | 'static_flow'
  | 'no_completions'
  | 'no_routing_rules'
  | 'nothing_routed'
  | 'no_resolutions'
  | 'no_endpoint'
  | 'no_endpoint_requests';

export interface UnknownFigure {
  readonly code: UnknownFigureCode;
  readonly reason: string;
}

/** The outcome figures of one Flow (optionally one version) over a time range. */
export interface FlowMetrics {
  /** Whether the Flow (the version measured, else its published or latest one) talks to a data endpoint. */
  readonly hasEndpoint: boolean;
  readonly sends: number;
  /** Sends whose session reached the data endpoint at least once (null for a Flow without endpoint). */
  readonly opens: number | null;
  /** Sends answered (each send once). */
  readonly submissions: number;
  /** Answers that belong to no send (unknown flow_token): kept apart, never counted as customers' completions. */
  readonly unmatchedSubmissions: number;
  /** submissions / sends (null before the first send). */
  readonly completionRate: number | null;
  /** Per screen, in the Flow's order (null for a Flow without endpoint: only its completion is known). */
  readonly funnel: readonly FunnelStep[] | null;
  /** The screen where most unfinished sessions stopped; null when none did, or when unknown (then named in `unknown`). */
  readonly dropOffStep: string | null;
  readonly medianTimeToCompleteMs: number | null;
  /**
   * Answers routed by a rule (a matching or a default rule), distinct ones an operator re-routed, and the
   * share that needed none (null when nothing was routed by a rule).
   */
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
  /** Every figure that is null because it cannot be known, with the reason. */
  readonly unknown: Readonly<Partial<Record<MetricFigure, UnknownFigure>>>;
}
