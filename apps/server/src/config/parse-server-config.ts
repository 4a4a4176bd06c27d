import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { defaultDecryptThreads } from '@flowline/protocol';
import { parsePrivateHttpPolicy, type PrivateHttpPolicy } from '@flowline/worker';
import type { ChannelsConfig } from '../messaging/channels/channels-config.js';
import { readChannelsConfig } from './read-channels-config.js';
import { readMediaConfig, type MediaConfig } from './read-media-config.js';

/** Everything the server reads from its environment, parsed and checked in one place. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Number of worker processes (node:cluster); 1 runs in-process. */
  readonly workers: number;
  /** Crypto threads per worker process for RSA/AES request decryption (FLOWLINE_CRYPTO_THREADS; 0 = on the request thread). */
  readonly cryptoThreads: number;
  /** Meta app secret; when set, every endpoint request must carry a valid X-Hub-Signature-256 (§1.7). */
  readonly appSecret: string | undefined;
  /** Passphrase of the private key at rest; undefined means "use or create the data dir's passphrase file". */
  readonly keyPassphrase: string | undefined;
  /** How long a replaced endpoint key keeps decrypting after a rotation (FLOWLINE_KEY_ROTATION_GRACE_HOURS, default 24). */
  readonly keyRotationGraceHours: number;
  /** PostgreSQL connection string (DATABASE_URL); undefined = SQLite under dataDir. */
  readonly databaseUrl: string | undefined;
  /** PostgreSQL schema to use (FLOWLINE_DATABASE_SCHEMA); undefined = the connection's default. */
  readonly databaseSchema: string | undefined;
  /** PostgreSQL connections per pool (FLOWLINE_DB_POOL_MAX, default 10); each process opens one pool, its write-behind thread another. */
  readonly dbPoolMax: number;
  /** PostgreSQL statement timeout in ms (FLOWLINE_DB_STATEMENT_TIMEOUT_MS, default 30,000; 0 = none). */
  readonly dbStatementTimeoutMs: number;
  /** Lease of a claimed outbox action in ms, renewed every third of it (FLOWLINE_OUTBOX_LEASE_MS, default 15,000). */
  readonly outboxLeaseMs: number;
  /** The workspace the server's endpoint and seeds belong to (FLOWLINE_WORKSPACE, default `default`). */
  readonly workspace: string;
  readonly adminToken: string | undefined;
  /** Largest accepted request body in bytes (413 beyond it). */
  readonly bodyLimitBytes: number;
  /** Default handler deadline in milliseconds, well under Meta's 10 s (§1.1). */
  readonly handlerTimeoutMs: number;
  /** Run the outbox delivery worker in this process (FLOWLINE_WORKER, default on; `off` when `flowline worker` runs it separately). */
  readonly deliveryWorker: boolean;
  /** Which non-public destinations any outbound HTTP may reach (FLOWLINE_ALLOW_PRIVATE_HTTP: none, loopback, all or an allow-list; default none). */
  readonly allowPrivateHttp: PrivateHttpPolicy;
  /** Retention of `endpoint_traces`: rows older than this many days are deleted (FLOWLINE_TRACE_RETENTION_DAYS, default 30). */
  readonly traceRetentionDays: number;
  /** Retention of `endpoint_traces`: beyond this many rows the oldest are deleted (FLOWLINE_TRACE_MAX_ROWS, default 1,000,000). */
  readonly traceMaxRows: number;
  /** Trace rows of rejected requests stored per minute and process; the rest are counted (FLOWLINE_TRACE_REJECTED_PER_MINUTE, default 300). */
  readonly traceRejectedPerMinute: number;
  /** The WhatsApp Cloud API number and the webhook verify token (see readChannelsConfig). */
  readonly channels: ChannelsConfig;
  /**
   * How long a customer may take to finish a Flow after its send (FLOWLINE_FLOW_TOKEN_DAYS, default 3): a
   * replaced Meta Flow is deprecated once none of its open sends is younger than this.
   */
  readonly flowTokenDays: number;
  /** Seconds between two checks of the retiring Meta Flows (FLOWLINE_META_RETIRE_CHECK_SECONDS, default 60). */
  readonly retireCheckSeconds: number;
  /** Port of the internal listener serving `GET /metrics` (FLOWLINE_METRICS_PORT; undefined = no metrics listener; 0 = any free port). */
  readonly metricsPort: number | undefined;
  /** Address of the metrics listener (FLOWLINE_METRICS_HOST, default 127.0.0.1: reachable from this machine only). */
  readonly metricsHost: string;
  /** Longest wait for requests in flight at shutdown before their connections are closed (FLOWLINE_SHUTDOWN_TIMEOUT_MS, default 10,000). */
  readonly shutdownTimeoutMs: number;
  /** Files of PhotoPicker/DocumentPicker answers: size and time limits of a download, and the S3-compatible bucket if any (FLOWLINE_MEDIA_*). */
  readonly media: MediaConfig;
}

/** Fewest characters of FLOWLINE_ADMIN_TOKEN (24 random characters carry well over 128 bits). */
export const MIN_ADMIN_TOKEN_LENGTH = 24;

/** Result of parsing the environment: a config, or every problem found (named by variable). */
export type ParseServerConfigResult =
  | { readonly ok: true; readonly config: ServerConfig }
  | { readonly ok: false; readonly errors: readonly string[] };

/** Parses server configuration from environment variables (PORT, FLOWLINE_*), collecting all errors. */
export function parseServerConfig(env: Readonly<Record<string, string | undefined>>): ParseServerConfigResult {
  const errors: string[] = [];
  const port = integer(env, 'PORT', 3000, 0, 65535, errors);
  const workers = integer(env, 'FLOWLINE_WORKERS', availableParallelism(), 1, 256, errors);
  const cryptoThreads = integer(env, 'FLOWLINE_CRYPTO_THREADS', defaultDecryptThreads(workers), 0, 64, errors);
  const keyRotationGraceHours = integer(env, 'FLOWLINE_KEY_ROTATION_GRACE_HOURS', 24, 1, 720, errors);
  const bodyLimitBytes = integer(env, 'FLOWLINE_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024, errors);
  const handlerTimeoutMs = integer(env, 'FLOWLINE_HANDLER_TIMEOUT_MS', 3000, 10, 9000, errors);
  const traceRetentionDays = integer(env, 'FLOWLINE_TRACE_RETENTION_DAYS', 30, 1, 3650, errors);
  const traceMaxRows = integer(env, 'FLOWLINE_TRACE_MAX_ROWS', 1_000_000, 1000, 1_000_000_000, errors);
  const traceRejectedPerMinute = integer(env, 'FLOWLINE_TRACE_REJECTED_PER_MINUTE', 300, 0, 1_000_000, errors);
  const flowTokenDays = integer(env, 'FLOWLINE_FLOW_TOKEN_DAYS', 3, 1, 90, errors);
  const retireCheckSeconds = integer(env, 'FLOWLINE_META_RETIRE_CHECK_SECONDS', 60, 1, 86_400, errors);
  const metricsPort = nonEmpty(env['FLOWLINE_METRICS_PORT']) === undefined ? undefined : integer(env, 'FLOWLINE_METRICS_PORT', 0, 0, 65535, errors);
  if (metricsPort !== undefined && metricsPort !== 0 && metricsPort === port) errors.push(`FLOWLINE_METRICS_PORT must differ from PORT (${port}): metrics are served on their own, internal listener`);
  const shutdownTimeoutMs = integer(env, 'FLOWLINE_SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000, errors);
  const dbPoolMax = integer(env, 'FLOWLINE_DB_POOL_MAX', 10, 1, 1000, errors);
  const dbStatementTimeoutMs = integer(env, 'FLOWLINE_DB_STATEMENT_TIMEOUT_MS', 30_000, 0, 3_600_000, errors);
  const outboxLeaseMs = integer(env, 'FLOWLINE_OUTBOX_LEASE_MS', 15_000, 1000, 3_600_000, errors);
  const workspace = nonEmpty(env['FLOWLINE_WORKSPACE']);
  if (workspace !== undefined && !/^[a-z0-9][a-z0-9_-]{0,62}$/.test(workspace.trim())) {
    errors.push(`FLOWLINE_WORKSPACE must be lower-case letters, digits, '-' or '_' (at most 63), got "${workspace}"`);
  }
  const databaseSchema = nonEmpty(env['FLOWLINE_DATABASE_SCHEMA']);
  if (databaseSchema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(databaseSchema)) {
    errors.push(`FLOWLINE_DATABASE_SCHEMA must be a lower-case SQL identifier, got "${databaseSchema}"`);
  }
  const deliveryWorker = (nonEmpty(env['FLOWLINE_WORKER']) ?? 'on').trim();
  if (deliveryWorker !== 'on' && deliveryWorker !== 'off') errors.push(`FLOWLINE_WORKER must be on or off, got "${deliveryWorker}"`);
  const allowPrivateHttp = parsePrivateHttpPolicy(env['FLOWLINE_ALLOW_PRIVATE_HTTP']);
  if (!allowPrivateHttp.ok) errors.push(allowPrivateHttp.message);
  const adminToken = nonEmpty(env['FLOWLINE_ADMIN_TOKEN']);
  if (adminToken !== undefined && adminToken.length < MIN_ADMIN_TOKEN_LENGTH) {
    errors.push(`FLOWLINE_ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters (it is an admin password; e.g. openssl rand -base64 32), got ${adminToken.length}`);
  }
  const channels = readChannelsConfig(env);
  errors.push(...channels.errors);
  const media = readMediaConfig(env, (name, fallback, min, max) => integer(env, name, fallback, min, max, errors));
  errors.push(...media.errors);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    config: {
      port,
      host: nonEmpty(env['HOST']) ?? '0.0.0.0',
      dataDir: resolve(nonEmpty(env['FLOWLINE_DATA_DIR']) ?? './data'),
      workers,
      cryptoThreads,
      appSecret: nonEmpty(env['FLOWLINE_APP_SECRET']),
      keyPassphrase: nonEmpty(env['FLOWLINE_KEY_PASSPHRASE']),
      keyRotationGraceHours,
      databaseUrl: nonEmpty(env['DATABASE_URL']),
      databaseSchema,
      dbPoolMax,
      dbStatementTimeoutMs,
      outboxLeaseMs,
      workspace: workspace?.trim() ?? 'default',
      adminToken,
      bodyLimitBytes,
      handlerTimeoutMs,
      traceRetentionDays,
      traceMaxRows,
      traceRejectedPerMinute,
      deliveryWorker: deliveryWorker !== 'off',
      allowPrivateHttp: allowPrivateHttp.ok ? allowPrivateHttp.policy : 'none',
      channels: channels.config,
      flowTokenDays,
      retireCheckSeconds,
      metricsPort,
      metricsHost: nonEmpty(env['FLOWLINE_METRICS_HOST'])?.trim() ?? '127.0.0.1',
      shutdownTimeoutMs,
      media: media.config,
    },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function integer(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
  min: number,
  max: number,
  errors: string[],
): number {
  const raw = nonEmpty(env[name]);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.trim())) {
    errors.push(`${name} must be a whole number, got "${raw}"`);
    return fallback;
  }
  const value = Number(raw.trim());
  if (value < min || value > max) {
    errors.push(`${name} must be between ${min} and ${max}, got ${value}`);
    return fallback;
  }
  return value;
}
