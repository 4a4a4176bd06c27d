// Endpoint load benchmark (issue 4): a light raw-socket load generator (prebuilt encrypted requests,
// keep-alive, no pipelining) in this process against servers in their own processes: (a) Flowline's
// real startServer with 1 worker as configured by default (crypto threads on the spare cores), (a0)
// the same with RSA on the request thread (FLOWLINE_CRYPTO_THREADS=0), (b) one worker per core, (c) a Meta-reference-style baseline (Express,
// passphrase PEM parsed on every request), (d) the single-core RSA-OAEP-SHA256 decrypt rate, and (e) a
// reference floor: a bare node:http server doing only the protocol's crypto (RSA unwrap, AES-GCM both
// ways, JSON), which shows what Node's HTTP and the kernel cost before any Flowline code runs.
// Closed loops at 16, 32 and 64 connections find the peak; a paced open loop at 80 % of it gives the
// latency. CPU time of the server, of the generator and of the rest of the machine is reported.
// Run: node --conditions=source --import tsx apps/server/src/endpoint.bench.ts
// FLOWLINE_BENCH_CPU_PROF=<dir> writes V8 CPU profiles of the Flowline servers into <dir>.
import { fork, type ChildProcess } from 'node:child_process';
import { constants, createCipheriv, createDecipheriv, createPrivateKey, generateKeyPairSync, privateDecrypt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { encryptRequest } from '@flowline/protocol';
import { runClosedLoop, runPaced, type LoadPhaseResult, type LoadTarget } from './endpoint/test-support/load-phase.js';
import { machineCpuMs, mainThreadCpuMs, processTreeCpuMs } from './endpoint/test-support/process-cpu.js';
import { toRawPostRequest } from './endpoint/test-support/raw-http-connection.js';

const SELF = fileURLToPath(import.meta.url);
const CONCURRENCIES = [16, 32, 64] as const;
const CLOSED_MS = 3000;
const PACED_MS = 4000;
const WARMUP_MS = 1500;
const RSA_MS = 2000;
const FLOW_PATH = '/endpoint/lead-qualification';

type ChildMessage =
  | { readonly kind: 'ready'; readonly port: number; readonly cryptoThreads?: number }
  | { readonly kind: 'rsa'; readonly rate: number; readonly cpuRate: number }
  | { readonly kind: 'loop-delay'; readonly p99: number; readonly max: number };

const role = process.argv[2];
if (role === '--serve-flowline') await serveFlowline(Number(process.argv[3]), process.argv[4] ?? '', process.argv[5]);
else if (role === '--serve-baseline') await serveBaseline(process.argv[3] ?? '');
else if (role === '--serve-floor') serveFloor(process.argv[3] ?? '');
else if (role === '--rsa') process.send?.({ kind: 'rsa', ...rsaDecryptRate(process.argv[3] ?? '') } satisfies ChildMessage);
else await main();

/** The real server, as `npm start` runs it, stopped gracefully on a `stop` message (so profiles are written). */
async function serveFlowline(workers: number, dataDir: string, cryptoThreads: string | undefined): Promise<void> {
  const { parseServerConfig } = await import('./config/parse-server-config.js');
  const { startServer } = await import('./start-server.js');
  const { silentLogger } = await import('./endpoint/logger.js');
  const parsed = parseServerConfig({ PORT: '0', HOST: '127.0.0.1', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_WORKERS: String(workers), FLOWLINE_KEY_PASSPHRASE: 'bench-pass', FLOWLINE_CRYPTO_THREADS: cryptoThreads });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const server = await startServer(parsed.config, silentLogger);
  // Event-loop delay of the request thread (1 worker runs in this process): what blocks answers besides their own work.
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  process.on('message', (message) => {
    if (message === 'loop-delay') {
      process.send?.({ kind: 'loop-delay', p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 } satisfies ChildMessage);
      delay.reset();
      return;
    }
    void server.close().finally(() => process.exit(0));
  });
  process.send?.({ kind: 'ready', port: server.port, cryptoThreads: parsed.config.cryptoThreads } satisfies ChildMessage);
}

/** What Meta's reference Node endpoint does: Express JSON body, the encrypted PEM parsed on every request. */
async function serveBaseline(dataDir: string): Promise<void> {
  const express = (await import('express')).default;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privatePem = privateKey.export({ type: 'pkcs1', format: 'pem', cipher: 'des-ede3-cbc', passphrase: 'bench-pass' }).toString();
  writeFileSync(join(dataDir, 'baseline-public.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
  const app = express();
  app.use(express.json());
  app.post('/endpoint/:flowId', (req, res) => {
    const body = req.body as { encrypted_aes_key: string; encrypted_flow_data: string; initial_vector: string };
    const key = createPrivateKey({ key: privatePem, passphrase: 'bench-pass' });
    const aesKey = privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(body.encrypted_aes_key, 'base64'));
    const data = Buffer.from(body.encrypted_flow_data, 'base64');
    const iv = Buffer.from(body.initial_vector, 'base64');
    const decipher = createDecipheriv('aes-128-gcm', aesKey, iv);
    decipher.setAuthTag(data.subarray(-16));
    const payload = JSON.parse(Buffer.concat([decipher.update(data.subarray(0, -16)), decipher.final()]).toString('utf8')) as { data: { company: string; employees: string } };
    const reply = Number(payload.data.employees) > 10 ? { screen: 'ENTERPRISE', data: { company: payload.data.company, segment: 'enterprise' } } : { screen: 'SMALL_BUSINESS', data: { company: payload.data.company, segment: 'small' } };
    const flipped = Buffer.from(iv.map((b) => ~b));
    const cipher = createCipheriv('aes-128-gcm', aesKey, flipped);
    res.send(Buffer.concat([cipher.update(JSON.stringify(reply), 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64'));
  });
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.on('message', () => process.exit(0));
    process.send?.({ kind: 'ready', port: typeof address === 'object' && address !== null ? address.port : 0 } satisfies ChildMessage);
  });
}

/** The floor: node:http with the endpoint's crypto and JSON only (no routing, storage, handler or trace). */
function serveFloor(dataDir: string): void {
  const key = createPrivateKey({ key: readFileSync(join(dataDir, 'keys', 'private.pem'), 'utf8'), passphrase: 'bench-pass' });
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { encrypted_aes_key: string; encrypted_flow_data: string; initial_vector: string };
      const aesKey = privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(body.encrypted_aes_key, 'base64'));
      const data = Buffer.from(body.encrypted_flow_data, 'base64');
      const iv = Buffer.from(body.initial_vector, 'base64');
      const decipher = createDecipheriv('aes-128-gcm', aesKey, iv);
      decipher.setAuthTag(data.subarray(-16));
      const payload = JSON.parse(Buffer.concat([decipher.update(data.subarray(0, -16)), decipher.final()]).toString('utf8')) as { data: { company: string } };
      const cipher = createCipheriv('aes-128-gcm', aesKey, Buffer.from(iv.map((b) => ~b)));
      const reply = JSON.stringify({ screen: 'SMALL_BUSINESS', data: { company: payload.data.company } });
      const answer = Buffer.concat([cipher.update(reply, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(answer) });
      res.end(answer);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.on('message', () => process.exit(0));
    process.send?.({ kind: 'ready', port: typeof address === 'object' && address !== null ? address.port : 0 } satisfies ChildMessage);
  });
}

/** Decrypts one wrapped AES key in a loop for RSA_MS on this (single) thread: per wall second and per CPU second. */
function rsaDecryptRate(dataDir: string): { rate: number; cpuRate: number } {
  const publicPem = readFileSync(join(dataDir, 'keys', 'public.pem'), 'utf8');
  const key = createPrivateKey({ key: readFileSync(join(dataDir, 'keys', 'private.pem'), 'utf8'), passphrase: 'bench-pass' });
  const envelope = encryptRequest({ version: '3.0', action: 'ping' }, publicPem).envelope;
  const wrapped = Buffer.from(envelope.encrypted_aes_key, 'base64');
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const end = start + RSA_MS;
  let count = 0;
  while (performance.now() < end) {
    privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, wrapped);
    count++;
  }
  const cpu = process.cpuUsage(cpu0);
  return { rate: (count / (performance.now() - start)) * 1000, cpuRate: count / ((cpu.user + cpu.system) / 1e6) };
}

interface Child { readonly process: ChildProcess; readonly port: number; readonly cryptoThreads: number }

function spawnChild(args: string[], execArgv: readonly string[] = []): Promise<{ process: ChildProcess; message: ChildMessage }> {
  const child = fork(SELF, args, { execArgv: [...process.execArgv, ...execArgv], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (message: ChildMessage) => resolve({ process: child, message }));
    child.once('exit', (code) => reject(new Error(`bench child ${args[0] ?? ''} exited with ${code}`)));
  });
}

async function startTarget(args: string[], execArgv: readonly string[] = []): Promise<Child> {
  const { process: child, message } = await spawnChild(args, execArgv);
  if (message.kind !== 'ready') throw new Error('unexpected message from a server child');
  return { process: child, port: message.port, cryptoThreads: message.cryptoThreads ?? 0 };
}

async function rsaInChild(dataDir: string): Promise<{ rate: number; cpuRate: number }> {
  const { process: child, message } = await spawnChild(['--rsa', dataDir]);
  await new Promise((resolve) => child.once('exit', resolve));
  if (message.kind !== 'rsa') throw new Error('unexpected message from the RSA child');
  return { rate: message.rate, cpuRate: message.cpuRate };
}

function stop(child: Child): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.process.kill('SIGKILL'), 10_000);
    child.process.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.process.send('stop');
  });
}

/** CPU used during a phase, in cores (CPU seconds per wall second). */
interface CpuSplit { readonly server: number; readonly serverMainThread: number | undefined; readonly generator: number; readonly rest: number; readonly serverMsPerRequest: number }

async function withCpu(pid: number, phase: () => Promise<LoadPhaseResult>): Promise<{ result: LoadPhaseResult; cpu: CpuSplit | undefined }> {
  const server0 = processTreeCpuMs(pid);
  const main0 = mainThreadCpuMs(pid);
  const generator0 = process.cpuUsage();
  const machine0 = machineCpuMs();
  const result = await phase();
  const server1 = processTreeCpuMs(pid);
  const main1 = mainThreadCpuMs(pid);
  const generatorUs = process.cpuUsage(generator0);
  const machine1 = machineCpuMs();
  if (server0 === undefined || server1 === undefined) return { result, cpu: undefined };
  const wall = result.elapsedMs;
  const server = (server1 - server0) / wall;
  const generator = (generatorUs.user + generatorUs.system) / 1000 / wall;
  const serverMainThread = main0 === undefined || main1 === undefined ? undefined : (main1 - main0) / wall;
  return { result, cpu: { server, serverMainThread, generator, rest: Math.max(0, (machine1.busy - machine0.busy) / wall - server - generator), serverMsPerRequest: (server1 - server0) / Math.max(1, result.requests) } };
}

interface TargetResult {
  readonly closed: readonly { readonly concurrency: number; readonly result: LoadPhaseResult; readonly cpu: CpuSplit | undefined }[];
  readonly peak: { readonly concurrency: number; readonly result: LoadPhaseResult; readonly cpu: CpuSplit | undefined };
  readonly paced: { readonly result: LoadPhaseResult; readonly cpu: CpuSplit | undefined };
  /** Event-loop delay (ms) of the request thread during the paced phase ((a) only). */
  readonly pacedLoopDelay?: { readonly p99: number; readonly max: number };
}

async function measure(child: Child, publicPem: string, options: { loopDelay?: boolean } = {}): Promise<TargetResult> {
  const requests = Array.from({ length: 256 }, (_, i) =>
    toRawPostRequest('127.0.0.1', FLOW_PATH, JSON.stringify(encryptRequest({ version: '3.0', action: 'data_exchange', screen: 'COMPANY', flow_token: `bench-${i}`, data: { company: 'Acme', employees: String(i % 40) } }, publicPem).envelope)),
  );
  const target: LoadTarget = { port: child.port, requests };
  const pid = child.process.pid ?? 0;
  await runClosedLoop(target, 32, WARMUP_MS);
  const closed = [];
  for (const concurrency of CONCURRENCIES) closed.push({ concurrency, ...(await withCpu(pid, () => runClosedLoop(target, concurrency, CLOSED_MS))) });
  const peak = closed.reduce((best, row) => (row.result.rps > best.result.rps ? row : best));
  if (options.loopDelay) await loopDelay(child);
  const paced = await withCpu(pid, () => runPaced(target, peak.result.rps * 0.8, PACED_MS));
  const delay = options.loopDelay ? await loopDelay(child) : undefined;
  return { closed, peak, paced, ...(delay === undefined ? {} : { pacedLoopDelay: delay }) };
}

/** Reads (and resets) the event-loop delay histogram of a Flowline child with one worker. */
function loopDelay(child: Child): Promise<{ p99: number; max: number }> {
  return new Promise((resolve) => {
    const onMessage = (message: ChildMessage) => {
      if (message.kind !== 'loop-delay') return;
      child.process.off('message', onMessage);
      resolve({ p99: message.p99, max: message.max });
    };
    child.process.on('message', onMessage);
    child.process.send('loop-delay');
  });
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-bench-'));
  const cores = availableParallelism();
  const loadBefore = loadavg();
  const profileDir = process.env['FLOWLINE_BENCH_CPU_PROF'];
  const profile = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  const a = await startTarget(['--serve-flowline', '1', dataDir], profile);
  const publicPem = readFileSync(join(dataDir, 'keys', 'public.pem'), 'utf8');
  // (d) in its own process right before and right after (a), so both see the same machine load.
  const rsaBefore = await rsaInChild(dataDir);
  const resultA = await measure(a, publicPem, { loopDelay: true });
  await stop(a);
  const rsaAfter = await rsaInChild(dataDir);
  // (a0): the same single worker with RSA on its request thread, i.e. on one core.
  const a0 = await startTarget(['--serve-flowline', '1', dataDir, '0'], profile);
  const resultA0 = await measure(a0, publicPem, { loopDelay: true });
  await stop(a0);
  const b = await startTarget(['--serve-flowline', String(cores), dataDir], profile);
  const resultB = await measure(b, publicPem);
  await stop(b);
  const c = await startTarget(['--serve-baseline', dataDir]);
  const resultC = await measure(c, readFileSync(join(dataDir, 'baseline-public.pem'), 'utf8'));
  await stop(c);
  const e = await startTarget(['--serve-floor', dataDir]);
  const resultE = await measure(e, publicPem);
  await stop(e);
  rmSync(dataDir, { recursive: true, force: true });
  const loadAfter = loadavg();
  process.stdout.write(report({ cores, cryptoThreads: a.cryptoThreads, rsaBefore, rsaAfter, a: resultA, a0: resultA0, b: resultB, c: resultC, e: resultE, loadBefore, loadAfter }));
}

type RsaRate = { readonly rate: number; readonly cpuRate: number };

function report(r: { cores: number; cryptoThreads: number; rsaBefore: RsaRate; rsaAfter: RsaRate; a: TargetResult; a0: TargetResult; b: TargetResult; c: TargetResult; e: TargetResult; loadBefore: number[]; loadAfter: number[] }): string {
  const rsa = (r.rsaBefore.rate + r.rsaAfter.rate) / 2;
  const rsaCpu = (r.rsaBefore.cpuRate + r.rsaAfter.cpuRate) / 2;
  const f0 = (n: number) => n.toFixed(0);
  const f1 = (n: number) => n.toFixed(1);
  const f2 = (n: number) => n.toFixed(2);
  const lat = (p: LoadPhaseResult) => `${f1(p.p50)} / ${f1(p.p90)} / ${f1(p.p99)}`;
  const errors = (t: TargetResult) => t.closed.reduce((sum, row) => sum + row.result.errors, 0) + t.paced.result.errors;
  const row = (name: string, t: TargetResult) =>
    `| ${name} | ${t.closed.map((c) => f0(c.result.rps)).join(' / ')} | **${f0(t.peak.result.rps)}** (${t.peak.concurrency}) | ${lat(t.peak.result)} | ${f0(t.paced.result.rps)} | ${lat(t.paced.result)} | ${errors(t)} |`;
  const cpuRow = (name: string, t: TargetResult) => {
    const cpu = t.peak.cpu;
    if (cpu === undefined) return `| ${name} | n/a | n/a | n/a | n/a | n/a |`;
    return `| ${name} | ${f2(cpu.server)} | ${cpu.serverMainThread === undefined ? 'n/a' : f2(cpu.serverMainThread)} | ${f2(cpu.generator)} | ${f2(cpu.rest)} | ${f2(cpu.serverMsPerRequest)} |`;
  };
  const ratioRsa = r.a.peak.result.rps / rsa;
  const ratioBaseline = r.a.peak.result.rps / r.c.peak.result.rps;
  const cpuRatio = (t: TargetResult) => (t.peak.cpu === undefined ? undefined : 1000 / rsaCpu / t.peak.cpu.serverMsPerRequest);
  const cpuA = cpuRatio(r.a);
  const cpuA0 = cpuRatio(r.a0);
  const cpuE = cpuRatio(r.e);
  const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const load = (l: number[]) => l.map(f2).join(', ');
  return [
    '## Data endpoint throughput and latency',
    '',
    '`npm run bench:endpoint` (runs `node --conditions=source --import tsx apps/server/src/endpoint.bench.ts`)',
    '',
    `Loopback. The load generator (this process, raw keep-alive sockets, requests encrypted beforehand, no pipelining) drives servers in their own processes: the real \`startServer\` (SQLite, write-behind thread, in-process delivery worker; (a) as configured by default for one worker, which decrypts on ${r.cryptoThreads} crypto threads and so may use every core; (a0) with RSA on its request thread) and the Express baseline. Closed loops of ${CLOSED_MS / 1000} s at ${CONCURRENCIES.join(', ')} connections after a ${WARMUP_MS / 1000} s warm-up; the best is the peak; then a paced open loop at 80 % of the peak for ${PACED_MS / 1000} s (latency from the scheduled send time). Request: an encrypted \`data_exchange\` of the seeded \`lead-qualification\` Flow over 256 flow tokens (RSA-2048 OAEP + AES-128-GCM both ways). Machine: ${r.cores} cores shared by the server, the generator and anything else running.`,
    '',
    `| target | req/s at ${CONCURRENCIES.join(' / ')} | peak req/s (connections) | peak p50 / p90 / p99 ms | 80 % req/s | 80 % p50 / p90 / p99 ms | non-200 |`,
    '|---|---|---|---|---|---|---|',
    row(`(a) Flowline, 1 worker (default config: ${r.cryptoThreads} crypto threads)`, r.a),
    row('(a0) Flowline, 1 worker, RSA on the request thread (FLOWLINE_CRYPTO_THREADS=0)', r.a0),
    row(`(b) Flowline, ${r.cores} workers`, r.b),
    row('(c) baseline: Express + PEM parsed per request (Meta reference style)', r.c),
    `| (d) single-core RSA-OAEP-SHA256 decrypts/s (own process; mean of ${f0(r.rsaBefore.rate)} before and ${f0(r.rsaAfter.rate)} after (a); ${f0(rsaCpu)} per CPU second) | | **${f0(rsa)}** | | | | |`,
    row('(e) reference floor: bare node:http + the crypto and JSON only', r.e),
    '',
    'CPU during each peak phase, in cores (CPU seconds per second; /proc): the server process with its threads and cluster workers (and, of it, the main thread: for (a) and (a0) the request thread; the rest is the crypto threads, the write-behind thread and the GC threads of V8), the load generator, and everything else on the machine.',
    '',
    '| target | server | of which its main thread | generator | rest of machine | server CPU ms per request |',
    '|---|---|---|---|---|---|',
    cpuRow('(a)', r.a),
    cpuRow('(a0)', r.a0),
    cpuRow('(b)', r.b),
    cpuRow('(c)', r.c),
    cpuRow('(e)', r.e),
    '',
    '| target | figure | result |',
    '|---|---|---|',
    `| (a) ≥ 0.85 × (d) | ${f2(ratioRsa)} × | ${mark(ratioRsa >= 0.85)} |`,
    `| (a) ≥ 4 × (c) | ${f2(ratioBaseline)} × | ${mark(ratioBaseline >= 4)} |`,
    `| (a) p99 ≤ 25 ms at 80 % of peak | ${f1(r.a.paced.result.p99)} ms | ${mark(r.a.paced.result.p99 <= 25)} |`,
    `| (a) event-loop delay during the paced phase, p99 / max | ${r.a.pacedLoopDelay === undefined ? 'n/a' : `${f1(r.a.pacedLoopDelay.p99)} / ${f1(r.a.pacedLoopDelay.max)} ms`} | reported only: time the request thread was blocked (RSA, GC, synchronous SQLite, or no CPU) |`,
    `| (a0) ÷ (d), (a0) ÷ (c), (a0) p99 at 80 % | ${f2(r.a0.peak.result.rps / rsa)} ×, ${f2(r.a0.peak.result.rps / r.c.peak.result.rps)} ×, ${f1(r.a0.paced.result.p99)} ms | reported only: one worker held to one core for everything |`,
    `| (b) ÷ (a) | ${f2(r.b.peak.result.rps / r.a.peak.result.rps)} × | reported only: the generator needs CPU on the same ${r.cores} cores |`,
    `| (a) ÷ (e): Flowline against the bare floor | ${f2(r.a.peak.result.rps / r.e.peak.result.rps)} × | reported only: what routing, sessions, handler, data-model check and trace cost on top of Node's HTTP |`,
    `| CPU efficiency: RSA CPU time ÷ server CPU time per request, (a), (a0) and (e) | ${cpuA === undefined || cpuA0 === undefined || cpuE === undefined ? 'n/a' : `${f2(cpuA)} ×, ${f2(cpuA0)} × and ${f2(cpuE)} ×`} | reported only: 1.00 would mean nothing is spent besides RSA; (e) is the most Node's HTTP allows |`,
    '',
    `Load average (1, 5, 15 min) at start ${load(r.loadBefore)}, at end ${load(r.loadAfter)} on ${r.cores} cores. Figures taken while other work runs are noisy; "rest of machine" above shows how much CPU other work took during the peaks.`,
    '',
  ].join('\n') + '\n';
}
