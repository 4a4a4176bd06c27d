import type { MediaStore } from '@flowline/worker';
import type { SecretBox } from '@flowline/protocol';
import type { Storage } from '@flowline/storage';
import type { Hono } from 'hono';
import type { SendFlowPort, SendReplyPort } from './admin/api/api-deps.js';
import type { ServerConfig } from './config/parse-server-config.js';
import type { EndpointRuntime } from './endpoint/endpoint-runtime.js';
import type { Logger } from './logging/logger.js';
import type { Readiness } from './http/readiness.js';
import type { ServerMetrics } from './metrics/server-metrics.js';
import type { ScenarioEndpointPort } from './admin/scenarios/scenario-endpoint.js';
import type { PreviewEndpointPort } from './messaging/sandbox/preview-endpoint.js';
import type { SandboxService } from './messaging/sandbox/sandbox-service.js';
import type { WhatsAppService } from './messaging/whatsapp/create-whatsapp.js';

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
  /** Seals and opens connector secrets at rest (key from the key passphrase; see docs/connectors.md). */
  readonly secrets: SecretBox;
  /** The endpoint's public key (PEM) to upload to Meta. */
  readonly publicKeyPem: string;
  /** Registers work to run when the server closes (last registered runs first; all before storage closes), e.g. stopping a poller. */
  readonly onClose: (task: () => Promise<void> | void) => void;
  /** The server's own loopback base URL (`http://127.0.0.1:PORT`), undefined until it listens. */
  readonly selfBaseUrl: () => string | undefined;
  /** Called once by the listener with the port it bound; the sandbox and preview then reach this process. */
  readonly announceListening: (port: number) => void;
  /** Sends a Flow to a contact through the sandbox or WhatsApp (`POST /api/v1/sends`). */
  readonly sendFlow?: SendFlowPort;
  /** Sends an operator's free-text reply (`POST /api/v1/conversations/{contactId}/messages`). */
  readonly sendReply?: SendReplyPort;
  /** The sandbox phone (`/api/v1/sandbox/...`). */
  readonly sandbox?: SandboxService;
  /** Performs a studio preview request against this server's own data endpoint (`POST /api/v1/preview/endpoint`). */
  readonly previewEndpoint?: PreviewEndpointPort;
  /** The data endpoint of scenario runs against a stored version (reviews, docs/governance.md). */
  readonly scenarioEndpoint?: ScenarioEndpointPort;
  /** WhatsApp on Meta: the workspace's connection and the Flow lifecycle (`/api/v1/whatsapp/...`). */
  readonly whatsapp?: WhatsAppService;
  /** `GET/POST /webhooks/whatsapp`, mounted at the root by createApp. */
  readonly webhookRoutes?: Hono;
  /** This process's Prometheus metrics (served on FLOWLINE_METRICS_PORT by startServer). */
  readonly metrics: ServerMetrics;
  /** `GET /readyz`: database, migrations, keys, shutdown. */
  readonly readiness: Readiness;
  /** Where the files of PhotoPicker/DocumentPicker answers are kept (docs/media.md). */
  readonly mediaStore: MediaStore;
}
