import type { Hono } from 'hono';
import { createMemoryCalendarStore } from './calendar/calendar-store.js';
import type { ServerConfig } from './config/parse-server-config.js';
import { createApp } from './create-app.js';
import type { EndpointRuntime } from './endpoint/endpoint-runtime.js';
import { createFlowCatalog } from './endpoint/flow-catalog.js';
import { jsonLineLogger, type Logger } from './endpoint/logger.js';
import { ensureEndpointKeys } from './keys/ensure-endpoint-keys.js';
import { loadSeeds } from './seeds/load-seeds.js';
import { fetchJsonWithGlobalFetch } from './sources/fetch-json.js';
import { createMemoryLookupStore } from './stores/lookup-store.js';
import { createMemorySessionStore } from './stores/session-store.js';
import { createMemoryTraceSink } from './trace/trace-record.js';

/** A server ready to listen: its HTTP app, the endpoint runtime and the public key to upload. */
export interface FlowlineServer {
  readonly app: Hono;
  readonly runtime: EndpointRuntime;
  readonly publicKeyPem: string;
}

/**
 * Builds the server for one process: key pair (created on first start), seeded Flows, calendar and
 * lookup tables, stores, and the HTTP app. Does not listen (see startServer).
 */
export function createServer(config: ServerConfig, log: Logger = jsonLineLogger): FlowlineServer {
  const keys = ensureEndpointKeys(config.dataDir, config.keyPassphrase, log);
  const seeds = loadSeeds();
  const runtime: EndpointRuntime = {
    flows: createFlowCatalog(seeds.flows),
    privateKeys: [keys.privateKey],
    appSecrets: config.appSecret === undefined ? [] : [config.appSecret],
    sessions: createMemorySessionStore(),
    trace: createMemoryTraceSink(),
    sources: {
      lookups: createMemoryLookupStore(seeds.lookups),
      calendar: createMemoryCalendarStore(seeds.resources),
      fetchJson: fetchJsonWithGlobalFetch,
      now: () => new Date(),
    },
    handlerTimeoutMs: config.handlerTimeoutMs,
    log,
    now: Date.now,
  };
  return { app: createApp(runtime, { bodyLimitBytes: config.bodyLimitBytes }), runtime, publicKeyPem: keys.publicKeyPem };
}
