// Issue 12 (Export): a Flow's submissions downloaded as CSV through the real route
// (`GET /api/v1/flows/{id}/submissions/export`, Hono on node:http, SQLite), with the peak RSS the server
// process reaches during the download. Constant memory means the peak barely moves between 10,000 and
// 1,000,000 rows. Baseline in the same run: a bare better-sqlite3 `iterate()` over the same table that
// builds the same kind of CSV line per row (no HTTP, no paging) — the floor for rows per second.
// The client counts the records it received (CRLF-terminated) and the run fails unless every row arrived.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import BetterSqlite3 from 'better-sqlite3';
import { Hono } from 'hono';
import { toCsvLine } from '@flowline/core';
import { createSecretBox } from '@flowline/protocol';
import { openStorage, type Storage } from '@flowline/storage';
import { createApiRoutes } from './create-api-routes.js';

const LARGE = Number(process.env['FLOWLINE_BENCH_EXPORT_ROWS'] ?? 1_000_000);
const SMALL = 10_000;
const BATCH = 2_000;
const FLOW = {
  version: '7.0',
  screens: [{
    id: 'ASK', title: 'Ask', terminal: true,
    layout: { type: 'SingleColumnLayout', children: [{ type: 'Form', name: 'form', children: [
      ...['name', 'email', 'topic', 'details'].map((f) => ({ type: 'TextInput', name: f, label: f })),
      { type: 'Footer', label: 'Send', 'on-click-action': { name: 'complete', payload: { name: '${form.name}', email: '${form.email}', topic: '${form.topic}', details: '${form.details}' } } },
    ] }] },
  }],
};

async function seed(storage: Storage, ws: string, flowId: string, rows: number): Promise<number> {
  const created = await storage.flows.create(ws, { id: flowId, name: flowId, at: 0, by: 'bench' });
  if (!created.ok) throw new Error(created.message);
  const version = await storage.flows.addVersion(ws, flowId, { flowJson: JSON.stringify(FLOW), endpointConfig: null, policy: null, createdAt: 0, createdBy: 'bench' });
  if (!version.ok) throw new Error(version.message);
  const started = performance.now();
  for (let start = 0; start < rows; start += BATCH) {
    const inputs = [];
    for (let i = start; i < Math.min(rows, start + BATCH); i += 1) {
      inputs.push({
        submission: {
          workspaceId: ws, flowId, version: 1, messageId: `wamid.${flowId}.${i}`,
          answers: { name: `Customer ${i}`, email: `c${i}@example.com`, topic: i % 3 === 0 ? 'billing' : 'delivery', details: `Order ${i}, "late", please call` },
          contract: { ok: true, problems: [] }, receivedAt: 1_750_000_000_000 + i,
        },
        actions: [], events: [],
      });
    }
    const result = await storage.submissions.recordMany(inputs);
    if (!result.ok) throw new Error(result.message);
  }
  return rows / ((performance.now() - started) / 1000);
}

/** Downloads the export, counting records; samples this process's RSS meanwhile. */
async function download(url: string, token: string, expected: number): Promise<{ seconds: number; peakRssMiB: number; baseRssMiB: number; bytes: number }> {
  globalThis.gc?.();
  const baseRss = process.memoryUsage.rss();
  let peak = baseRss;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 10);
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok || response.body === null) throw new Error(`export answered ${response.status}`);
  let records = 0;
  let bytes = 0;
  const decoder = new TextDecoder();
  for await (const chunk of response.body) {
    bytes += chunk.byteLength;
    // Answers in this bench hold no line breaks, so every LF (of a CRLF, which a chunk may split) ends a record.
    const text = decoder.decode(chunk, { stream: true });
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) records += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  if (records !== expected + 1) throw new Error(`received ${records} records, expected a header and ${expected} rows`);
  return { seconds, peakRssMiB: peak / 2 ** 20, baseRssMiB: baseRss / 2 ** 20, bytes };
}

function rawIterate(file: string, flowId: string, expected: number): number {
  const db = new BetterSqlite3(file, { readonly: true });
  const started = performance.now();
  let rows = 0;
  let bytes = 0;
  for (const row of db.prepare('select id, received_at, answers from submissions where flow_id = ? order by received_at, id').iterate(flowId) as Iterable<{ id: string; received_at: number; answers: string }>) {
    const a = JSON.parse(row.answers) as Record<string, unknown>;
    bytes += toCsvLine([row.id, new Date(row.received_at).toISOString(), a['name'], a['email'], a['topic'], a['details']]).length;
    rows += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  if (rows !== expected || bytes === 0) throw new Error(`raw iterate read ${rows} rows`);
  return rows / seconds;
}

const dir = mkdtempSync(join(tmpdir(), 'flowline-export-bench-'));
try {
  const file = join(dir, 'flowline.db');
  const storage = await openStorage({ dataDir: dir });
  const ws = 'bench';
  const made = await storage.workspaces.create({ id: ws, name: 'Bench', at: 0 });
  if (!made.ok) throw new Error(made.message);
  const token = (await storage.apiTokens.issue(ws, { name: 'bench', role: 'viewer', at: 0 })).token;
  await seed(storage, ws, 'small', SMALL);
  const insertRate = await seed(storage, ws, 'large', LARGE);
  const app = new Hono().route('/api', createApiRoutes({ storage, now: () => new Date(), secrets: createSecretBox('bench-passphrase-0123456789') }));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const base = `http://127.0.0.1:${address.port}/api/v1/flows`;
  const small = await download(`${base}/small/submissions/export`, token, SMALL);
  const large = await download(`${base}/large/submissions/export`, token, LARGE);
  server.close();
  await storage.close();
  const raw = rawIterate(file, 'large', LARGE);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const ours = LARGE / large.seconds;
  console.log(`## Export: a Flow's submissions as CSV, streamed (SQLite)

\`node --conditions=source --import tsx apps/server/src/admin/api/submission-export.bench.ts\` (one process serves and downloads; load average ${loadavg()[0]?.toFixed(2)} on ${availableParallelism()} cores; ${fmt(LARGE)} rows seeded at ${fmt(insertRate)} rows/s with \`recordMany\`)

| download | rows | MiB sent | seconds | rows/s | RSS before → peak (MiB) | peak − before |
|---|---:|---:|---:|---:|---:|---:|
| \`GET …/small/submissions/export\` | ${fmt(SMALL)} | ${(small.bytes / 2 ** 20).toFixed(1)} | ${small.seconds.toFixed(2)} | ${fmt(SMALL / small.seconds)} | ${small.baseRssMiB.toFixed(0)} → ${small.peakRssMiB.toFixed(0)} | ${(small.peakRssMiB - small.baseRssMiB).toFixed(0)} |
| \`GET …/large/submissions/export\` | ${fmt(LARGE)} | ${(large.bytes / 2 ** 20).toFixed(1)} | ${large.seconds.toFixed(2)} | ${fmt(ours)} | ${large.baseRssMiB.toFixed(0)} → ${large.peakRssMiB.toFixed(0)} | ${(large.peakRssMiB - large.baseRssMiB).toFixed(0)} |
| baseline: bare better-sqlite3 \`iterate()\` building a CSV line per row (no HTTP, no paging) | ${fmt(LARGE)} | | | ${fmt(raw)} | | |

Rows per second through the route ÷ the bare iterate: ${(ours / raw).toFixed(2)}. Memory: ${fmt(LARGE / SMALL)} × the rows moved the peak by ${(large.peakRssMiB - large.baseRssMiB - (small.peakRssMiB - small.baseRssMiB)).toFixed(0)} MiB (pages of 500 rows, pulled only when the socket drains). The client counted every record.
`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
