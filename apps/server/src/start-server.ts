import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { createServer as createHttpServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { configWarnings } from './config/config-warnings.js';
import type { ServerConfig } from './config/parse-server-config.js';
import { createServer, openConfiguredStorage, prepareServer } from './create-server.js';
import { createEndpointListener } from './endpoint/create-endpoint-listener.js';
import { jsonLineLogger, type Logger } from './logging/logger.js';
import { collectWorkerMetrics } from './metrics/cluster-metrics.js';
import { startMetricsListener, type MetricsListener } from './metrics/metrics-listener.js';
import { MetricsRegistry, mergeSnapshots } from './metrics/metrics-registry.js';
import { watchOutbox } from './metrics/server-metrics.js';
import type { ServerContext } from './server-context.js';

/** A running server: the port it listens on and how to stop it. */
export interface RunningServer {
  readonly port: number;
  /** Port of the internal metrics listener (FLOWLINE_METRICS_PORT), undefined when metrics are off. */
  readonly metricsPort?: number;
  close(): Promise<void>;
}

/** A server listening in this process, with its shared context (cluster workers answer metrics requests from it). */
export interface ListeningServer extends RunningServer {
  readonly context: ServerContext;
}

/** Environment variable carrying the parsed config to cluster workers. */
export const WORKER_CONFIG_ENV = 'FLOWLINE_SERVER_CONFIG';

/** Extra time a cluster worker gets past FLOWLINE_SHUTDOWN_TIMEOUT_MS to flush its buffers before the primary kills it. */
const WORKER_FLUSH_GRACE_MS = 15_000;

/**
 * Starts listening: in this process when `workers` is 1, else as a node:cluster primary forking
 * one worker per requested core (they share the port). Keys, migrations and seeds are prepared
 * before forking, once; each worker opens its own storage and flushes it when stopped. With
 * FLOWLINE_METRICS_PORT set, `GET /metrics` is served there: by this process, or by the primary
 * merging the workers' metrics. `now` (a clock for tests, e.g. to step past the 24-hour window) is
 * honoured with one worker only: cluster workers are other processes.
 */
export async function startServer(config: ServerConfig, log: Logger = jsonLineLogger, options: { now?: () => Date } = {}): Promise<RunningServer> {
  for (const warning of configWarnings(config)) log('warn', warning.event, { hint: warning.hint });
  if (config.workers <= 1) return listen(config, log, options.now === undefined ? {} : { now: options.now });
  await prepareServer(config, log);
  cluster.setupPrimary({ exec: fileURLToPath(new URL(`./worker-main.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url)) });
  const env = { [WORKER_CONFIG_ENV]: JSON.stringify(config) };
  const workers = Array.from({ length: config.workers }, () => cluster.fork(env));
  let stopping = false;
  cluster.on('exit', (worker, code) => {
    if (stopping) return;
    log('error', 'server.worker_exited', { pid: worker.process.pid, code });
    workers.push(cluster.fork(env));
  });
  const port = await Promise.all(
    workers.map((worker) => new Promise<number>((resolve) => worker.once('listening', (address: { port: number }) => resolve(address.port)))),
  ).then((ports) => ports[0] ?? config.port);
  const metrics = config.metricsPort === undefined ? undefined : await startClusterMetrics(config, log);
  log('info', 'server.listening', { port, workers: config.workers, cryptoThreadsPerWorker: config.cryptoThreads, ...(metrics === undefined ? {} : { metricsPort: metrics.port }) });
  return {
    port,
    ...(metrics === undefined ? {} : { metricsPort: metrics.port }),
    close: async () => {
      stopping = true;
      // Each worker gets SIGTERM and stops as `listen` does (draining, bounded wait, flush); one that hangs is killed.
      await Promise.all(Object.values(cluster.workers ?? {}).map((worker) => (worker === undefined ? Promise.resolve() : stopWorker(worker, config.shutdownTimeoutMs + WORKER_FLUSH_GRACE_MS, log))));
      await metrics?.close();
    },
  };
}

function stopWorker(worker: Worker, limitMs: number, log: Logger): Promise<void> {
  return new Promise<void>((resolve) => {
    if (worker.isDead()) return resolve();
    const timer = setTimeout(() => {
      log('error', 'server.worker_kill', { pid: worker.process.pid, afterMs: limitMs });
      worker.process.kill('SIGKILL');
    }, limitMs);
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.kill();
  });
}

/**
 * The primary's metrics listener: workers' snapshots merged, plus the deployment-wide outbox gauges
 * read once per scrape through the primary's own storage handle (not once per worker).
 */
async function startClusterMetrics(config: ServerConfig, log: Logger): Promise<MetricsListener> {
  const storage = await openConfiguredStorage(config);
  const registry = new MetricsRegistry();
  watchOutbox(registry, storage, Date.now);
  try {
    const listener = await startMetricsListener({
      host: config.metricsHost,
      port: config.metricsPort ?? 0,
      log,
      collect: async () => {
        const own = await registry.snapshot((error) => log('error', 'metrics.collector_failed', { error: error instanceof Error ? error.message : String(error) }));
        const live = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
        return mergeSnapshots([own, ...(await collectWorkerMetrics(live))]);
      },
    });
    return { port: listener.port, close: () => listener.close().finally(() => storage.close()) };
  } catch (error) {
    await storage.close();
    throw error;
  }
}

/**
 * Listens in this process: the endpoint on a lean Node listener, every other route through the Hono
 * app. `close` (SIGTERM) marks the process not ready, stops accepting, lets requests in flight finish
 * for up to FLOWLINE_SHUTDOWN_TIMEOUT_MS (then closes what is left), then flushes buffered writes, stops
 * the delivery worker and closes storage. `serveMetrics: false` (cluster workers) leaves /metrics to the primary.
 */
export async function listen(config: ServerConfig, log: Logger, options: { seed?: boolean; serveMetrics?: boolean; now?: () => Date } = {}): Promise<ListeningServer> {
  const server = await createServer(config, log, { ...(options.seed === undefined ? {} : { seed: options.seed }), ...(options.now === undefined ? {} : { now: options.now }) });
  const http = createHttpServer(createEndpointListener(server.runtime, config.bodyLimitBytes, getRequestListener(server.app.fetch)));
  // Idle keep-alive sockets are dropped after 65 s, above typical proxy timeouts.
  http.keepAliveTimeout = 65_000;
  let metrics: MetricsListener | undefined;
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= drain().then(async () => {
      await metrics?.close();
      await server.close();
    });
    return closed;
  };
  const drain = (): Promise<void> =>
    new Promise<void>((done) => {
      server.context.readiness.markDraining();
      const timer = setTimeout(() => {
        log('warn', 'server.shutdown_timeout', { afterMs: config.shutdownTimeoutMs, hint: 'requests still in flight were cut off (FLOWLINE_SHUTDOWN_TIMEOUT_MS)' });
        http.closeAllConnections();
      }, config.shutdownTimeoutMs);
      http.close(() => {
        clearTimeout(timer);
        done();
      });
      // Idle keep-alive connections go now; busy ones are closed by Node after their answer.
      http.closeIdleConnections();
    });
  await new Promise<void>((resolve, reject) => {
    http.once('error', (error) => {
      void server.close().finally(() => reject(error));
    });
    http.listen(config.port, config.host, () => resolve());
  });
  const address = http.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  server.context.announceListening(port);
  if (options.serveMetrics !== false && config.metricsPort !== undefined) {
    const registry = server.context.metrics.registry;
    watchOutbox(registry, server.context.storage, () => server.context.now().getTime());
    try {
      metrics = await startMetricsListener({
        host: config.metricsHost,
        port: config.metricsPort,
        log,
        collect: () => registry.snapshot((error) => log('error', 'metrics.collector_failed', { error: error instanceof Error ? error.message : String(error) })),
      });
    } catch (error) {
      await close();
      throw error;
    }
  }
  log('info', 'server.listening', { port, pid: process.pid, flows: server.runtime.flows.ids().length, cryptoThreads: server.runtime.decryptor.threads, ...(metrics === undefined ? {} : { metricsPort: metrics.port }) });
  return { port, context: server.context, ...(metrics === undefined ? {} : { metricsPort: metrics.port }), close };
}
