import cluster from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { createServer as createHttpServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { configWarnings } from './config/config-warnings.js';
import type { ServerConfig } from './config/parse-server-config.js';
import { createServer, prepareServer } from './create-server.js';
import { createEndpointListener } from './endpoint/create-endpoint-listener.js';
import { jsonLineLogger, type Logger } from './endpoint/logger.js';

/** A running server: the port it listens on and how to stop it. */
export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Environment variable carrying the parsed config to cluster workers. */
export const WORKER_CONFIG_ENV = 'FLOWLINE_SERVER_CONFIG';

/**
 * Starts listening: in this process when `workers` is 1, else as a node:cluster primary forking
 * one worker per requested core (they share the port). Keys, migrations and seeds are prepared
 * before forking, once; each worker opens its own storage and flushes it when stopped.
 */
export async function startServer(config: ServerConfig, log: Logger = jsonLineLogger): Promise<RunningServer> {
  for (const warning of configWarnings(config)) log('warn', warning.event, { hint: warning.hint });
  if (config.workers <= 1) return listen(config, log);
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
  log('info', 'server.listening', { port, workers: config.workers, cryptoThreadsPerWorker: config.cryptoThreads });
  return {
    port,
    close: async () => {
      stopping = true;
      await Promise.all(
        Object.values(cluster.workers ?? {}).map((worker) => new Promise<void>((resolve) => {
          if (worker === undefined) return resolve();
          worker.once('exit', () => resolve());
          worker.kill();
        })),
      );
    },
  };
}

/**
 * Listens in this process: the endpoint on a lean Node listener, every other route through the Hono
 * app. `close` stops accepting, lets requests in flight finish, then flushes and closes storage.
 */
export async function listen(config: ServerConfig, log: Logger, options: { seed?: boolean } = {}): Promise<RunningServer> {
  const server = await createServer(config, log, options.seed === undefined ? {} : { seed: options.seed });
  const http = createHttpServer(createEndpointListener(server.runtime, config.bodyLimitBytes, getRequestListener(server.app.fetch)));
  // Idle keep-alive sockets are dropped after 65 s, above typical proxy timeouts.
  http.keepAliveTimeout = 65_000;
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((done) => {
      http.close(() => done());
      http.closeIdleConnections();
    }).then(() => server.close());
    return closed;
  };
  return new Promise((resolve, reject) => {
    http.once('error', (error) => {
      void server.close().finally(() => reject(error));
    });
    http.listen(config.port, config.host, () => {
      const address = http.address();
      const port = typeof address === 'object' && address !== null ? address.port : config.port;
      server.context.announceListening(port);
      log('info', 'server.listening', { port, pid: process.pid, flows: server.runtime.flows.ids().length, cryptoThreads: server.runtime.decryptor.threads });
      resolve({ port, close });
    });
  });
}
