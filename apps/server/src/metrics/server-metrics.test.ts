import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMemoryTraceSink, emptyTraceFields } from '../endpoint/trace/trace-record.js';
import { renderExposition } from './metrics-registry.js';
import { createServerMetrics } from './server-metrics.js';

const sample = (text: string, series: string) => Number(text.split('\n').find((l) => l.startsWith(`${series} `))?.slice(series.length + 1));

test('deliveries are counted by connector and outcome (unknown kinds under one label) and delivered ones feed the pipeline lag', async () => {
  let now = 10_000;
  const metrics = createServerMetrics({ knownFlow: () => true, now: () => now, version: '0.0.0' });
  try {
    metrics.observeDelivery('webhook', 'delivered', 7_500);
    metrics.observeDelivery('webhook', 'retry', 7_500);
    metrics.observeDelivery('slack', 'dead', 1_000);
    metrics.observeDelivery('made-up-kind', 'dead', 1_000);
    now = 20_000;
    metrics.observeDelivery('slack', 'delivered', 19_000);
    const text = renderExposition(await metrics.registry.snapshot());
    assert.equal(sample(text, 'flowline_deliveries_total{connector="webhook",outcome="delivered"}'), 1);
    assert.equal(sample(text, 'flowline_deliveries_total{connector="webhook",outcome="retry"}'), 1);
    assert.equal(sample(text, 'flowline_deliveries_total{connector="slack",outcome="dead"}'), 1);
    assert.equal(sample(text, 'flowline_deliveries_total{connector="unknown",outcome="dead"}'), 1);
    assert.doesNotMatch(text, /made-up-kind/);
    assert.equal(sample(text, 'flowline_pipeline_lag_seconds_count'), 2, 'only deliveries make lag');
    assert.equal(sample(text, 'flowline_pipeline_lag_seconds_sum'), 3.5);
  } finally {
    metrics.close();
  }
});

test('the endpoint counter sits in front of the trace sink: every record is counted and still traced', async () => {
  const known = new Set(['lead']);
  const metrics = createServerMetrics({ knownFlow: (id) => known.has(id), now: () => 0, version: '0.0.0' });
  try {
    const inner = createMemoryTraceSink(10);
    const trace = metrics.countEndpointRequests(inner);
    const record = (flowId: string, status: number, latencyMs: number) => trace.record({ ...emptyTraceFields, at: 0, flowId, status, latencyMs, outcome: status === 200 ? 'ok' : 'rejected' });
    record('lead', 200, 4);
    record('lead', 200, 30);
    record('lead', 432, 1);
    record('zzz', 404, 0);
    known.add('zzz');
    record('zzz', 200, 2);
    assert.equal(trace.recent(10).length, 5, 'every record reaches the trace');
    const text = renderExposition(await metrics.registry.snapshot());
    assert.equal(sample(text, 'flowline_endpoint_requests_total{flow="lead",status="200"}'), 2);
    assert.equal(sample(text, 'flowline_endpoint_requests_total{flow="lead",status="432"}'), 1);
    assert.equal(sample(text, 'flowline_endpoint_requests_total{flow="_unknown",status="404"}'), 1);
    assert.equal(sample(text, 'flowline_endpoint_requests_total{flow="zzz",status="200"}'), 1, 'a Flow created later gets its own label');
    assert.equal(sample(text, 'flowline_endpoint_request_duration_seconds_bucket{flow="lead",le="0.005"}'), 2);
    assert.equal(sample(text, 'flowline_endpoint_request_duration_seconds_bucket{flow="lead",le="0.05"}'), 3);
  } finally {
    metrics.close();
  }
});
