import type { ServerConfig } from './config/parse-server-config.js';
import { jsonLineLogger } from './endpoint/logger.js';
import { listen, WORKER_CONFIG_ENV } from './start-server.js';

// Entry of a node:cluster worker: the primary passes its parsed config through the environment
// and has prepared keys, migrations and seeds already.
const raw = process.env[WORKER_CONFIG_ENV];
if (raw === undefined) {
  process.stderr.write(`${WORKER_CONFIG_ENV} is not set: this file is started by startServer\n`);
  process.exit(1);
}
// Boundary: the primary serialized a ServerConfig it parsed itself.
const server = await listen(JSON.parse(raw) as ServerConfig, jsonLineLogger, { seed: false });
// The primary stops workers with SIGTERM: finish requests in flight, flush buffered writes, then exit.
process.once('SIGTERM', () => {
  void server.close().finally(() => process.exit(0));
});
