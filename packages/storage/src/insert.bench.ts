// Baseline for issue 5's "≥ 2,000 webhooks/s": a raw SQLite insert loop (one durable commit per row)
// against recordSubmission (submission + two outbox rows + one event, one transaction per call).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openStorage } from './open-storage.js';

const N = Number(process.env['FLOWLINE_BENCH_N'] ?? 3000);
const TARGET_PER_SECOND = 2000;
const BATCH = 64;

function rawInsertsPerSecond(dir: string): number {
  const db = new BetterSqlite3(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('create table submissions (id text primary key, answers text not null, received_at integer not null)');
  const insert = db.prepare('insert into submissions (id, answers, received_at) values (?, ?, ?)');
  const start = performance.now();
  for (let i = 0; i < N; i += 1) {
    db.exec('begin immediate');
    insert.run(`s${i}`, JSON.stringify({ i, date: '2026-03-02' }), i);
    db.exec('commit');
  }
  const seconds = (performance.now() - start) / 1000;
  db.close();
  return N / seconds;
}

async function recordSubmissionsPerSecond(dir: string): Promise<number> {
  const storage = await openStorage({ dataDir: dir });
  await storage.workspaces.create({ id: 'bench', name: 'Bench', at: 0 });
  const start = performance.now();
  for (let i = 0; i < N; i += 1) {
    const result = await storage.recordSubmission({
      submission: { workspaceId: 'bench', flowId: 'booking', messageId: `wamid.${i}`, answers: { i, date: '2026-03-02' }, contract: { ok: true, problems: [] }, receivedAt: i },
      actions: [
        { kind: 'ticket', payload: { queue: 'front' }, idempotencyKey: `${i}:ticket` },
        { kind: 'webhook', payload: { url: 'https://crm.example' }, idempotencyKey: `${i}:crm` },
      ],
      events: [{ type: 'submitted', flowId: 'booking', at: i }],
    });
    if (!result.ok) throw new Error(result.message);
  }
  const seconds = (performance.now() - start) / 1000;
  await storage.close();
  return N / seconds;
}

/** The pipeline's writer: the same rows, 64 submissions per transaction through recordMany (multi-row inserts). */
async function recordManyPerSecond(dir: string): Promise<number> {
  const storage = await openStorage({ dataDir: dir });
  await storage.workspaces.create({ id: 'bench', name: 'Bench', at: 0 });
  const start = performance.now();
  for (let i = 0; i < N; i += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, N - i) }, (_, j) => {
      const k = i + j;
      return {
        submission: { workspaceId: 'bench', flowId: 'booking', messageId: `wamid.${k}`, answers: { i: k, date: '2026-03-02' }, contract: { ok: true, problems: [] }, receivedAt: k },
        actions: [
          { kind: 'ticket', payload: { queue: 'front' }, idempotencyKey: `${k}:ticket` },
          { kind: 'webhook', payload: { url: 'https://crm.example' }, idempotencyKey: `${k}:crm` },
        ],
        events: [{ type: 'submitted' as const, flowId: 'booking', at: k }],
      };
    });
    const result = await storage.submissions.recordMany(batch);
    if (!result.ok) throw new Error(result.message);
  }
  const seconds = (performance.now() - start) / 1000;
  await storage.close();
  return N / seconds;
}

const dir = mkdtempSync(join(tmpdir(), 'flowline-bench-'));
try {
  const raw = rawInsertsPerSecond(dir);
  const ours = await recordSubmissionsPerSecond(join(dir, 'storage'));
  const batched = await recordManyPerSecond(join(dir, 'batched'));
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`## Storage: durable submission writes (SQLite)

\`node --conditions=source --import tsx packages/storage/src/insert.bench.ts\` (N = ${N}, WAL, synchronous=NORMAL, one commit per write)

| writer | per second | ratio to raw |
|---|---:|---:|
| raw better-sqlite3 insert, one row per commit (baseline) | ${fmt(raw)} | 1.00 |
| \`recordSubmission\`: submission + 2 outbox rows + 1 event per commit | ${fmt(ours)} | ${(ours / raw).toFixed(2)} |
| \`submissions.recordMany\`: the same rows, ${BATCH} submissions per commit (multi-row inserts; the pipeline's group commit) | ${fmt(batched)} | ${(batched / raw).toFixed(2)} |

Target: ≥ ${fmt(TARGET_PER_SECOND)} submissions/s through the pipeline's writer (\`recordMany\`): ${batched >= TARGET_PER_SECOND ? 'met' : 'not met'} (${fmt(batched)}/s).
`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
