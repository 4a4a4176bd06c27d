// Endpoint load benchmark (issues 4 and 19). Headline: requests per second of server CPU time (every
// thread and process of the server, from /proc) divided by RSA-OAEP-SHA256 decrypts per CPU second
// measured in the same run, for encrypted pings and data_exchange requests, so a server that spreads
// over more cores gains nothing by it. A light raw-socket load generator (prebuilt signed, encrypted
// requests, keep-alive, no pipelining) in this process drives servers in their own processes:
//   (a0) Flowline's real startServer, 1 worker, RSA on its request thread (FLOWLINE_CRYPTO_THREADS=0);
//   (a)  the same as configured by default (crypto threads on the spare cores);
//   (m)  Meta's reference endpoint (examples/endpoint/nodejs/basic) run as written, console.log and all,
//        from a temporary copy of ../shared/corpus/peers/meta-endpoint-nodejs-basic;
//   (c)  the older stand-in for it: Express, passphrase PEM parsed per request, no logging;
//   (e)  a floor: bare node:http doing only the protocol's work (signature, RSA, AES both ways, JSON);
//   (b)  Flowline with one worker per core (multi-core wall-clock rows, secondary).
// The generator decrypts and checks one answer in eight in every phase; a wrong answer is an error.
// Closed loops at 16 and 64 connections find the peak; a paced open loop at 80 % of it gives the
// latency and, in the server, the event-loop delay (perf_hooks.monitorEventLoopDelay).
// Run: node --conditions=source --import tsx apps/server/src/endpoint.bench.ts
// FLOWLINE_BENCH_ONLY=a0,e,… runs only those targets; FLOWLINE_BENCH_CPU_PROF=<dir> writes a V8 CPU
// profile of the request thread of (a0), (a) and (e) per action, taken in an extra closed loop after
// the measured ones (summarise with scripts/cpu-profile-top.mjs).
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { constants, createCipheriv, createDecipheriv, createPrivateKey, generateKeyPairSync, privateDecrypt, timingSafeEqual } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { Session } from 'node:inspector';
import { connect, createServer as createNetServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { decryptResponse, encryptRequest, signBody } from '@flowline/protocol';
import { runClosedLoop, runPaced, type LoadPhaseResult, type LoadTarget } from './endpoint/test-support/load-phase.js';
import { machineCpuMs, mainThreadCpuMs, processTreeCpuMs } from './endpoint/test-support/process-cpu.js';
import { toRawPostRequest } from './endpoint/test-support/raw-http-connection.js';

const SELF = fileURLToPath(import.meta.url);
const ROOT = process.env['FLOWLINE_REPO_ROOT'] ?? fileURLToPath(new URL('../../..', import.meta.url));
const META_DIR = process.env['FLOWLINE_BENCH_META_DIR'] ?? join(ROOT, '..', 'shared', 'corpus', 'peers', 'meta-endpoint-nodejs-basic');
const CONCURRENCIES = [16, 64] as const;
const CLOSED_MS = 3000;
const PACED_MS = 4000;
const WARMUP_MS = 1500;
const PROFILE_MS = 3000;
const RSA_MS = 2000;
const PASSPHRASE = 'bench-pass';
const APP_SECRET = 'bench-app-secret-for-signatures';
const FLOW_PATH = '/endpoint/support-triage';
const ACTIONS = ['ping', 'data_exchange'] as const;
type Action = (typeof ACTIONS)[number];
const URGENCY_OPTIONS = [
  { id: 'high', title: 'It blocks me' },
  { id: 'medium', title: 'It slows me down' },
  { id: 'low', title: 'Just a question' },
];

type ChildMessage =
  | { readonly kind: 'ready'; readonly port: number; readonly cryptoThreads?: number }
  | { readonly kind: 'rsa'; readonly rate: number; readonly cpuRate: number }
  | { readonly kind: 'loop-delay'; readonly p99: number; readonly max: number }
  | { readonly kind: 'profiled' };


/**
 * Answers the bench's control messages in a server child: event-loop delay (read and reset), CPU
 * profiles of this thread (`profile-start`, `profile-stop <file>`), and `stop` (after `close`).
 */
function control(close: () => Promise<void>): void {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let session: Session | undefined;
  process.on('message', (message: string) => {
    if (message === 'loop-delay') {
      process.send?.({ kind: 'loop-delay', p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 } satisfies ChildMessage);
      delay.reset();
    } else if (message === 'profile-start') {
      session = new Session();
      session.connect();
      session.post('Profiler.enable', () => session?.post('Profiler.start'));
    } else if (message.startsWith('profile-stop ')) {
      const file = message.slice('profile-stop '.length);
      session?.post('Profiler.stop', (error, result) => {
        if (error === null) writeFileSync(file, JSON.stringify(result.profile));
        session?.disconnect();
        process.send?.({ kind: 'profiled' } satisfies ChildMessage);
      });
    } else {
      void close().finally(() => process.exit(0));
    }
  });
}

/** The real server, as `npm start` runs it (signatures checked), stopped gracefully on `stop`. */
async function serveFlowline(workers: number, dataDir: string, cryptoThreads: string | undefined): Promise<void> {
  const { parseServerConfig } = await import('./config/parse-server-config.js');
  const { startServer } = await import('./start-server.js');
  const { silentLogger } = await import('./logging/logger.js');
  const parsed = parseServerConfig({ PORT: '0', HOST: '127.0.0.1', FLOWLINE_DATA_DIR: dataDir, FLOWLINE_WORKERS: String(workers), FLOWLINE_KEY_PASSPHRASE: PASSPHRASE, FLOWLINE_APP_SECRET: APP_SECRET, FLOWLINE_CRYPTO_THREADS: cryptoThreads });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const server = await startServer(parsed.config, silentLogger);
  control(() => server.close());
  process.send?.({ kind: 'ready', port: server.port, cryptoThreads: parsed.config.cryptoThreads } satisfies ChildMessage);
}

/** What the bench's reply is for a decrypted payload in the stand-in and the floor (Flowline's seeded answers, fixed). */
function fixedReply(payload: { action?: string; data?: { topic?: unknown } }): unknown {
  return payload.action === 'ping' ? { data: { status: 'active' } } : { screen: 'DETAILS', data: { topic: payload.data?.topic, urgency_options: URGENCY_OPTIONS } };
}

/** The older stand-in for Meta's reference: Express JSON body, the encrypted PEM parsed on every request, no logging, no signature check. */
async function serveBaseline(dataDir: string): Promise<void> {
  const express = (await import('express')).default;
  const privatePem = readFileSync(join(dataDir, 'meta-private.pem'), 'utf8');
  const app = express();
  app.use(express.json());
  app.post(/.*/, (req, res) => {
    const body = req.body as { encrypted_aes_key: string; encrypted_flow_data: string; initial_vector: string };
    const key = createPrivateKey({ key: privatePem, passphrase: PASSPHRASE });
    const aesKey = privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(body.encrypted_aes_key, 'base64'));
    const data = Buffer.from(body.encrypted_flow_data, 'base64');
    const iv = Buffer.from(body.initial_vector, 'base64');
    const decipher = createDecipheriv('aes-128-gcm', aesKey, iv);
    decipher.setAuthTag(data.subarray(-16));
    const payload = JSON.parse(Buffer.concat([decipher.update(data.subarray(0, -16)), decipher.final()]).toString('utf8')) as { action?: string; data?: { topic?: unknown } };
    const cipher = createCipheriv('aes-128-gcm', aesKey, Buffer.from(iv.map((b) => ~b)));
    res.send(Buffer.concat([cipher.update(JSON.stringify(fixedReply(payload)), 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64'));
  });
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.on('message', () => process.exit(0));
    process.send?.({ kind: 'ready', port: typeof address === 'object' && address !== null ? address.port : 0 } satisfies ChildMessage);
  });
}

/** The floor: node:http with the endpoint's signature check, crypto and JSON only (no routing, storage, handler or trace). */
function serveFloor(dataDir: string): void {
  const key = createPrivateKey({ key: readFileSync(join(dataDir, 'keys', 'private.pem'), 'utf8'), passphrase: PASSPHRASE });
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks);
      const given = Buffer.from(String(req.headers['x-hub-signature-256'] ?? ''));
      const expected = Buffer.from(signBody(raw, APP_SECRET));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.writeHead(432).end();
        return;
      }
      const body = JSON.parse(raw.toString('utf8')) as { encrypted_aes_key: string; encrypted_flow_data: string; initial_vector: string };
      const aesKey = privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(body.encrypted_aes_key, 'base64'));
      const data = Buffer.from(body.encrypted_flow_data, 'base64');
      const iv = Buffer.from(body.initial_vector, 'base64');
      const decipher = createDecipheriv('aes-128-gcm', aesKey, iv);
      decipher.setAuthTag(data.subarray(-16));
      const payload = JSON.parse(Buffer.concat([decipher.update(data.subarray(0, -16)), decipher.final()]).toString('utf8')) as { action?: string; data?: { topic?: unknown } };
      const cipher = createCipheriv('aes-128-gcm', aesKey, Buffer.from(iv.map((b) => ~b)));
      const answer = Buffer.concat([cipher.update(JSON.stringify(fixedReply(payload)), 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(answer) });
      res.end(answer);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    control(() => new Promise((resolve) => server.close(() => resolve())));
    process.send?.({ kind: 'ready', port: typeof address === 'object' && address !== null ? address.port : 0 } satisfies ChildMessage);
  });
}

/** Decrypts one wrapped AES key in a loop for RSA_MS on this (single) thread: per wall second and per CPU second. */
function rsaDecryptRate(dataDir: string): { rate: number; cpuRate: number } {
  const publicPem = readFileSync(join(dataDir, 'keys', 'public.pem'), 'utf8');
  const key = createPrivateKey({ key: readFileSync(join(dataDir, 'keys', 'private.pem'), 'utf8'), passphrase: PASSPHRASE });
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

/** A server under test: its process (for CPU from /proc), port, and whether it answers the bench's control messages. */
interface Child { readonly process: ChildProcess; readonly port: number; readonly cryptoThreads: number; readonly controlled: boolean }

function spawnChild(args: string[]): Promise<{ process: ChildProcess; message: ChildMessage }> {
  const child = fork(SELF, args, { execArgv: process.execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (message: ChildMessage) => resolve({ process: child, message }));
    child.once('exit', (code) => reject(new Error(`bench child ${args[0] ?? ''} exited with ${code}`)));
  });
}

async function startTarget(args: string[], controlled: boolean): Promise<Child> {
  const { process: child, message } = await spawnChild(args);
  if (message.kind !== 'ready') throw new Error('unexpected message from a server child');
  return { process: child, port: message.port, cryptoThreads: message.cryptoThreads ?? 0, controlled };
}

async function rsaInChild(dataDir: string): Promise<RsaRate> {
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
    if (child.process.channel === undefined || child.process.channel === null) child.process.kill('SIGTERM');
    else child.process.send('stop');
  });
}

/** A free loopback port for a server that cannot be told to take port 0 and report it (Meta's reference). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`Meta's reference exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("Meta's reference did not start listening");
}

/**
 * Meta's reference endpoint as written: its folder copied to `dir`, its dependency (express 4) taken
 * from this repository's node_modules when that is express 4 (otherwise `npm install` there), then
 * `node src/server.js` with PORT, PRIVATE_KEY, PASSPHRASE and APP_SECRET. Its console output (every
 * request body, decrypted, and every answer) goes to a log file, as a server's output would.
 */
async function startMeta(dir: string, privatePem: string): Promise<Child> {
  cpSync(META_DIR, dir, { recursive: true });
  const express = join(ROOT, 'node_modules', 'express', 'package.json');
  const major = existsSync(express) ? String((JSON.parse(readFileSync(express, 'utf8')) as { version?: string }).version).split('.')[0] : undefined;
  if (major === '4') symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  else {
    const installed = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--omit=dev'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    if (installed.status !== 0) throw new Error("npm install of Meta's reference failed");
  }
  const port = await freePort();
  const log = openSync(join(dir, 'server.log'), 'a');
  const child = spawn(process.execPath, ['src/server.js'], {
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '', PORT: String(port), PRIVATE_KEY: privatePem, PASSPHRASE, APP_SECRET },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  await waitForPort(port, child);
  return { process: child, port, cryptoThreads: 0, controlled: false };
}

/** CPU used during a phase, in cores (CPU seconds per second), and per answered request. */
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

type Phase = { readonly concurrency: number; readonly result: LoadPhaseResult; readonly cpu: CpuSplit | undefined };

interface ActionResult {
  readonly closed: readonly Phase[];
  readonly peak: Phase;
  readonly paced: { readonly result: LoadPhaseResult; readonly cpu: CpuSplit | undefined };
  /** Event-loop delay (ms) of the server's main thread during the paced phase (servers that report it). */
  readonly pacedLoopDelay?: { readonly p99: number; readonly max: number };
}

type TargetResult = Readonly<Record<Action, ActionResult>>;

/** The requests of one action for one server, each signed, with a check of the answer it must get. */
interface Workload { readonly path: string; readonly payload: (i: number) => unknown; readonly expect: (i: number, answer: unknown) => boolean }

const REQUESTS = 256;

const flowlineWorkloads: Readonly<Record<Action, Workload>> = {
  ping: { path: FLOW_PATH, payload: () => ({ version: '3.0', action: 'ping' }), expect: (_i, answer) => json(answer) === json({ data: { status: 'active' } }) },
  data_exchange: {
    path: FLOW_PATH,
    payload: (i) => ({ version: '3.0', action: 'data_exchange', screen: 'TOPIC', flow_token: `bench-${i}`, data: { topic: `topic-${i % 8}` } }),
    expect: (i, answer) => json(answer) === json({ screen: 'DETAILS', data: { topic: `topic-${i % 8}`, urgency_options: URGENCY_OPTIONS } }),
  },
};

/** Meta's example Flow: ping, and data_exchange from its one screen MY_SCREEN, which answers SUCCESS with the flow token. */
const metaWorkloads: Readonly<Record<Action, Workload>> = {
  ping: { path: '/', payload: () => ({ version: '3.0', action: 'ping' }), expect: (_i, answer) => json(answer) === json({ data: { status: 'active' } }) },
  data_exchange: {
    path: '/',
    payload: (i) => ({ version: '3.0', action: 'data_exchange', screen: 'MY_SCREEN', flow_token: `bench-${i}`, data: { name: `Ana ${i}` } }),
    expect: (i, answer) => json(answer) === json({ screen: 'SUCCESS', data: { extension_message_response: { params: { flow_token: `bench-${i}` } } } }),
  },
};

function json(value: unknown): string {
  return JSON.stringify(value);
}

function loadTarget(child: Child, publicPem: string, workload: Workload): LoadTarget {
  const keys: { aesKey: Buffer; iv: Buffer }[] = [];
  const requests = Array.from({ length: REQUESTS }, (_, i) => {
    const { envelope, aesKey, iv } = encryptRequest(workload.payload(i), publicPem);
    keys.push({ aesKey, iv });
    const body = JSON.stringify(envelope);
    return toRawPostRequest('127.0.0.1', workload.path, body, { 'X-Hub-Signature-256': signBody(body, APP_SECRET) });
  });
  return {
    port: child.port,
    requests,
    checkEvery: 8,
    check: (index, body) => {
      const key = keys[index];
      return key !== undefined && body !== undefined && workload.expect(index, decryptResponse(body.toString('latin1'), key.aesKey, key.iv));
    },
  };
}

async function measureAction(child: Child, target: LoadTarget, profile: string | undefined): Promise<ActionResult> {
  const pid = child.process.pid ?? 0;
  await runClosedLoop(target, 16, WARMUP_MS);
  const closed: Phase[] = [];
  for (const concurrency of CONCURRENCIES) closed.push({ concurrency, ...(await withCpu(pid, () => runClosedLoop(target, concurrency, CLOSED_MS))) });
  const peak = closed.reduce((best, row) => (row.result.rps > best.result.rps ? row : best));
  if (child.controlled) await loopDelay(child);
  const paced = await withCpu(pid, () => runPaced(target, peak.result.rps * 0.8, PACED_MS));
  const delay = child.controlled ? await loopDelay(child) : undefined;
  if (profile !== undefined && child.controlled) {
    child.process.send('profile-start');
    await runClosedLoop(target, 16, PROFILE_MS);
    await request(child, `profile-stop ${profile}`, 'profiled');
  }
  return { closed, peak, paced, ...(delay === undefined ? {} : { pacedLoopDelay: delay }) };
}

async function measure(child: Child, publicPem: string, workloads: Readonly<Record<Action, Workload>>, profileAs?: string): Promise<TargetResult> {
  const profileDir = process.env['FLOWLINE_BENCH_CPU_PROF'];
  const profile = (action: Action) => (profileDir === undefined || profileAs === undefined ? undefined : join(profileDir, `${profileAs}-${action}.cpuprofile`));
  const ping = await measureAction(child, loadTarget(child, publicPem, workloads.ping), profile('ping'));
  const dataExchange = await measureAction(child, loadTarget(child, publicPem, workloads.data_exchange), profile('data_exchange'));
  return { ping, data_exchange: dataExchange };
}

function request(child: Child, message: string, answer: ChildMessage['kind']): Promise<ChildMessage> {
  return new Promise((resolve) => {
    const onMessage = (reply: ChildMessage) => {
      if (reply.kind !== answer) return;
      child.process.off('message', onMessage);
      resolve(reply);
    };
    child.process.on('message', onMessage);
    child.process.send(message);
  });
}

/** Reads (and resets) the event-loop delay histogram of a server child. */
async function loopDelay(child: Child): Promise<{ p99: number; max: number }> {
  const reply = await request(child, 'loop-delay', 'loop-delay');
  return reply.kind === 'loop-delay' ? { p99: reply.p99, max: reply.max } : { p99: Number.NaN, max: Number.NaN };
}

type TargetKey = 'a0' | 'a' | 'm' | 'c' | 'e' | 'b';

async function main(): Promise<void> {
  const only = process.env['FLOWLINE_BENCH_ONLY']?.split(',').map((key) => key.trim());
  const wanted = (key: TargetKey) => only === undefined || only.includes(key);
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-bench-'));
  const cores = availableParallelism();
  const loadBefore = loadavg();
  // Meta's reference and the stand-in read a passphrase-encrypted PKCS#1 PEM, as Meta's key generator writes it.
  const meta = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const metaPrivatePem = meta.privateKey.export({ type: 'pkcs1', format: 'pem', cipher: 'des-ede3-cbc', passphrase: PASSPHRASE }).toString();
  const metaPublicPem = meta.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  writeFileSync(join(dataDir, 'meta-private.pem'), metaPrivatePem);
  const results: Partial<Record<TargetKey, TargetResult>> = {};
  const rsa: RsaRate[] = [];
  // One core's RSA rate is measured right before and right after every target (own process): each
  // target is divided by the mean of the two beside it, since the machine's state drifts during a run.
  const rsaBeside: Partial<Record<TargetKey, number>> = {};
  const measureRsa = async () => {
    const rate = await rsaInChild(dataDir);
    rsa.push(rate);
    return rate.cpuRate;
  };
  const run = async (key: TargetKey, target: () => Promise<TargetResult | undefined>) => {
    if (!wanted(key)) return;
    const before = rsa[rsa.length - 1]?.cpuRate ?? (await measureRsa());
    const result = await target();
    if (result === undefined) return;
    results[key] = result;
    rsaBeside[key] = (before + (await measureRsa())) / 2;
  };
  let cryptoThreads = 0;
  let metaNote = '';

  // (a0)'s start creates the endpoint keys in dataDir, which the others use.
  const a0 = await startTarget(['--serve-flowline', '1', dataDir, '0'], true);
  const publicPem = readFileSync(join(dataDir, 'keys', 'public.pem'), 'utf8');
  await run('a0', () => measure(a0, publicPem, flowlineWorkloads, 'a0'));
  await stop(a0);
  await run('a', async () => {
    const a = await startTarget(['--serve-flowline', '1', dataDir, ''], true);
    cryptoThreads = a.cryptoThreads;
    const result = await measure(a, publicPem, flowlineWorkloads, 'a');
    await stop(a);
    return result;
  });
  await run('m', async () => {
    if (!existsSync(join(META_DIR, 'src', 'server.js'))) {
      metaNote = `not run: ${META_DIR} not found (set FLOWLINE_BENCH_META_DIR)`;
      return undefined;
    }
    const metaDir = mkdtempSync(join(tmpdir(), 'flowline-bench-meta-'));
    const m = await startMeta(metaDir, metaPrivatePem);
    const result = await measure(m, metaPublicPem, metaWorkloads);
    await stop(m);
    metaNote = `its log file grew to ${(readFileSync(join(metaDir, 'server.log')).length / 2 ** 20).toFixed(0)} MiB`;
    rmSync(metaDir, { recursive: true, force: true });
    return result;
  });
  await run('c', async () => {
    const c = await startTarget(['--serve-baseline', dataDir], false);
    const result = await measure(c, metaPublicPem, flowlineWorkloads);
    await stop(c);
    return result;
  });
  await run('e', async () => {
    const e = await startTarget(['--serve-floor', dataDir], true);
    const result = await measure(e, publicPem, flowlineWorkloads, 'e');
    await stop(e);
    return result;
  });
  await run('b', async () => {
    const b = await startTarget(['--serve-flowline', String(cores), dataDir, ''], false);
    const result = await measure(b, publicPem, flowlineWorkloads);
    await stop(b);
    return result;
  });
  rmSync(dataDir, { recursive: true, force: true });
  process.stdout.write(report({ cores, cryptoThreads, rsa, rsaBeside, results, metaNote, loadBefore, loadAfter: loadavg() }));
}

type RsaRate = { readonly rate: number; readonly cpuRate: number };

const f0 = (n: number) => Math.round(n).toLocaleString('en-US');
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

/** Requests per second of server CPU time in a phase (all its threads and processes). */
function perCpuSecond(phase: Phase): number | undefined {
  return phase.cpu === undefined ? undefined : 1000 / phase.cpu.serverMsPerRequest;
}

function report(r: { cores: number; cryptoThreads: number; rsa: readonly RsaRate[]; rsaBeside: Partial<Record<TargetKey, number>>; results: Partial<Record<TargetKey, TargetResult>>; metaNote: string; loadBefore: number[]; loadAfter: number[] }): string {
  const rsaCpu = r.rsa.reduce((sum, x) => sum + x.cpuRate, 0) / r.rsa.length;
  const rsaOf = (key: TargetKey) => r.rsaBeside[key] ?? rsaCpu;
  const rsaWall = r.rsa.reduce((sum, x) => sum + x.rate, 0) / r.rsa.length;
  const names: Record<TargetKey, string> = {
    a0: '(a0) Flowline, 1 worker, RSA on the request thread',
    a: `(a) Flowline, 1 worker, default config (${r.cryptoThreads} crypto threads)`,
    m: "(m) Meta's reference endpoint, as written (Express, PEM parsed per request, console.log of each request and answer)",
    c: '(c) stand-in for it: Express + PEM per request, no logging, no signature check',
    e: '(e) floor: bare node:http + signature, crypto and JSON only',
    b: `(b) Flowline, ${r.cores} workers`,
  };
  const shortNames: Record<TargetKey, string> = {
    a0: '(a0) Flowline, 1 worker, no crypto threads',
    a: `(a) Flowline, 1 worker, ${r.cryptoThreads} crypto threads`,
    m: "(m) Meta's reference, as written",
    c: '(c) stand-in for it',
    e: '(e) floor',
    b: `(b) Flowline, ${r.cores} workers`,
  };
  const checks = (t: ActionResult) => {
    const phases = [...t.closed.map((c) => c.result), t.paced.result];
    const checked = phases.reduce((sum, p) => sum + p.checked, 0);
    const wrong = phases.reduce((sum, p) => sum + p.wrong, 0);
    const errors = phases.reduce((sum, p) => sum + p.errors, 0);
    return `${f0(checked)} / ${wrong} / ${errors}`;
  };
  const mark = (ok: boolean) => (ok ? 'met' : '**NOT met**');
  const lines: string[] = [
    '## Data endpoint: requests per server CPU-second (headline)',
    '',
    '`npm run bench:endpoint` (runs `node --conditions=source --import tsx apps/server/src/endpoint.bench.ts`)',
    '',
    `Every data endpoint request costs one RSA-2048 OAEP-SHA256 private decryption: on one core that rate is the ceiling. The headline divides requests per second of **server CPU time** (user + system of every thread and process of the server, from /proc, during the peak closed loop) by RSA decrypts per CPU second of one thread, measured in its own process right before and right after each server (${r.rsa.length} times in this run: ${r.rsa.map((x) => f0(x.cpuRate)).join(', ')}); each server is divided by the mean of the two beside it. Extra threads or cores buy nothing in this figure. Loopback; the load generator (this process, raw keep-alive sockets, requests encrypted and signed with X-Hub-Signature-256 beforehand, 256 different requests, no pipelining) runs closed loops of ${CLOSED_MS / 1000} s at ${CONCURRENCIES.join(' and ')} connections after a ${WARMUP_MS / 1000} s warm-up; the faster is the peak. It decrypts one answer in eight in every phase and compares it with the answer it must be; a wrong answer counts as an error, not a request served. Requests: an encrypted \`ping\`, and a \`data_exchange\` from screen TOPIC of the seeded \`support-triage\` Flow (its declarative handler builds DETAILS from the request and a static data source; the answer is checked against the Flow's data model; session, trace row and \`screen_reached\` event written behind), 256 flow tokens. Meta's reference answers its own example Flow (ping; data_exchange from MY_SCREEN to SUCCESS); the stand-in and the floor answer fixed replies. Flowline and Meta's reference check the request signature (app secret set).`,
    '',
  ];
  const keys: TargetKey[] = ['a0', 'a', 'm', 'c', 'e'];
  for (const action of ACTIONS) {
    const metaRate = r.results.m === undefined ? undefined : perCpuSecond(r.results.m[action].peak);
    lines.push(`### ${action}`, '', '| server (one process) | peak req/s (connections) | server CPU, cores | req per server CPU-second | RSA decrypts per CPU-second beside it | ÷ RSA decrypts per CPU-second | ÷ Meta\'s reference | answers checked / wrong / errors |', '|---|---|---|---|---|---|---|---|');
    for (const key of keys) {
      const t = r.results[key]?.[action];
      if (t === undefined) continue;
      const rate = perCpuSecond(t.peak);
      lines.push(`| ${names[key]} | ${f0(t.peak.result.rps)} (${t.peak.concurrency}) | ${t.peak.cpu === undefined ? 'n/a' : f2(t.peak.cpu.server)} | ${rate === undefined ? 'n/a' : `**${f0(rate)}**`} | ${f0(rsaOf(key))} | ${rate === undefined ? 'n/a' : `**${f2(rate / rsaOf(key))}**`} | ${rate === undefined || metaRate === undefined ? 'n/a' : f2(rate / metaRate)} | ${checks(t)} |`);
    }
    lines.push('');
  }
  lines.push('Targets (issue 19), for one worker, with and without crypto threads:', '', '| target | figure | result |', '|---|---|---|');
  for (const key of ['a0', 'a'] as const) {
    for (const action of ACTIONS) {
      const t = r.results[key]?.[action];
      if (t === undefined) continue;
      const rate = perCpuSecond(t.peak);
      const metaRate = r.results.m === undefined ? undefined : perCpuSecond(r.results.m[action].peak);
      if (rate === undefined) continue;
      lines.push(`| (${key}) ${action}: ≥ 0.85 × RSA decrypts per CPU-second | ${f2(rate / rsaOf(key))} × | ${mark(rate / rsaOf(key) >= 0.85)} |`);
      if (metaRate !== undefined) lines.push(`| (${key}) ${action}: ≥ 4 × Meta's reference as written, per CPU-second | ${f2(rate / metaRate)} × | ${mark(rate / metaRate >= 4)} |`);
    }
  }
  const e = r.results.e;
  if (e !== undefined) {
    lines.push(`| (e) the floor, for scale: what Node's HTTP leaves of the RSA rate | ${ACTIONS.map((action) => { const rate = perCpuSecond(e[action].peak); return rate === undefined ? 'n/a' : `${action} ${f2(rate / rsaOf('e'))} ×`; }).join(', ')} | reported only |`);
  }
  lines.push('', '### Latency at 80 % of the peak (one worker)', '', `Paced open loop for ${PACED_MS / 1000} s at 80 % of each target's peak (latency from each request's scheduled send time, so queueing counts); event-loop delay of the server's main thread in that phase from \`perf_hooks.monitorEventLoopDelay\` (resolution 1 ms): its p99 and its longest stall.`, '', '| server | action | 80 % req/s | p50 / p90 / p99 ms | event-loop delay p99 / max ms | p99 ≤ 25 ms | no stall > 20 ms |', '|---|---|---|---|---|---|---|');
  for (const key of ['a0', 'a', 'e'] as const) {
    for (const action of ACTIONS) {
      const t = r.results[key]?.[action];
      if (t === undefined) continue;
      const p = t.paced.result;
      const d = t.pacedLoopDelay;
      lines.push(`| ${shortNames[key]} | ${action} | ${f0(p.rps)} | ${f1(p.p50)} / ${f1(p.p90)} / ${f1(p.p99)} | ${d === undefined ? 'n/a' : `${f1(d.p99)} / ${f1(d.max)}`} | ${key === 'e' ? 'reported only' : mark(p.p99 <= 25)} | ${key === 'e' || d === undefined ? 'reported only' : mark(d.max <= 20)} |`);
    }
  }
  lines.push('', `### Secondary: wall-clock throughput using several cores`, '', `Not comparable with one core's RSA rate: these servers use up to ${r.cores} cores (the load generator shares them). (d) is one thread's RSA rate per wall second, mean of this run: ${f0(rsaWall)}/s.`, '', '| server | action | req/s at 16 / 64 connections | peak req/s | ÷ (d), one core\'s RSA rate | server CPU, cores (of it the main thread) | peak p50 / p99 ms |', '|---|---|---|---|---|---|---|');
  for (const key of ['a', 'b', 'a0', 'm', 'e'] as const) {
    for (const action of ACTIONS) {
      const t = r.results[key]?.[action];
      if (t === undefined) continue;
      const cpu = t.peak.cpu;
      lines.push(`| ${shortNames[key]} | ${action} | ${t.closed.map((c) => f0(c.result.rps)).join(' / ')} | ${f0(t.peak.result.rps)} | ${f2(t.peak.result.rps / rsaWall)} | ${cpu === undefined ? 'n/a' : `${f2(cpu.server)} (${cpu.serverMainThread === undefined ? 'n/a' : f2(cpu.serverMainThread)})`} | ${f1(t.peak.result.p50)} / ${f1(t.peak.result.p99)} |`);
    }
  }
  const rest = Object.values(r.results).flatMap((t) => (t === undefined ? [] : ACTIONS.map((action) => t[action].peak.cpu?.rest ?? 0)));
  lines.push(
    '',
    `Machine: ${r.cores} cores shared by the servers, the generator and anything else running. Load average (1, 5, 15 min) at start ${r.loadBefore.map(f2).join(', ')}, at end ${r.loadAfter.map(f2).join(', ')}; CPU taken by other work during the peaks: up to ${f2(Math.max(0, ...rest))} cores. Figures taken while other work runs are noisy; the ratios are measured in one run. Meta's reference: ${r.metaNote || 'not run'}.`,
    '',
  );
  return `${lines.join('\n')}\n`;
}

// Last, once every constant above is initialised: this file is both the bench and its server children.
const role = process.argv[2];
if (role === '--serve-flowline') await serveFlowline(Number(process.argv[3]), process.argv[4] ?? '', process.argv[5]);
else if (role === '--serve-baseline') await serveBaseline(process.argv[3] ?? '');
else if (role === '--serve-floor') serveFloor(process.argv[3] ?? '');
else if (role === '--rsa') process.send?.({ kind: 'rsa', ...rsaDecryptRate(process.argv[3] ?? '') } satisfies ChildMessage);
else await main();
