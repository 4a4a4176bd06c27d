import { createHash, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequestDecryptor, createSecretBox, simulationKey, type LoadedKeyPair } from '@flowline/protocol';
import { createEndpointKeyRing, decryptionKeys, type EndpointKeyRing } from './endpoint/keys/endpoint-key-ring.js';
import { openStorage, type Storage, type StorageConfig } from '@flowline/storage';
import type { Hono } from 'hono';
import { createStorageCalendarStore } from './endpoint/calendar/storage-calendar-store.js';
import type { ServerConfig } from './config/parse-server-config.js';
import { createApp } from './create-app.js';
import type { EndpointRuntime } from './endpoint/endpoint-runtime.js';
import { jsonLineLogger, type Logger } from './logging/logger.js';
import { createStorageFlowCatalog } from './endpoint/storage-flow-catalog.js';
import { ensureEndpointKeys, resolveKeyPassphrase } from './endpoint/keys/ensure-endpoint-keys.js';
import { loadSeeds } from './admin/seeds/load-seeds.js';
import { seedWorkspace } from './admin/seeds/seed-workspace.js';
import { sealStoredSecrets } from './messaging/pipeline/connector-secrets.js';
import { createPipeline, type Pipeline } from './messaging/pipeline/create-pipeline.js';
import { startPipeline } from './messaging/pipeline/start-pipeline.js';
import { startCampaigns } from './messaging/campaigns/start-campaigns.js';
import { createChannels } from './messaging/channels/create-channels.js';
import { createWhatsApp } from './messaging/whatsapp/create-whatsapp.js';
import { toBootstrapConnection } from './messaging/whatsapp/whatsapp-connection.js';
import { createPreviewEndpoint } from './messaging/sandbox/preview-endpoint.js';
import { createScenarioEndpoint } from './admin/scenarios/scenario-endpoint.js';
import type { ServerContext } from './server-context.js';
import { createFetchJson } from './endpoint/sources/fetch-json.js';
import { createStorageLookupStore } from './endpoint/stores/storage-lookup-store.js';
import { createStorageSessionStore } from './endpoint/stores/storage-session-store.js';
import { createThreadedStorageWriter } from './endpoint/stores/threaded-storage-writer.js';
import { createStorageTraceSink } from './endpoint/trace/storage-trace-sink.js';
import { createReadiness } from './http/readiness.js';
import { createServerMetrics } from './metrics/server-metrics.js';
import { openMediaStore } from './messaging/media/open-media-store.js';

/** The version of this server (apps/server/package.json; the same path from src/ and dist/). */
const SERVER_VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** A server ready to listen: its HTTP app, the shared context and how to release it. */
export interface FlowlineServer {
  readonly app: Hono;
  readonly context: ServerContext;
  readonly runtime: EndpointRuntime;
  /** The current endpoint public key (read at each use: a key rotation changes it). */
  readonly publicKeyPem: string;
  /** The endpoint keys in force in this process (refresh() rereads the key folder at once). */
  readonly keys: EndpointKeyRing;
  /** The submission pipeline of this process (its intake is the webhook route's). */
  readonly pipeline: Pipeline;
  /** Flushes buffered writes, stops background work and closes storage. */
  close(): Promise<void>;
}

/** Options of createServer (tests pass a clock; cluster workers skip seeding, the primary did it). */
export interface CreateServerOptions {
  readonly now?: () => Date;
  /** Seed the workspace (default true). */
  readonly seed?: boolean;
  /** Poll interval of the Flow catalog in ms (default 1,000). */
  readonly catalogPollMs?: number;
  /** Longest wait of a buffered write in ms (default 50). */
  readonly flushMs?: number;
  /** How often the key folder is checked for a rotation made by another process, in ms (default 1,000). */
  readonly keyPollMs?: number;
  /** Wait between staging a new key and registering it with Meta, in ms (default 2,000; tests pass 0). */
  readonly keyRotationSettleMs?: number;
}

/** The storage the config names: PostgreSQL when DATABASE_URL is set, else SQLite under the data dir. */
export function toStorageConfig(config: ServerConfig): StorageConfig {
  if (config.databaseUrl !== undefined) {
    const pool = { poolMax: config.dbPoolMax, statementTimeoutMs: config.dbStatementTimeoutMs };
    return config.databaseSchema === undefined ? { databaseUrl: config.databaseUrl, ...pool } : { databaseUrl: config.databaseUrl, schema: config.databaseSchema, ...pool };
  }
  return { dataDir: config.dataDir };
}

/** Opens the storage the config names (and applies pending migrations). */
export function openConfiguredStorage(config: ServerConfig): Promise<Storage> {
  return openStorage(toStorageConfig(config));
}

/**
 * Prepares what a server needs once per deployment, before any worker starts: the key pair, the
 * storage migrations, the workspace with its seeds and the admin token. Idempotent.
 */
export async function prepareServer(config: ServerConfig, log: Logger = jsonLineLogger, now: () => Date = () => new Date()): Promise<void> {
  const storage = await openConfiguredStorage(config);
  try {
    await loadKeys(storage, config, log);
    await seedStorage(storage, config, log, now());
  } finally {
    await storage.close();
  }
}

/**
 * The endpoint key pair, created only for a new deployment: once the workspace exists (seeded by an
 * earlier start), a missing private key is refused rather than silently replaced (docs/endpoint.md, "Keys").
 */
async function loadKeys(storage: Storage, config: ServerConfig, log: Logger): Promise<LoadedKeyPair> {
  const existingDeployment = (await storage.workspaces.find(config.workspace)) !== undefined;
  return ensureEndpointKeys(config.dataDir, config.keyPassphrase, log, { existingDeployment });
}

async function seedStorage(storage: Storage, config: ServerConfig, log: Logger, at: Date): Promise<void> {
  // Rows written before connector secrets were sealed (migration 0005) are sealed once, before anything reads them.
  const sealed = await sealStoredSecrets(storage, createSecretBox(resolveKeyPassphrase(config.dataDir, config.keyPassphrase, log)));
  if (sealed > 0) log('info', 'secrets.sealed', { rows: sealed });
  const report = await seedWorkspace(storage, config.workspace, loadSeeds(), at.getTime());
  if (report.flows.length + report.resources.length + report.lookupTables.length > 0) log('info', 'seeds.created', { workspace: config.workspace, ...report });
  if (config.adminToken !== undefined) {
    const registered = await storage.apiTokens.register(config.workspace, { token: config.adminToken, name: 'FLOWLINE_ADMIN_TOKEN', role: 'admin', at });
    if (registered.ok) log('info', 'api_token.admin_registered', { workspace: config.workspace });
  } else {
    await ensureFirstStartToken(storage, config, log, at);
  }
}

/** File under the data directory holding the admin token created at a first start without `FLOWLINE_ADMIN_TOKEN`. */
export const FIRST_START_TOKEN_FILE = 'admin-token';

/**
 * Without `FLOWLINE_ADMIN_TOKEN`, a first start issues one admin token and keeps it (mode 0600) in
 * `<dataDir>/admin-token`, so a new user can sign in to the studio with no other setup. Issued once:
 * later starts find the file and leave tokens alone.
 */
async function ensureFirstStartToken(storage: Storage, config: ServerConfig, log: Logger, at: Date): Promise<void> {
  const file = join(config.dataDir, FIRST_START_TOKEN_FILE);
  if (existsSync(file)) return;
  const { token } = await storage.apiTokens.issue(config.workspace, { name: 'first start (data/admin-token)', role: 'admin', at: at.getTime() });
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  log('warn', 'api_token.first_start', { workspace: config.workspace, file, hint: 'sign in to the studio with this admin token; set FLOWLINE_ADMIN_TOKEN to choose your own' });
}

/**
 * Builds the server for one process: storage (opened here, closed by `close`), key pair (created on
 * first start), seeds, the storage-backed endpoint runtime and the HTTP app. Does not listen (see startServer).
 */
export async function createServer(config: ServerConfig, log: Logger = jsonLineLogger, options: CreateServerOptions = {}): Promise<FlowlineServer> {
  const clock = options.now;
  const now = clock ?? (() => new Date());
  // The endpoint reads the time in milliseconds a few times per request: no Date object for it unless a test gives a clock.
  const nowMs = clock === undefined ? () => Date.now() : () => clock().getTime();
  const storage = await openConfiguredStorage(config);
  const closing: (() => Promise<void> | void)[] = [];
  try {
    const keys = await loadKeys(storage, config, log);
    const passphrase = resolveKeyPassphrase(config.dataDir, config.keyPassphrase, log);
    // The keys in force (current, staged, previous in their grace period), reread when a rotation changes the key folder (docs/whatsapp.md).
    const ring = createEndpointKeyRing({ keysDir: join(config.dataDir, 'keys'), passphrase, now: nowMs, log, preloaded: keys.privateKey, ...(options.keyPollMs === undefined ? {} : { pollMs: options.keyPollMs }) });
    closing.push(() => ring.close());
    // Connector and WhatsApp secrets are sealed under the same passphrase that protects the private key (docs/connectors.md).
    const secrets = createSecretBox(passphrase);
    if (options.seed !== false) await seedStorage(storage, config, log, now());
    const workspaceId = config.workspace;
    const flows = await createStorageFlowCatalog(storage, workspaceId, log, { now: nowMs, ...(options.catalogPollMs === undefined ? {} : { pollMs: options.catalogPollMs }) });
    closing.push(() => flows.close());
    // Prometheus metrics of this process (GET /metrics on FLOWLINE_METRICS_PORT, docs/deploy.md); label values are catalog Flow ids only.
    const metrics = createServerMetrics({ knownFlow: (flowId) => flows.find(flowId) !== undefined, now: nowMs, version: SERVER_VERSION });
    metrics.watchPool(storage);
    closing.push(() => metrics.close());
    // Trace, events and session saves are committed on a worker thread, off the request path.
    const retention = { maxAgeMs: config.traceRetentionDays * 86_400_000, maxRows: config.traceMaxRows };
    const writer = await createThreadedStorageWriter(toStorageConfig(config), workspaceId, log, { retention, now: nowMs, ...(options.flushMs === undefined ? {} : { flushMs: options.flushMs }) });
    closing.push(() => writer.close());
    // RSA and AES of incoming requests run on crypto threads when the machine has cores to spare (docs/endpoint.md).
    const decryptor = await createRequestDecryptor(decryptionKeys(ring.state()), {
      threads: config.cryptoThreads,
      maxFlowDataBytes: config.bodyLimitBytes,
      onThreadError: (error) => log('error', 'endpoint.crypto_thread_failed', { error: error.message }),
    });
    closing.push(() => decryptor.close());
    // Every crypto thread takes the new key set with the jobs that follow; no restart.
    ring.onChange((state) => decryptor.setKeys(decryptionKeys(state)));
    // Preview keys follow the ring: the current key's marks this process's previews, the others' are accepted too.
    const previewKeys = new WeakMap<KeyObject, string>();
    const previewKeyOf = (key: KeyObject): string => {
      let derived = previewKeys.get(key);
      if (derived === undefined) {
        derived = derivePreviewKey(key);
        previewKeys.set(key, derived);
      }
      return derived;
    };
    const previewKey = () => previewKeyOf(ring.state().current.privateKey);
    // One list of app secrets for the endpoint and the webhook route: a connection saved through the API adds its own.
    const appSecrets = config.appSecret === undefined ? [] : [config.appSecret];
    const whatsapp = await createWhatsApp({
      storage, now, log, secretBox: secrets, privateHttp: config.allowPrivateHttp, bootstrapWorkspaceId: config.workspace, appSecrets,
      bootstrap: toBootstrapConnection(config),
    }, {
      publicBaseUrl: config.channels.publicBaseUrl,
      flowTokenDays: config.flowTokenDays,
      get publicKeyPem() { return ring.publicKeyPem(); },
      keyRotation: { ring, passphrase, graceHours: config.keyRotationGraceHours, ...(options.keyRotationSettleMs === undefined ? {} : { settleMs: options.keyRotationSettleMs }) },
    });
    closing.push(() => whatsapp.close());
    const runtime: EndpointRuntime = {
      flows,
      decryptor,
      get previewKey() { return previewKey(); },
      get otherPreviewKeys() { return decryptionKeys(ring.state()).slice(1).map(previewKeyOf); },
      simulationKeys: [simulationKey(config.appSecret)],
      appSecrets,
      sessions: createStorageSessionStore(storage, workspaceId, writer),
      trace: metrics.countEndpointRequests(createStorageTraceSink(writer, { rejectedPerMinute: config.traceRejectedPerMinute, log })),
      sources: {
        lookups: createStorageLookupStore(storage, workspaceId, nowMs),
        calendar: createStorageCalendarStore(storage, workspaceId, nowMs),
        fetchJson: createFetchJson(config.allowPrivateHttp),
        now,
      },
      handlerTimeoutMs: config.handlerTimeoutMs,
      log,
      now: nowMs,
    };
    let selfBaseUrl: string | undefined;
    const selfUrl = () => selfBaseUrl;
    // The sandbox signs what it posts to this server only when an app secret is set, exactly when the
    // endpoint and the webhook route check signatures (docs/channels.md).
    // The submission pipeline (one group commit per process); the webhook route hands it Flow completions.
    const pipeline = createPipeline({ storage, now });
    closing.push(() => pipeline.close());
    const channels = createChannels({
      storage, now, log, workspaceId, publicKeyPem: () => ring.publicKeyPem(), appSecret: appSecrets[0], channels: config.channels, privateHttp: config.allowPrivateHttp,
      ingestCompletion: pipeline.ingestCompletion,
      selfBaseUrl: selfUrl,
      appSecrets,
      whatsappConnection: whatsapp,
    });
    const context: ServerContext = {
      config, storage, workspaceId, now, log, endpoint: runtime, get publicKeyPem() { return ring.publicKeyPem(); }, secrets,
      onClose: (task) => {
        closing.push(task);
      },
      selfBaseUrl: selfUrl,
      announceListening: (port) => {
        selfBaseUrl = `http://${loopbackHost(config.host)}:${port}`;
      },
      sendFlow: channels.sendFlow,
      sendReply: channels.sendReply,
      sandbox: channels.sandbox,
      previewEndpoint: createPreviewEndpoint({ selfBaseUrl: selfUrl, publicKeyPem: () => ring.publicKeyPem(), appSecret: appSecrets[0], previewKey }),
      scenarioEndpoint: createScenarioEndpoint({
        decryptor, publicKeyPem: () => ring.publicKeyPem(), handlerTimeoutMs: runtime.handlerTimeoutMs, log, now: nowMs,
        // A run reads its own workspace's lookup tables and calendar.
        sources: (ws) => (ws === workspaceId ? runtime.sources : { ...runtime.sources, lookups: createStorageLookupStore(storage, ws, nowMs), calendar: createStorageCalendarStore(storage, ws, nowMs) }),
      }),
      webhookRoutes: channels.webhookRoutes,
      whatsapp,
      metrics,
      readiness: createReadiness({ storage, log, keysLoaded: () => keys.privateKey.asymmetricKeyType === 'rsa' }),
      mediaStore: openMediaStore(config.media, config.dataDir),
    };
    startPipeline(context);
    startCampaigns(context, channels.whatsapp);
    let closed: Promise<void> | undefined;
    return {
      app: createApp(context),
      context,
      runtime,
      get publicKeyPem() { return ring.publicKeyPem(); },
      keys: ring,
      pipeline,
      close: () => (closed ??= runClosing(closing, storage, log)),
    };
  } catch (error) {
    await runClosing(closing, storage, log);
    throw error;
  }
}

/** How this process reaches itself: loopback for a wildcard bind, else the bound address. */
function loopbackHost(host: string): string {
  if (host === '0.0.0.0' || host === '' || host === 'localhost') return '127.0.0.1';
  if (host === '::' || host === '::0') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

async function runClosing(tasks: readonly (() => Promise<void> | void)[], storage: Storage, log: Logger): Promise<void> {
  // Last registered first: parts added later depend on what was built before them.
  for (const task of [...tasks].reverse()) {
    try {
      await task();
    } catch (error) {
      log('error', 'server.close_task_failed', { error: error instanceof Error ? error.message : String(error) });
    }
  }
  await storage.close();
}

/**
 * The preview key of this server: a hash of its private key, so every worker process derives the same
 * one, it changes with the key, and it reveals nothing about the key.
 */
function derivePreviewKey(privateKey: KeyObject): string {
  return createHash('sha256').update('flowline-preview\0').update(privateKey.export({ type: 'pkcs8', format: 'der' })).digest('base64url');
}
