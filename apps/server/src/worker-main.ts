import type { ServerConfig } from './config/parse-server-config.js';
import { jsonLineLogger } from './logging/logger.js';
import { answerMetricsRequests } from './metrics/cluster-metrics.js';
import { listen, WORKER_CONFIG_ENV } from './start-server.js';

// Entry of a node:cluster worker: the primary passes its parsed config through the environment
// and has prepared keys, migrations and seeds already.
const raw = process.env[WORKER_CONFIG_ENV];
if (raw === undefined) {
  process.stderr.write(`${WORKER_CONFIG_ENV} is not set: this file is started by startServer\n`);
  process.exit(1);
}
// Boundary: the primary serialized a ServerConfig it parsed itself.
const server = await listen(JSON.parse(raw) as ServerConfig, jsonLineLogger, { seed: false, serveMetrics: false });
// The primary serves /metrics and asks each worker for its counters.
answerMetricsRequests(server.context.metrics.registry, jsonLineLogger);
// The primary stops workers with SIGTERM: stop accepting, finish requests in flight, flush buffered writes, then exit.
// `on`, not `once`: a second SIGTERM (systemd signalling the whole group, or the primary) must not end the drain early.
process.on('SIGTERM', () => {
  void server.close().finally(() => process.exit(0));
});
