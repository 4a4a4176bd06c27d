import type { Worker } from 'node:cluster';
import type { Logger } from '../logging/logger.js';
import type { FamilySnapshot, MetricsRegistry } from './metrics-registry.js';

// With several worker processes (FLOWLINE_WORKERS > 1) each keeps its own counters. The primary,
// which serves /metrics, asks every worker for a snapshot over the cluster IPC channel and merges
// them (metrics-registry's mergeSnapshots): counters and histograms add up, so a scrape describes
// the whole server however the kernel spread the connections.

const REQUEST = 'flowline:metrics-request';
const SNAPSHOT = 'flowline:metrics-snapshot';

interface SnapshotMessage {
  readonly type: typeof SNAPSHOT;
  readonly id: number;
  readonly families: FamilySnapshot[];
}

/** In a cluster worker: answers the primary's metrics requests with this process's snapshot. */
export function answerMetricsRequests(registry: MetricsRegistry, log: Logger): void {
  process.on('message', (message: unknown) => {
    if (typeof message !== 'object' || message === null || (message as { type?: unknown }).type !== REQUEST) return;
    const id = (message as { id?: unknown }).id;
    void registry
      .snapshot((error) => log('error', 'metrics.collector_failed', { error: error instanceof Error ? error.message : String(error) }))
      .then((families) => process.send?.({ type: SNAPSHOT, id, families }));
  });
}

let nextId = 0;

/** In the primary: the snapshots of every live worker; a worker that does not answer within `timeoutMs` is left out of this scrape. */
export function collectWorkerMetrics(workers: readonly Worker[], timeoutMs = 2000): Promise<FamilySnapshot[][]> {
  const id = ++nextId;
  return Promise.all(
    workers.filter((w) => w.isConnected()).map(
      (worker) =>
        new Promise<FamilySnapshot[] | undefined>((resolve) => {
          const timer = setTimeout(() => finish(undefined), timeoutMs);
          const onMessage = (message: unknown): void => {
            const m = message as Partial<SnapshotMessage> | null;
            if (typeof m === 'object' && m !== null && m.type === SNAPSHOT && m.id === id && Array.isArray(m.families)) finish(m.families);
          };
          const finish = (families: FamilySnapshot[] | undefined): void => {
            clearTimeout(timer);
            worker.off('message', onMessage);
            worker.off('exit', onExit);
            resolve(families);
          };
          const onExit = (): void => finish(undefined);
          worker.on('message', onMessage);
          worker.once('exit', onExit);
          try {
            worker.send({ type: REQUEST, id });
          } catch {
            finish(undefined);
          }
        }),
    ),
  ).then((all) => all.filter((f): f is FamilySnapshot[] => f !== undefined));
}
