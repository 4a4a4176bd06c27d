import type { Storage } from '@flowline/storage';
import type { ServerConfig } from './config/parse-server-config.js';
import type { EndpointRuntime } from './endpoint/endpoint-runtime.js';
import type { Logger } from './endpoint/logger.js';

/**
 * What every part of one server process shares: route factories (`createApiRoutes(context)`, …)
 * receive it instead of reaching for globals. Built once per process by createServer.
 */
export interface ServerContext {
  readonly config: ServerConfig;
  /** The open storage (SQLite under FLOWLINE_DATA_DIR, or PostgreSQL with DATABASE_URL); one per process. */
  readonly storage: Storage;
  /** The workspace this server serves (FLOWLINE_WORKSPACE). */
  readonly workspaceId: string;
  /** The clock; the only place the server reads the time from. */
  readonly now: () => Date;
  readonly log: Logger;
  /** The data endpoint's runtime: Flow catalog, keys, sessions, trace, data sources. */
  readonly endpoint: EndpointRuntime;
  /** The endpoint's public key (PEM) to upload to Meta. */
  readonly publicKeyPem: string;
  /** Registers work to run when the server closes (last registered runs first; all before storage closes), e.g. stopping a poller. */
  readonly onClose: (task: () => Promise<void> | void) => void;
}
