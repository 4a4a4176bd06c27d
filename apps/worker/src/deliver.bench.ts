// Issue 5: deliveries per second to a loopback sink (signed webhooks, leases, delivered events),
// as a ratio to bare HTTP POSTs to the same sink with the same concurrency in the same run.
// Both share Node's keep-alive global agent, so the ratio isolates the worker's own cost.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage } from '@flowline/storage';
import { startDeliveryWorker } from './start-delivery-worker.js';
import { enqueueRouted } from './test-support/enqueue-routed.js';
import { startSink, type SinkRequest } from './test-support/start-sink.js';

const N = Number(process.env['FLOWLINE_BENCH_N'] ?? 2000);
const CONCURRENCY = 16;
const TARGET = 1000;

async function barePostsPerSecond(url: string): Promise<number> {
  let next = 0;
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end('{"bench":true}');
    });
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < N) {
      next += 1;
      await post();
    }
  }));
  return N / ((performance.now() - start) / 1000);
}

/**
 * Deliveries per second, counted by what the sink received: distinct Idempotency-Key headers of
 * signed webhook requests that arrived during the run (the worker's own counter is checked too).
 */
async function deliveriesPerSecond(dir: string, url: string, received: readonly SinkRequest[]): Promise<number> {
  const storage = await openStorage({ dataDir: dir });
  await storage.workspaces.create({ id: 'bench', name: 'bench', at: 0 });
  for (let i = 0; i < N; i += 100) {
    await enqueueRouted(storage, 'bench', Array.from({ length: Math.min(100, N - i) }, () => ({ type: 'webhook' as const, url, secret: 's' })), { at: 0, prefix: `b${i}` });
  }
  const worker = startDeliveryWorker({ storage, poll: false, privateHttp: 'loopback', concurrency: CONCURRENCY, batchSize: 64 });
  const before = received.length;
  const start = performance.now();
  while ((await worker.runOnce()) > 0);
  const seconds = (performance.now() - start) / 1000;
  const arrived = received.slice(before).filter((request) => typeof request.headers['x-flowline-signature'] === 'string');
  const distinct = new Set(arrived.map((request) => request.headers['idempotency-key'])).size;
  if (distinct !== N) throw new Error(`the sink received ${distinct} distinct deliveries of ${N} (${arrived.length} requests)`);
  if (worker.stats.delivered !== N) throw new Error(`the worker counted ${worker.stats.delivered} deliveries, the sink ${distinct}`);
  await storage.close();
  return distinct / seconds;
}

const dir = mkdtempSync(join(tmpdir(), 'flowline-deliver-bench-'));
const sink = await startSink();
try {
  const load = loadavg()[0] ?? 0;
  const bare = await barePostsPerSecond(sink.url);
  const ours = await deliveriesPerSecond(dir, sink.url, sink.requests);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`## Worker: deliveries to a loopback sink (SQLite)

\`node --conditions=source --import tsx apps/worker/src/deliver.bench.ts\` (N = ${N}, ${CONCURRENCY} in flight, batches of 64, keep-alive; the sink runs in the same process; load average ${load.toFixed(2)} on ${availableParallelism()} cores — compare ratios on a shared machine)

| path | per second | ratio to bare POSTs |
|---|---:|---:|
| bare HTTP POSTs to the sink (baseline) | ${fmt(bare)} | 1.00 |
| delivery worker (counted at the sink: distinct Idempotency-Key of signed requests received): claim 64 with a lease (one transaction), a signed webhook each, then the batch marked delivered in one transaction (multi-row update + delivery log + \`delivered\` events) | ${fmt(ours)} | ${(ours / bare).toFixed(2)} |

Target: ≥ ${fmt(TARGET)} deliveries/s: ${ours >= TARGET ? 'met' : 'not met'} (${fmt(ours)}/s).
`);
} finally {
  await sink.close();
  rmSync(dir, { recursive: true, force: true });
}
