import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MetricsRegistry, mergeSnapshots, renderExposition } from './metrics-registry.js';

test('renders counters, gauges and cumulative histogram buckets in the Prometheus text format, with escaped labels', async () => {
  const registry = new MetricsRegistry();
  registry.counter('x_total', 'Things.', ['kind']).series('a "quoted"\\one\n').inc(2);
  registry.gauge('g', 'A gauge.').series().set(1.5);
  const h = registry.histogram('d_seconds', 'Durations.', ['flow'], [0.1, 1]).series('f');
  for (const v of [0.05, 0.1, 0.5, 3]) h.observe(v);
  const text = renderExposition(await registry.snapshot());
  assert.equal(
    text,
    [
      '# HELP d_seconds Durations.',
      '# TYPE d_seconds histogram',
      'd_seconds_bucket{flow="f",le="0.1"} 2',
      'd_seconds_bucket{flow="f",le="1"} 3',
      'd_seconds_bucket{flow="f",le="+Inf"} 4',
      'd_seconds_sum{flow="f"} 3.65',
      'd_seconds_count{flow="f"} 4',
      '# HELP g A gauge.',
      '# TYPE g gauge',
      'g 1.5',
      '# HELP x_total Things.',
      '# TYPE x_total counter',
      'x_total{kind="a \\"quoted\\"\\\\one\\n"} 2',
      '',
    ].join('\n'),
  );
});

test('merges processes: counters and histograms add up, max gauges take the largest, series of one process stay', async () => {
  const make = async (n: number, delay: number, only?: string) => {
    const r = new MetricsRegistry();
    r.counter('req_total', 'Requests.', ['flow']).series('a').inc(n);
    if (only !== undefined) r.counter('req_total_b', 'B.', ['flow']).series(only).inc(1);
    r.gauge('delay', 'Delay.', [], 'max').series().set(delay);
    r.gauge('procs', 'Processes.').series().set(1);
    r.histogram('lat', 'Latency.', [], [1]).series().observe(n);
    return r.snapshot();
  };
  const merged = mergeSnapshots([await make(3, 0.2), await make(4, 0.7, 'z')]);
  const byName = new Map(merged.map((f) => [f.name, f]));
  assert.equal(byName.get('req_total')?.series[0]?.value, 7);
  assert.equal(byName.get('delay')?.series[0]?.value, 0.7);
  assert.equal(byName.get('procs')?.series[0]?.value, 2);
  assert.deepEqual(byName.get('lat')?.series[0], { labels: [], buckets: [0, 2], sum: 7, count: 2 });
  assert.equal(byName.get('req_total_b')?.series[0]?.value, 1);
});

test('a collector that fails is reported and the others still run', async () => {
  const registry = new MetricsRegistry();
  const g = registry.gauge('ok', 'Set by a collector.');
  const errors: unknown[] = [];
  registry.collect(() => {
    throw new Error('database down');
  });
  registry.collect(() => g.series().set(5));
  const families = await registry.snapshot((error) => errors.push(error));
  assert.equal(errors.length, 1);
  assert.equal(families.find((f) => f.name === 'ok')?.series[0]?.value, 5);
});

test('a family is registered once and a series takes exactly its labels', () => {
  const registry = new MetricsRegistry();
  const c = registry.counter('c_total', 'C.', ['a', 'b']);
  assert.throws(() => registry.counter('c_total', 'again'), /registered twice/);
  assert.throws(() => c.series('only-one'), /takes labels a, b/);
  assert.equal(c.series('x', 'y'), c.series('x', 'y'), 'the same series object is found again');
});
