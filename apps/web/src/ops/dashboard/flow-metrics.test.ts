import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bucketTraces, toFlowMetrics, toTracePoint } from './flow-metrics.js';

describe('dashboard metrics', () => {
  it('reads the API body, keeping "not measured" apart from zero', () => {
    const metrics = toFlowMetrics({
      sends: 4, opens: 3, submissions: 2, completionRate: 0.5,
      funnel: [{ screen: 'A', reached: 3, droppedOff: 1 }, { screen: 'B', reached: 2, droppedOff: 0 }, { bogus: true }],
      dropOffStep: 'A', medianTimeToCompleteMs: 42_000,
      routing: { routed: 2, rerouted: 1, accuracy: 0.5 },
      resolution: { resolved: 0, medianTimeToResolutionMs: null },
      endpoint: { requests: 0, p50Ms: null, p90Ms: null, p99Ms: null, errorRate: null, thresholds: { p90Ms: 1000, errorRate: 0.05 } },
    });
    assert.ok(metrics);
    assert.equal(metrics.funnel?.length, 2);
    assert.equal(metrics.dropOffStep, 'A');
    assert.equal(metrics.resolution.medianTimeToResolutionMs, null);
    assert.equal(metrics.endpoint.p90Ms, null);
    assert.equal(metrics.routing.accuracy, 0.5);
    assert.equal(metrics.endpoint.meetsLatencyThreshold, null, 'no requests: nothing to judge');
  });

  it('reads unknown figures with their reasons: no 0 opens and no empty funnel for a Flow without endpoint', () => {
    const metrics = toFlowMetrics({
      hasEndpoint: false, sends: 2, opens: null, submissions: 2, completionRate: 1, funnel: null, dropOffStep: null,
      routing: { routed: 0, rerouted: 0, accuracy: null },
      unknown: {
        opens: { code: 'static_flow', reason: 'the Flow has no data endpoint' },
        funnel: { code: 'static_flow', reason: 'only known at completion' },
        routingAccuracy: { code: 'no_routing_rules', reason: 'no routing rules' },
        bogus: { code: 'static_flow', reason: 'x' },
        completionRate: { code: 'made_up', reason: 'x' },
      },
    });
    assert.ok(metrics);
    assert.equal(metrics.opens, null);
    assert.equal(metrics.funnel, null);
    assert.equal(metrics.hasEndpoint, false);
    assert.deepEqual(metrics.unknown, {
      opens: { code: 'static_flow', reason: 'the Flow has no data endpoint' },
      funnel: { code: 'static_flow', reason: 'only known at completion' },
      routingAccuracy: { code: 'no_routing_rules', reason: 'no routing rules' },
    });
  });

  it('reads the threshold verdicts the server computed', () => {
    const metrics = toFlowMetrics({ endpoint: { requests: 10, p90Ms: 1200, errorRate: 0.01, meetsLatencyThreshold: false, meetsErrorRateThreshold: true } });
    assert.equal(metrics?.endpoint.meetsLatencyThreshold, false);
    assert.equal(metrics?.endpoint.meetsErrorRateThreshold, true);
  });

  it('falls back to Meta\'s thresholds (p90 1 s, 5 % errors) when the body has none', () => {
    const metrics = toFlowMetrics({});
    assert.deepEqual(metrics?.endpoint.thresholds, { p90Ms: 1000, errorRate: 0.05 });
    assert.equal(metrics?.sends, 0);
    assert.equal(toFlowMetrics('nope'), undefined);
  });

  it('buckets the trace by time with nearest-rank percentiles and the error share', () => {
    const points = [
      ...Array.from({ length: 10 }, (_, i) => ({ at: 1000 + i, latencyMs: (i + 1) * 100, statusCode: i === 9 ? 500 : 200, version: 1 })),
      { at: 5000, latencyMs: 50, statusCode: 200, version: 1 },
    ];
    const buckets = bucketTraces(points, 2);
    assert.equal(buckets.length, 2);
    const [early, late] = buckets;
    assert.equal(early?.requests, 10);
    assert.equal(early?.p50Ms, 500);
    assert.equal(early?.p90Ms, 900);
    assert.equal(early?.p99Ms, 1000);
    assert.equal(early?.errorRate, 0.1);
    assert.deepEqual([late?.requests, late?.p90Ms, late?.errorRate], [1, 50, 0]);
  });

  it('leaves empty buckets out and handles no trace at all', () => {
    assert.deepEqual(bucketTraces([], 10), []);
    const buckets = bucketTraces([{ at: 0, latencyMs: 1, statusCode: 200, version: null }, { at: 999, latencyMs: 2, statusCode: 427, version: null }], 10);
    assert.equal(buckets.length, 2);
    assert.equal(buckets[1]?.errorRate, 1);
  });

  it('reads trace rows and refuses rows without time or latency', () => {
    assert.deepEqual(toTracePoint({ at: 5, latencyMs: 12, statusCode: 200, screen: 'X', version: 2 }), { at: 5, latencyMs: 12, statusCode: 200, version: 2 });
    assert.equal(toTracePoint({ at: 5 }), undefined);
  });
});
