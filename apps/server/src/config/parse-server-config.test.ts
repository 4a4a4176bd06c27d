import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { configWarnings } from './config-warnings.js';
import { parseServerConfig } from './parse-server-config.js';

test('uses PORT 3000 and ./data when nothing is set', () => {
  const result = parseServerConfig({});
  assert.ok(result.ok);
  assert.equal(result.config.port, 3000);
  assert.equal(result.config.dataDir, resolve('./data'));
  assert.ok(result.config.workers >= 1);
  assert.equal(result.config.appSecret, undefined);
});

test('reads every variable it documents', () => {
  const result = parseServerConfig({
    PORT: '8080',
    FLOWLINE_DATA_DIR: '/tmp/x',
    FLOWLINE_WORKERS: '3',
    FLOWLINE_APP_SECRET: 's',
    FLOWLINE_KEY_PASSPHRASE: 'p',
    FLOWLINE_HANDLER_TIMEOUT_MS: '500',
  });
  assert.ok(result.ok);
  assert.deepEqual(
    [result.config.port, result.config.dataDir, result.config.workers, result.config.appSecret, result.config.keyPassphrase, result.config.handlerTimeoutMs],
    [8080, '/tmp/x', 3, 's', 'p', 500],
  );
});

test('collects every bad variable into clear errors', () => {
  const result = parseServerConfig({ PORT: 'abc', FLOWLINE_WORKERS: '0' });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(result.errors, ['PORT must be a whole number, got "abc"', 'FLOWLINE_WORKERS must be between 1 and 256, got 0']);
});

test('reads the channel variables into config.channels', () => {
  const result = parseServerConfig({
    FLOWLINE_WHATSAPP_PHONE_NUMBER_ID: '1055', FLOWLINE_WHATSAPP_ACCESS_TOKEN: 'tok', FLOWLINE_GRAPH_BASE_URL: 'http://127.0.0.1:9', FLOWLINE_WEBHOOK_VERIFY_TOKEN: 'v',
    FLOWLINE_WHATSAPP_WABA_ID: '2077', FLOWLINE_PUBLIC_BASE_URL: 'https://flows.example.com/',
  });
  assert.ok(result.ok);
  assert.deepEqual(result.config.channels, {
    graph: { baseUrl: 'http://127.0.0.1:9', apiVersion: 'v23.0', phoneNumberId: '1055', accessToken: 'tok' },
    webhookVerifyToken: 'v',
    wabaId: '2077',
    publicBaseUrl: 'https://flows.example.com',
  });
  const none = parseServerConfig({});
  assert.ok(none.ok);
  assert.deepEqual(none.config.channels, { graph: undefined, webhookVerifyToken: undefined, wabaId: undefined, publicBaseUrl: undefined });
  const bad = parseServerConfig({ FLOWLINE_WHATSAPP_WABA_ID: 'waba', FLOWLINE_PUBLIC_BASE_URL: 'flows.example.com' });
  assert.deepEqual(bad.ok ? [] : bad.errors, [
    'FLOWLINE_WHATSAPP_WABA_ID must be digits (the WhatsApp Business Account id), got "waba"',
    'FLOWLINE_PUBLIC_BASE_URL must be an http(s) URL, got "flows.example.com"',
  ]);
});

test('names each bad channel variable', () => {
  const result = parseServerConfig({ FLOWLINE_WHATSAPP_PHONE_NUMBER_ID: 'abc', FLOWLINE_GRAPH_BASE_URL: 'ftp://x', FLOWLINE_GRAPH_API_VERSION: '23' });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(result.errors, [
    'FLOWLINE_WHATSAPP_PHONE_NUMBER_ID and FLOWLINE_WHATSAPP_ACCESS_TOKEN must be set together (only FLOWLINE_WHATSAPP_PHONE_NUMBER_ID is set)',
    'FLOWLINE_WHATSAPP_PHONE_NUMBER_ID must be digits (the Cloud API phone number id), got "abc"',
    'FLOWLINE_GRAPH_BASE_URL must be an http(s) URL, got "ftp://x"',
    'FLOWLINE_GRAPH_API_VERSION must look like v23.0, got "23"',
  ]);
});

test('FLOWLINE_CRYPTO_THREADS sets the crypto threads per process; by default they follow the spare cores', () => {
  const set = parseServerConfig({ FLOWLINE_WORKERS: '1', FLOWLINE_CRYPTO_THREADS: '3' });
  assert.ok(set.ok);
  assert.equal(set.config.cryptoThreads, 3);
  const off = parseServerConfig({ FLOWLINE_CRYPTO_THREADS: '0' });
  assert.ok(off.ok);
  assert.equal(off.config.cryptoThreads, 0);
  const perCore = parseServerConfig({ FLOWLINE_WORKERS: String(availableParallelism()) });
  assert.ok(perCore.ok);
  assert.equal(perCore.config.cryptoThreads, 0, 'a process per core keeps RSA on the request threads');
  const bad = parseServerConfig({ FLOWLINE_CRYPTO_THREADS: 'many' });
  assert.equal(bad.ok, false);
  if (!bad.ok) assert.deepEqual(bad.errors, ['FLOWLINE_CRYPTO_THREADS must be a whole number, got "many"']);
});

test('reads the trace budget and retention, with their defaults', () => {
  const defaults = parseServerConfig({});
  assert.ok(defaults.ok);
  assert.deepEqual([defaults.config.traceRetentionDays, defaults.config.traceMaxRows, defaults.config.traceRejectedPerMinute], [30, 1_000_000, 300]);
  const set = parseServerConfig({ FLOWLINE_TRACE_RETENTION_DAYS: '7', FLOWLINE_TRACE_MAX_ROWS: '50000', FLOWLINE_TRACE_REJECTED_PER_MINUTE: '0' });
  assert.ok(set.ok);
  assert.deepEqual([set.config.traceRetentionDays, set.config.traceMaxRows, set.config.traceRejectedPerMinute], [7, 50_000, 0]);
  const bad = parseServerConfig({ FLOWLINE_TRACE_RETENTION_DAYS: '0', FLOWLINE_TRACE_MAX_ROWS: '10' });
  assert.equal(bad.ok, false);
});

test('reads the flow-token lifetime and the retirement check interval, with their defaults and bounds', () => {
  const defaults = parseServerConfig({});
  assert.ok(defaults.ok);
  assert.deepEqual([defaults.config.flowTokenDays, defaults.config.retireCheckSeconds], [3, 60]);
  const set = parseServerConfig({ FLOWLINE_FLOW_TOKEN_DAYS: '7', FLOWLINE_META_RETIRE_CHECK_SECONDS: '5' });
  assert.ok(set.ok);
  assert.deepEqual([set.config.flowTokenDays, set.config.retireCheckSeconds], [7, 5]);
  const bad = parseServerConfig({ FLOWLINE_FLOW_TOKEN_DAYS: '0', FLOWLINE_META_RETIRE_CHECK_SECONDS: 'soon' });
  assert.equal(bad.ok, false);
  const errors = bad.ok ? '' : bad.errors.join('\n');
  assert.match(errors, /FLOWLINE_FLOW_TOKEN_DAYS/);
  assert.match(errors, /FLOWLINE_META_RETIRE_CHECK_SECONDS/);
});

test('refuses a FLOWLINE_ADMIN_TOKEN shorter than 24 characters, naming the variable', () => {
  const short = parseServerConfig({ FLOWLINE_ADMIN_TOKEN: 'admin' });
  assert.ok(!short.ok);
  assert.match(short.errors.join('\n'), /FLOWLINE_ADMIN_TOKEN must be at least 24 characters/);
  const long = parseServerConfig({ FLOWLINE_ADMIN_TOKEN: 'x1'.repeat(12) });
  assert.ok(long.ok);
  assert.equal(long.config.adminToken, 'x1'.repeat(12));
});

test('warns at start when FLOWLINE_APP_SECRET is unset (unsigned requests accepted), and not when it is set', () => {
  const unset = parseServerConfig({});
  const set = parseServerConfig({ FLOWLINE_APP_SECRET: 'meta-app-secret' });
  assert.ok(unset.ok && set.ok);
  assert.deepEqual(configWarnings(unset.config).map((w) => w.event), ['config.app_secret_unset']);
  assert.match(configWarnings(unset.config)[0]?.hint ?? '', /unsigned requests/);
  assert.deepEqual(configWarnings(set.config), []);
});

test('FLOWLINE_KEY_ROTATION_GRACE_HOURS sets how long a replaced endpoint key decrypts (default 24, 1 to 720)', () => {
  const byDefault = parseServerConfig({});
  assert.ok(byDefault.ok);
  assert.equal(byDefault.config.keyRotationGraceHours, 24);
  const set = parseServerConfig({ FLOWLINE_KEY_ROTATION_GRACE_HOURS: '72' });
  assert.ok(set.ok);
  assert.equal(set.config.keyRotationGraceHours, 72);
  const none = parseServerConfig({ FLOWLINE_KEY_ROTATION_GRACE_HOURS: '0' });
  assert.deepEqual(none.ok ? [] : none.errors, ['FLOWLINE_KEY_ROTATION_GRACE_HOURS must be between 1 and 720, got 0']);
});

test('reads the metrics listener and the shutdown timeout, with their defaults, and refuses bad values', () => {
  const defaults = parseServerConfig({});
  assert.ok(defaults.ok);
  assert.deepEqual([defaults.config.metricsPort, defaults.config.metricsHost, defaults.config.shutdownTimeoutMs], [undefined, '127.0.0.1', 10_000]);
  const set = parseServerConfig({ FLOWLINE_METRICS_PORT: '9464', FLOWLINE_METRICS_HOST: '0.0.0.0', FLOWLINE_SHUTDOWN_TIMEOUT_MS: '2500' });
  assert.ok(set.ok);
  assert.deepEqual([set.config.metricsPort, set.config.metricsHost, set.config.shutdownTimeoutMs], [9464, '0.0.0.0', 2500]);
  const bad = parseServerConfig({ PORT: '8080', FLOWLINE_METRICS_PORT: '8080', FLOWLINE_SHUTDOWN_TIMEOUT_MS: 'soon' });
  assert.ok(!bad.ok);
  assert.match(bad.errors.join('\n'), /FLOWLINE_METRICS_PORT must differ from PORT/);
  assert.match(bad.errors.join('\n'), /FLOWLINE_SHUTDOWN_TIMEOUT_MS must be a whole number/);
  assert.ok(!parseServerConfig({ FLOWLINE_METRICS_PORT: '70000' }).ok);
});

test('reads the PostgreSQL pool size, statement timeout and outbox lease, with their defaults and bounds', () => {
  const defaults = parseServerConfig({});
  assert.ok(defaults.ok);
  assert.deepEqual([defaults.config.dbPoolMax, defaults.config.dbStatementTimeoutMs, defaults.config.outboxLeaseMs], [10, 30_000, 15_000]);
  const set = parseServerConfig({ FLOWLINE_DB_POOL_MAX: '4', FLOWLINE_DB_STATEMENT_TIMEOUT_MS: '0', FLOWLINE_OUTBOX_LEASE_MS: '3000' });
  assert.ok(set.ok);
  assert.deepEqual([set.config.dbPoolMax, set.config.dbStatementTimeoutMs, set.config.outboxLeaseMs], [4, 0, 3000]);
  const bad = parseServerConfig({ FLOWLINE_DB_POOL_MAX: '0', FLOWLINE_OUTBOX_LEASE_MS: '500' });
  assert.ok(!bad.ok);
  assert.deepEqual(bad.errors.map((e) => e.split(' ')[0]), ['FLOWLINE_DB_POOL_MAX', 'FLOWLINE_OUTBOX_LEASE_MS']);
});

test('reads the media limits and the S3-compatible bucket, all five variables or none', () => {
  const defaults = parseServerConfig({});
  assert.ok(defaults.ok);
  assert.deepEqual(defaults.config.media, { maxBytes: 100 * 1024 * 1024, timeoutMs: 120_000, s3: undefined });
  const s3 = { FLOWLINE_MEDIA_S3_ENDPOINT: 'http://minio:9000', FLOWLINE_MEDIA_S3_BUCKET: 'flowline-media', FLOWLINE_MEDIA_S3_REGION: 'us-east-1', FLOWLINE_MEDIA_S3_ACCESS_KEY_ID: 'AKID', FLOWLINE_MEDIA_S3_SECRET_ACCESS_KEY: 'secret' };
  const set = parseServerConfig({ ...s3, FLOWLINE_MEDIA_MAX_BYTES: '26214400' });
  assert.ok(set.ok);
  assert.deepEqual(set.config.media, { maxBytes: 26_214_400, timeoutMs: 120_000, s3: { endpoint: 'http://minio:9000', bucket: 'flowline-media', region: 'us-east-1', accessKeyId: 'AKID', secretAccessKey: 'secret' } });
  const half = parseServerConfig({ FLOWLINE_MEDIA_S3_ENDPOINT: 'http://minio:9000', FLOWLINE_MEDIA_S3_BUCKET: 'b' });
  assert.ok(!half.ok);
  assert.match(half.errors.join('\n'), /FLOWLINE_MEDIA_S3_\* must be set together; missing: FLOWLINE_MEDIA_S3_REGION/);
  assert.ok(!half.errors.join('\n').includes('secret'));
  const bad = parseServerConfig({ ...s3, FLOWLINE_MEDIA_S3_ENDPOINT: 'minio:9000' });
  assert.ok(!bad.ok);
  assert.match(bad.errors.join('\n'), /FLOWLINE_MEDIA_S3_ENDPOINT must be an http\(s\) URL/);
});
