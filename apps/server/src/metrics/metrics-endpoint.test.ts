import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { encryptRequest } from '@flowline/protocol';
import { parseServerConfig } from '../config/parse-server-config.js';
import { silentLogger } from '../logging/logger.js';
import { startServer } from '../start-server.js';

function config(workers: number, dataDir: string) {
  const parsed = parseServerConfig({ PORT: '0', HOST: '127.0.0.1', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_WORKERS: String(workers), FLOWLINE_KEY_PASSPHRASE: 'metrics test passphrase 7Qx2Lp9Rv4', FLOWLINE_METRICS_PORT: '0' });
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.errors.join('; '));
  return parsed.config;
}

/** The value of one series line (`name{labels} value`), or undefined when the scrape has no such line. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function scrape(port: number | undefined): Promise<string> {
  assert.ok(port !== undefined, 'the metrics listener is on');
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return response.text();
}

async function ping(port: number, publicPem: string): Promise<void> {
  const { envelope } = encryptRequest({ version: '3.0', action: 'ping' }, publicPem);
  // A fresh connection each time, so that with several workers the kernel spreads them.
  const response = await fetch(`http://127.0.0.1:${port}/endpoint/appointment-booking`, { method: 'POST', body: JSON.stringify(envelope), headers: { connection: 'close' } });
  assert.equal(response.status, 200);
  await response.text();
}

const STATUS_WEBHOOK = JSON.stringify({
  object: 'whatsapp_business_account',
  entry: [{ id: 'waba', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: 'x' }, statuses: [{ id: 'wamid.metrics-1', status: 'delivered', timestamp: '1767261600', recipient_id: '1555000' }] } }] }],
});

const NAMES = [
  'flowline_endpoint_requests_total',
  'flowline_endpoint_request_duration_seconds',
  'flowline_http_requests_total',
  'flowline_http_request_duration_seconds',
  'flowline_deliveries_total',
  'flowline_pipeline_lag_seconds',
  'flowline_outbox_actions',
  'flowline_outbox_oldest_age_seconds',
  'flowline_database_up',
  'flowline_event_loop_delay_seconds',
  'flowline_db_pool_connections',
  'flowline_process_resident_memory_bytes',
  'flowline_processes',
  'flowline_build_info',
];

test('GET /metrics on the internal port names every metric, and the counters move with endpoint and webhook traffic', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-metrics-'));
  const server = await startServer(config(1, dataDir), silentLogger);
  try {
    const publicPem = readFileSync(join(dataDir, 'keys', 'public.pem'), 'utf8');
    const before = await scrape(server.metricsPort);
    for (const name of NAMES) assert.match(before, new RegExp(`^# TYPE ${name} `, 'm'), `${name} is exposed`);
    assert.equal(sample(before, 'flowline_database_up'), 1);
    assert.equal(sample(before, 'flowline_outbox_actions{status="dead"}'), 0);

    for (let i = 0; i < 3; i++) await ping(server.port, publicPem);
    // Ids that name no Flow share one label: a stranger cannot grow the metrics with made-up ids.
    for (const id of ['no-such-flow', 'another-made-up-id']) assert.equal((await fetch(`http://127.0.0.1:${server.port}/endpoint/${id}`, { method: 'POST', body: '{}' })).status, 404);
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`http://127.0.0.1:${server.port}/webhooks/whatsapp`, { method: 'POST', body: STATUS_WEBHOOK, headers: { 'content-type': 'application/json' } });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/, 'every answer of the app carries a request id');
    }
    assert.equal((await fetch(`http://127.0.0.1:${server.port}/webhooks/whatsapp`, { method: 'POST', body: '{not json' })).status, 400);

    const after = await scrape(server.metricsPort);
    const moved = (series: string) => (sample(after, series) ?? 0) - (sample(before, series) ?? 0);
    assert.equal(moved('flowline_endpoint_requests_total{flow="appointment-booking",status="200"}'), 3);
    assert.equal(moved('flowline_endpoint_request_duration_seconds_count{flow="appointment-booking"}'), 3);
    assert.equal(moved('flowline_endpoint_requests_total{flow="_unknown",status="404"}'), 2);
    assert.doesNotMatch(after, /no-such-flow|another-made-up-id/);
    assert.equal(moved('flowline_http_requests_total{area="webhook",status="200"}'), 2);
    assert.equal(moved('flowline_http_requests_total{area="webhook",status="400"}'), 1);
    assert.equal(moved('flowline_http_request_duration_seconds_count{area="webhook"}'), 3);
    assert.equal(sample(after, 'flowline_processes'), 1);

    // Metrics are not on the public port.
    assert.equal((await fetch(`http://127.0.0.1:${server.port}/metrics`)).status, 404);
    assert.equal((await fetch(`http://127.0.0.1:${server.metricsPort}/other`)).status, 404);
  } finally {
    await server.close();
  }
});

test('with two worker processes the primary serves one scrape that adds up both workers', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-metrics-cluster-'));
  const server = await startServer(config(2, dataDir), silentLogger);
  try {
    const publicPem = readFileSync(join(dataDir, 'keys', 'public.pem'), 'utf8');
    const before = await scrape(server.metricsPort);
    const requests = 8;
    for (let i = 0; i < requests; i++) await ping(server.port, publicPem);
    const after = await scrape(server.metricsPort);
    const series = 'flowline_endpoint_requests_total{flow="appointment-booking",status="200"}';
    assert.equal((sample(after, series) ?? 0) - (sample(before, series) ?? 0), requests, 'every request counted once, whichever worker served it');
    assert.equal(sample(after, 'flowline_processes'), 2, 'both workers answered');
    assert.equal(sample(after, 'flowline_database_up'), 1, 'the primary reads the outbox once per scrape');
  } finally {
    await server.close();
  }
});
