// Scale-out benchmark (issue 18): webhook intake and endpoint throughput with 1, 2 and 3 Flowline
// instances (real server processes, one database each run, as `flowline serve` runs them) on one
// PostgreSQL, in one run, as ratios to one instance, with the CPU used by PostgreSQL, by the instances
// and by this load generator (all read from /proc). The delivery worker is off (FLOWLINE_WORKER=off):
// intake is measured, not the outbox draining behind it.
// Run: FLOWLINE_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --conditions=source --import tsx apps/server/src/scale-out.bench.ts
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { encryptRequest, signBody } from '@flowline/protocol';
import pg from 'pg';
import { openStorage, type Storage } from '@flowline/storage';
import { testDatabaseUrl, throwawayDatabase } from '@flowline/storage/test-support';
import { createSends, LOAD_FLOW, signedCompletion } from './e2e/test-support/completion-load.js';
import { startServerProcess, type ServerProcess } from './e2e/test-support/server-process.js';
import { runClosedLoop, type LoadPhaseResult } from './endpoint/test-support/load-phase.js';
import { cpuMsBetween, machineCpuMs, namedProcessTicks, processTreeCpuMs } from './endpoint/test-support/process-cpu.js';
import { toRawPostRequest } from './endpoint/test-support/raw-http-connection.js';
import { toStoredRoutingRule } from './messaging/pipeline/stored-routing-rule.js';

const APP_SECRET = 'scale-bench-app-secret';
const WORKSPACE = 'default';
const INSTANCES = [1, 2, 3] as const;
const CONNECTIONS = Number(process.env['FLOWLINE_BENCH_CONNECTIONS'] ?? 48);
const PHASE_MS = Number(process.env['FLOWLINE_BENCH_PHASE_MS'] ?? 3000);
/** Fresh webhooks handed to each loaded instance per phase: more than it can take in a phase, so none is sent twice. */
const WEBHOOKS_PER_INSTANCE_PHASE = Number(process.env['FLOWLINE_BENCH_WEBHOOKS_PER_PHASE'] ?? 2400);
/** Webhooks prepared in all: warm-up plus every phase of every round. */
const WEBHOOKS_NEEDED = (rounds: number) => 600 + rounds * 6 * WEBHOOKS_PER_INSTANCE_PHASE;

/** CPU so far: PostgreSQL's processes (by pid), the instances' process trees, this generator, the whole machine (ms). */
interface CpuSample { readonly postgres: Map<number, number>; readonly instances: number; readonly generator: number; readonly busy: number; readonly total: number }

/**
 * The PostgreSQL processes that work for this benchmark: the backends connected to its database and the
 * server's background processes (WAL writer, checkpointer, …; shared with any other user of the server).
 * Backends of other databases (other users of a shared server) are left out.
 */
let benchDatabase = '';
const oursOrShared = (cmdline: string): boolean => cmdline.includes(benchDatabase) || !/\(\d+\)|\[local\]/.test(cmdline);

function sampleCpu(instances: readonly ServerProcess[]): CpuSample {
  const machine = machineCpuMs();
  const own = process.cpuUsage();
  return {
    postgres: namedProcessTicks('postgres', oursOrShared),
    instances: instances.reduce((sum, i) => sum + (processTreeCpuMs(i.child.pid ?? 0) ?? 0), 0),
    generator: (own.user + own.system) / 1000,
    busy: machine.busy,
    total: machine.total,
  };
}

interface PhaseFigures { readonly rate: number; readonly errors: number; readonly cores: { readonly postgres: number; readonly instances: number; readonly generator: number; readonly machine: number } }

/** Runs one closed loop per instance at once (connections split evenly) and reads the CPU around it. */
async function phase(instances: readonly ServerProcess[], requestsOf: (index: number) => readonly Buffer[], count?: () => Promise<number>): Promise<PhaseFigures> {
  const before = sampleCpu(instances);
  const counted = count === undefined ? 0 : await count();
  const started = performance.now();
  const results: LoadPhaseResult[] = await Promise.all(instances.map((instance, i) => runClosedLoop({ port: instance.port, requests: requestsOf(i) }, Math.max(1, Math.floor(CONNECTIONS / instances.length)), PHASE_MS)));
  const elapsed = performance.now() - started;
  const after = sampleCpu(instances);
  const done = count === undefined ? results.reduce((sum, r) => sum + r.requests, 0) : (await count()) - counted;
  const cores = (ms: number) => ms / elapsed;
  return {
    rate: (done / elapsed) * 1000,
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    cores: {
      postgres: cores(cpuMsBetween(before.postgres, after.postgres)),
      instances: cores(after.instances - before.instances),
      generator: cores(after.generator - before.generator),
      // os.cpus() times are summed over cores: busy share × core count.
      machine: ((after.busy - before.busy) / Math.max(1, after.total - before.total)) * cpus().length,
    },
  };
}

function endpointRequests(publicPem: string, count: number): Buffer[] {
  return Array.from({ length: count }, (_, n) => {
    const payload = { version: '3.0', action: 'data_exchange', screen: 'COMPANY', flow_token: `scale-bench-${n}`, data: { company: `Acme ${n}`, employees: 50 } };
    const body = JSON.stringify(encryptRequest(payload, publicPem).envelope);
    return toRawPostRequest('127.0.0.1', `/endpoint/${LOAD_FLOW}`, body, { 'X-Hub-Signature-256': signBody(body, APP_SECRET) });
  });
}

async function setUp(storage: Storage): Promise<void> {
  const rule = toStoredRoutingRule({ name: 'Every lead to the CRM', default: true, actions: [{ type: 'webhook', url: 'https://crm.example/hook', secret: 's' }] });
  if (!rule.ok) throw new Error('the routing rule does not parse');
  await storage.routingRules.replace(WORKSPACE, LOAD_FLOW, [rule.input], Date.now());
}

/** Rounds of the interleaved phases: 1, 2, 3 instances loaded, then 3, 2, 1, and so on (medians are reported). */
const ROUNDS = Number(process.env['FLOWLINE_BENCH_ROUNDS'] ?? 3);
const WEBHOOKS = WEBHOOKS_NEEDED(ROUNDS);

type Figures = { n: number; intake: PhaseFigures[]; endpoint: PhaseFigures[] };

/**
 * Three instances are started once on one new database; a phase with n instances loads the first n of
 * them (the others are idle: no traffic, delivery worker off). Phases of 1, 2 and 3 interleave over the
 * rounds, so a busy moment of the shared machine falls on all three alike.
 */
async function run(url: string): Promise<Figures[]> {
  const database = await throwawayDatabase(url, 'flowline_bench_scale');
  benchDatabase = database.name;
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-scale-bench-'));
  const env = {
    DATABASE_URL: database.url, FLOWLINE_DATA_DIR: dataDir, FLOWLINE_WORKERS: '1', FLOWLINE_CRYPTO_THREADS: '0', FLOWLINE_KEY_PASSPHRASE: 'scale-bench-passphrase',
    FLOWLINE_APP_SECRET: APP_SECRET, FLOWLINE_ADMIN_TOKEN: 'scale-bench-admin-token-0123456789', FLOWLINE_WORKER: 'off',
  };
  const instances: ServerProcess[] = [];
  let storage: Storage | undefined;
  const raw = new pg.Client({ connectionString: database.url });
  try {
    instances.push(await startServerProcess(env));
    instances.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
    storage = await openStorage({ databaseUrl: database.url });
    await raw.connect();
    await setUp(storage);
    const target = storage;
    const sends = (await Promise.all(Array.from({ length: 8 }, (_, lane) => createSends(target, WORKSPACE, Math.ceil(WEBHOOKS / 8), `+3519${lane}`)))).flat();
    const webhooks = sends.map((send, i) => {
      const c = signedCompletion(send, `wamid.scale.${i}`, APP_SECRET);
      return toRawPostRequest('127.0.0.1', '/webhooks/whatsapp', c.body, { 'X-Hub-Signature-256': c.headers['x-hub-signature-256'] ?? '' });
    });
    // Each phase takes fresh webhooks only (a repeat would be a cheap duplicate): a cursor over the prepared ones.
    let cursor = 0;
    const take = (count: number): Buffer[] => {
      const out = webhooks.slice(cursor, cursor + count);
      cursor += count;
      if (out.length < count) throw new Error('not enough prepared webhooks: raise FLOWLINE_BENCH_WEBHOOKS');
      return out;
    };
    const publicPem = readFileSync(join(dataDir, 'keys', 'public.pem'), 'utf8');
    const endpoint = endpointRequests(publicPem, 300);
    await Promise.all(instances.map((instance) => runClosedLoop({ port: instance.port, requests: endpoint }, 8, 1000)));
    await Promise.all(instances.map((instance) => runClosedLoop({ port: instance.port, requests: take(200) }, 8, 500)));
    const routed = async () => Number((await raw.query<{ n: string }>('select count(*) as n from submissions')).rows[0]?.n ?? 0);
    const figures: Figures[] = INSTANCES.map((n) => ({ n, intake: [], endpoint: [] }));
    const perPhase = Math.ceil(WEBHOOKS_PER_INSTANCE_PHASE);
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = round % 2 === 0 ? [...INSTANCES] : [...INSTANCES].reverse();
      for (const n of order) {
        process.stderr.write(`round ${round + 1}: ${n} instance(s)\n`);
        const loaded = instances.slice(0, n);
        const batches = loaded.map(() => take(perPhase));
        const entry = figures.find((f) => f.n === n);
        entry?.intake.push(await phase(loaded, (i) => batches[i] ?? [], routed));
        entry?.endpoint.push(await phase(loaded, () => endpoint));
      }
    }
    return figures;
  } finally {
    await Promise.all(instances.map((i) => i.stop()));
    await raw.end().catch(() => undefined);
    await storage?.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The phase with the median rate. */
function median(list: readonly PhaseFigures[]): PhaseFigures {
  const sorted = [...list].sort((a, b) => a.rate - b.rate);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (middle === undefined) throw new Error('no phase measured');
  return middle;
}

const url = testDatabaseUrl() ?? process.env['FLOWLINE_BENCH_DATABASE_URL'];
if (url === undefined || url === '') {
  console.log('scale-out.bench: set FLOWLINE_TEST_DATABASE_URL (or FLOWLINE_BENCH_DATABASE_URL) to a PostgreSQL server; nothing measured.');
} else {
  const load = loadavg()[0] ?? 0;
  const results = await run(url);
  const base = results[0];
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  const c = (x: number) => x.toFixed(2);
  const rows = (pick: (r: Figures) => PhaseFigures[]) => results.map((r) => {
    const f = median(pick(r));
    const b = base === undefined ? f : median(pick(base));
    const all = pick(r).map((p) => fmt(p.rate)).join(', ');
    const perRequest = (cores: number) => ((cores * 1000) / Math.max(1, f.rate)).toFixed(2);
    return `| ${r.n} | ${fmt(f.rate)} (${all}) | ${(f.rate / b.rate).toFixed(2)} | ${c(f.cores.postgres)} | ${c(f.cores.instances)} | ${perRequest(f.cores.postgres)} | ${perRequest(f.cores.instances)} | ${c(f.cores.generator)} | ${c(f.cores.machine)} of ${cpus().length} | ${f.errors} |`;
  }).join('\n');
  const head = '| instances loaded | per second, median (each round) | ratio to 1 | PostgreSQL (cores) | Flowline instances (cores) | PostgreSQL CPU per request (ms) | instance CPU per request (ms) | load generator (cores) | machine busy (cores) | errors |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|';
  console.log(`## Scale-out: 1, 2 and 3 instances on one PostgreSQL

\`FLOWLINE_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --conditions=source --import tsx apps/server/src/scale-out.bench.ts\`
(${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, load average ${load.toFixed(2)} at the start, ${loadavg()[0]?.toFixed(2) ?? '?'} at the end. Three
instances (each one process: FLOWLINE_WORKERS=1, FLOWLINE_CRYPTO_THREADS=0, delivery worker off) on one new database of the machine's
PostgreSQL; a phase loads the first 1, 2 or 3 of them, ${CONNECTIONS} keep-alive connections split evenly, closed loop for ${PHASE_MS / 1000} s; ${ROUNDS}
interleaved rounds (1-2-3, 3-2-1, …), the median phase shown with its CPU. CPU in cores = CPU time / wall time, from /proc; PostgreSQL's
figure counts the backends connected to the benchmark's database and the server's background processes (WAL writer, checkpointer, …),
not other databases' backends. Machine busy counts every process of the machine: other agents' work included.)

**Webhook intake** (signed \`nfm_reply\` completions, each a new answer to its own send, routed to one webhook action; rate = submissions committed per second):

${head}
${rows((r) => r.intake)}

**Endpoint** (encrypted, signed \`data_exchange\` of lead-qualification: RSA + AES, declarative handler, write-behind trace):

${head}
${rows((r) => r.endpoint)}
`);
}
