import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Storage } from '@flowline/storage';
import { DEFAULT_CONNECTORS, type DeliveryOutcome } from '@flowline/worker';
import type { TraceRecord, TraceSink } from '../endpoint/trace/trace-record.js';
import { MetricsRegistry, type HistogramSeries, type ValueSeries } from './metrics-registry.js';

/** Latency buckets in seconds: the data endpoint answers in milliseconds and must stay under Meta's 10 s. */
const LATENCY_BOUNDS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Pipeline lag buckets in seconds: from a submission's commit to its action's delivery (retries take hours). */
const LAG_BOUNDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14_400];

/** The label of endpoint requests whose Flow id names no Flow of the catalog (bounded: never the id itself). */
export const UNKNOWN_FLOW_LABEL = '_unknown';

/** Which part of the server a request that is not a data endpoint request went to. */
export type HttpArea = 'webhook' | 'api' | 'studio' | 'probe' | 'other';

/** The endpoint series of one Flow: requests by status and one latency histogram. */
interface FlowSeries {
  readonly byStatus: Map<number, ValueSeries>;
  readonly latency: HistogramSeries;
}

/**
 * The metrics of one server process. The data endpoint's counters are kept per Flow in plain objects
 * found by one map lookup; an observation allocates nothing once a Flow and status have been seen.
 */
export interface ServerMetrics {
  readonly registry: MetricsRegistry;
  /** Wraps the trace sink: every endpoint request is traced exactly once, so it is counted there. */
  countEndpointRequests(trace: TraceSink): TraceSink;
  observeHttp(area: HttpArea, status: number, seconds: number): void;
  /** The delivery worker's outcome hook. */
  observeDelivery(kind: string, outcome: DeliveryOutcome, createdAt: number): void;
  /** Reports the pool of this process's storage (per process: cluster workers add up). */
  watchPool(storage: Storage): void;
  /** Stops the event-loop monitor. */
  close(): void;
}

/** Creates the metrics of one process; `knownFlow` tells catalog Flows from arbitrary ids (label cardinality stays bounded). */
export function createServerMetrics(options: { knownFlow: (flowId: string) => boolean; now: () => number; version: string }): ServerMetrics {
  const registry = new MetricsRegistry();
  const endpointRequests = registry.counter('flowline_endpoint_requests_total', 'Data endpoint requests answered, by Flow and HTTP status (ids that name no Flow are counted as _unknown).', ['flow', 'status']);
  const endpointLatency = registry.histogram('flowline_endpoint_request_duration_seconds', 'Data endpoint latency from the request body to the answer, by Flow.', ['flow'], LATENCY_BOUNDS);
  const httpRequests = registry.counter('flowline_http_requests_total', 'Other HTTP requests, by area (webhook = WhatsApp webhook intake, api, studio, probe, other) and status.', ['area', 'status']);
  const httpLatency = registry.histogram('flowline_http_request_duration_seconds', 'Latency of other HTTP requests, by area.', ['area'], LATENCY_BOUNDS);
  const deliveries = registry.counter('flowline_deliveries_total', 'Outbox delivery attempts recorded, by connector and outcome (delivered, retry, dead, lease_lost).', ['connector', 'outcome']);
  const lag = registry.histogram('flowline_pipeline_lag_seconds', 'Time from a submission (and its outbox action) being committed to the action being delivered.', [], LAG_BOUNDS);
  const lagSeries = lag.series();
  const loopDelay = registry.gauge('flowline_event_loop_delay_seconds', 'Event-loop delay since the previous scrape (the largest of the processes).', ['quantile'], 'max');
  const pool = registry.gauge('flowline_db_pool_connections', 'PostgreSQL pool connections by state (total, idle, waiting callers, max), summed over processes.', ['state']);
  const memory = registry.gauge('flowline_process_resident_memory_bytes', 'Resident memory, summed over the server processes.');
  const processes = registry.gauge('flowline_processes', 'Server processes that answered this scrape.');
  registry.gauge('flowline_build_info', 'Flowline and Node.js versions.', ['version', 'node'], 'max').series(options.version, process.version).set(1);
  processes.series().set(1);

  const flows = new Map<string, FlowSeries>();
  const flowSeries = (flowId: string): FlowSeries => {
    const label = options.knownFlow(flowId) ? flowId : UNKNOWN_FLOW_LABEL;
    let found = flows.get(label);
    if (found === undefined) {
      found = { byStatus: new Map(), latency: endpointLatency.series(label) };
      flows.set(label, found);
    }
    // Known ids are remembered under their own name; an unknown id is looked up again next time (it may become a Flow).
    return found;
  };
  const observeEndpoint = (record: TraceRecord): void => {
    const series = flows.get(record.flowId) ?? flowSeries(record.flowId);
    let counter = series.byStatus.get(record.status);
    if (counter === undefined) {
      counter = endpointRequests.series(series.latency.labels[0] ?? UNKNOWN_FLOW_LABEL, String(record.status));
      series.byStatus.set(record.status, counter);
    }
    counter.value += 1;
    series.latency.observe(record.latencyMs / 1000);
  };

  const httpSeries = new Map<string, ValueSeries>();
  const connectors = new Set(Object.keys(DEFAULT_CONNECTORS));

  const delay = monitorEventLoopDelay({ resolution: 20 });
  delay.enable();
  registry.collect(() => {
    // Nanoseconds; reset so each scrape reports the interval since the previous one.
    loopDelay.series('0.5').set(delay.percentile(50) / 1e9);
    loopDelay.series('0.99').set(delay.percentile(99) / 1e9);
    loopDelay.series('max').set(delay.max / 1e9);
    delay.reset();
    memory.series().set(process.memoryUsage.rss());
  });

  return {
    registry,
    countEndpointRequests: (trace) => ({
      record(entry) {
        observeEndpoint(entry);
        trace.record(entry);
      },
      recent: (limit, flowId) => trace.recent(limit, flowId),
      flush: () => trace.flush(),
    }),
    observeHttp(area, status, seconds) {
      const key = `${area} ${status}`;
      let counter = httpSeries.get(key);
      if (counter === undefined) {
        counter = httpRequests.series(area, String(status));
        httpSeries.set(key, counter);
      }
      counter.value += 1;
      httpLatency.series(area).observe(seconds);
    },
    observeDelivery(kind, outcome, createdAt) {
      deliveries.series(connectors.has(kind) ? kind : 'unknown', outcome).inc();
      if (outcome === 'delivered') lagSeries.observe(Math.max(0, options.now() - createdAt) / 1000);
    },
    watchPool(storage) {
      registry.collect(() => {
        const stats = storage.poolStats();
        if (stats === undefined) return;
        pool.series('total').set(stats.total);
        pool.series('idle').set(stats.idle);
        pool.series('waiting').set(stats.waiting);
        pool.series('max').set(stats.max);
      });
    },
    close: () => delay.disable(),
  };
}

/**
 * Deployment-wide gauges read from the database at scrape time (outbox depth by status, dead letters,
 * age of the oldest undelivered action). Registered once per deployment scrape, by the process that
 * serves `/metrics` (the cluster primary), never by every worker.
 */
export function watchOutbox(registry: MetricsRegistry, storage: Storage, now: () => number): void {
  const actions = registry.gauge('flowline_outbox_actions', 'Outbox actions not delivered yet, by status (pending, delivering, failed = waiting for a retry, dead = dead letters).', ['status'], 'max');
  const oldest = registry.gauge('flowline_outbox_oldest_age_seconds', 'Age of the oldest outbox action not delivered yet (pending, delivering or failed); 0 when there is none.', [], 'max');
  const up = registry.gauge('flowline_database_up', '1 when the last scrape could read the database, else 0.', [], 'max');
  registry.collect(async () => {
    try {
      const stats = await storage.operationsStats(now());
      for (const [status, n] of Object.entries(stats.outbox)) actions.series(status).set(n);
      oldest.series().set(stats.outboxOldestAgeMs / 1000);
      up.series().set(1);
    } catch (error) {
      up.series().set(0);
      throw error;
    }
  });
}
