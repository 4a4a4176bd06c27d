import { createServer } from 'node:http';
import type { Logger } from '../logging/logger.js';
import { EXPOSITION_CONTENT_TYPE, renderExposition, type FamilySnapshot } from './metrics-registry.js';

/** The internal metrics listener: its port and how to stop it. */
export interface MetricsListener {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` (Prometheus text format) on its own address, apart from the public port: the
 * operator binds it to loopback or an internal network (FLOWLINE_METRICS_HOST/PORT) and never
 * publishes it through the proxy. Concurrent scrapes share one collection; anything else gets 404.
 */
export function startMetricsListener(options: { host: string; port: number; collect: () => Promise<readonly FamilySnapshot[]>; log: Logger }): Promise<MetricsListener> {
  let running: Promise<string> | undefined;
  const scrape = (): Promise<string> => {
    running ??= options.collect().then(renderExposition).finally(() => {
      running = undefined;
    });
    return running;
  };
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    scrape().then(
      (text) => {
        res.writeHead(200, { 'content-type': EXPOSITION_CONTENT_TYPE, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : text);
      },
      (error: unknown) => {
        options.log('error', 'metrics.scrape_failed', { error: error instanceof Error ? error.message : String(error) });
        res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
      },
    );
  });
  // Scrapes are small and periodic: a slow or idle client is not kept.
  server.requestTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : options.port;
      options.log('info', 'metrics.listening', { host: options.host, port });
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
