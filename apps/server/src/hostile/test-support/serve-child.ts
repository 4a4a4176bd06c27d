// A real server process for the hostile-input suite and run: configured from its environment exactly
// as `flowline serve` is (parseServerConfig), logging JSON lines to stderr, announcing its port as one
// JSON line on stdout, and stopping gracefully (flushing storage) on SIGTERM.
import { parseServerConfig } from '../../config/parse-server-config.js';
import { jsonLineLogger } from '../../logging/logger.js';
import { startServer } from '../../start-server.js';

const parsed = parseServerConfig(process.env);
if (!parsed.ok) {
  process.stderr.write(`${parsed.errors.join('\n')}\n`);
  process.exit(2);
}
const server = await startServer(parsed.config, jsonLineLogger);
process.stdout.write(`${JSON.stringify({ ready: true, port: server.port, pid: process.pid })}\n`);
process.once('SIGTERM', () => {
  void server.close().finally(() => process.exit(0));
});
