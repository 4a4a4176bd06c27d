import { spawn, type ChildProcess } from 'node:child_process';
import { createPublicKey, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decryptResponse } from '@flowline/protocol';
import { processTreeCpuMs } from '../../endpoint/test-support/process-cpu.js';
import { createHostileGenerator, hostileCategories, validEndpointRequest, type HostileRequest, type HostileSurface, type HostileTarget } from './hostile-requests.js';
import { RawLane } from './raw-exchange.js';
import { createSeededRandom } from './seeded-random.js';

const CHILD = fileURLToPath(new URL('./serve-child.ts', import.meta.url));

/**
 * The 5xx answers the docs promise, by surface; every other 5xx is a defect. The data endpoint's 500
 * when a handler fails with no screen to keep (docs/endpoint.md, status codes); the admin API's 503s
 * for a feature that is not available (docs/api.md, docs/channels.md).
 */
export function isDocumented5xx(surface: HostileSurface, status: number, body: string): boolean {
  if (surface === 'endpoint') return status === 500 && body === '{"error":"the endpoint could not answer"}';
  if (surface === 'admin') return status === 503 && /"code":"(PREVIEW_NOT_AVAILABLE|NOT_LISTENING|NOT_AVAILABLE|SANDBOX_NOT_AVAILABLE|CHANNEL_NOT_CONFIGURED)"/.test(body);
  return false;
}

/** Log events by which the server reports a dead process or thread (start-server, create-server, stores). */
export const DEATH_EVENTS = ['server.worker_exited', 'endpoint.crypto_thread_failed', 'storage.writer_thread_failed', 'storage.writer_thread_exited'] as const;

/** How a hostile run is set up. */
export interface HostileRunOptions {
  readonly requests: number;
  readonly seed: number;
  /** Keep-alive connections sending at once. */
  readonly concurrency: number;
  /** FLOWLINE_WORKERS and FLOWLINE_CRYPTO_THREADS of the server. */
  readonly workers: number;
  readonly cryptoThreads: number;
  /** Longest wait for one answer before the connection is dropped (a bound, not an assertion). */
  readonly answerDeadlineMs?: number;
  /** Progress lines (stderr in the long run). */
  readonly progress?: (line: string) => void;
}

/** Figures of one category. */
export interface CategoryFigures {
  readonly surface: HostileSurface;
  count: number;
  readonly statuses: Map<number, number>;
}

/** One answer that breaks a rule, kept for the failure message (bounded). */
export interface Offence {
  readonly category: string;
  readonly status: number;
  readonly detail: string;
}

/** Everything a hostile run measured. */
export interface HostileRunReport {
  readonly seed: number;
  readonly requests: number;
  readonly durationMs: number;
  readonly categories: ReadonlyMap<string, CategoryFigures>;
  readonly statuses: ReadonlyMap<number, number>;
  /** 5xx answers other than the documented ones (count, and the first few). */
  readonly undocumented5xx: number;
  /** Complete requests (not slowloris, not bodies the server may refuse mid-stream) that got no answer. */
  readonly unanswered: number;
  /** Connections refused: nothing was listening. */
  readonly refused: number;
  readonly offences: readonly Offence[];
  /** Death events the server logged, by event name. */
  readonly deathEvents: ReadonlyMap<string, number>;
  /** Other error-level events, by name (not deaths; reported for reading). */
  readonly errorEvents: ReadonlyMap<string, number>;
  /** The first error-level log lines (cut to 400 characters), to tell what went wrong. */
  readonly errorSamples: readonly string[];
  readonly primaryAlive: boolean;
  readonly workerPidsBefore: readonly number[];
  readonly workerPidsAfter: readonly number[];
  /** Resident memory of the server's process tree (KiB): before the run, after it, highest sampled. */
  readonly rssKib: { readonly before: number; readonly after: number; readonly peak: number };
  /** CPU time (ms) spent during the run by the server's process tree and by the generator (this process). */
  readonly cpuMs: { readonly server: number; readonly generator: number };
  /** The SQLite files (flowline.db, -wal, -shm) in bytes, before the run and after a graceful stop. */
  readonly dbBytes: { readonly before: number; readonly after: number };
  /** Valid signed requests after the run: each answered 200 and decrypted to the expected reply. */
  readonly finalChecks: readonly { readonly ok: boolean; readonly detail: string }[];
}

/**
 * Starts a real server process (SQLite in a fresh data dir, app secret, admin and verify tokens set),
 * sends `requests` generated hostile requests over keep-alive connections, checks that valid requests
 * are still answered correctly, stops the server gracefully and returns what it measured.
 */
export async function runHostile(options: HostileRunOptions): Promise<HostileRunReport> {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-hostile-'));
  const secrets = { appSecret: randomBytes(24).toString('hex'), adminToken: `hostile-admin-${randomBytes(24).toString('hex')}`, verifyToken: `verify-${randomBytes(12).toString('hex')}` };
  const bodyLimitBytes = 1024 * 1024;
  const server = await spawnServer(dataDir, options, secrets, bodyLimitBytes);
  try {
    const target: HostileTarget = { publicPem: createPublicKey(readFileSync(join(dataDir, 'keys', 'public.pem'), 'utf8')), ...secrets, bodyLimitBytes };
    const lanes = Array.from({ length: options.concurrency }, () => new RawLane(server.port, options.answerDeadlineMs ?? 20_000));
    const warmup = await finalChecks(lanes, target, 1000);
    if (!warmup.every((c) => c.ok)) throw new Error(`the server does not answer a valid request before the run: ${warmup.map((c) => c.detail).join('; ')}`);
    const workerPidsBefore = childPids(server.child.pid ?? 0);
    const before = { rss: treeRssKib(server.child.pid ?? 0), db: sqliteBytes(dataDir) };
    let peak = before.rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, treeRssKib(server.child.pid ?? 0));
    }, 100);
    const serverCpu0 = processTreeCpuMs(server.child.pid ?? 0) ?? 0;
    const generatorCpu0 = process.cpuUsage();
    const started = performance.now();
    const traffic = await sendHostile(lanes, createHostileGenerator(createSeededRandom(options.seed), target), options);
    const durationMs = performance.now() - started;
    clearInterval(sampler);
    const generatorCpu = process.cpuUsage(generatorCpu0);
    const cpuMs = { server: (processTreeCpuMs(server.child.pid ?? 0) ?? 0) - serverCpu0, generator: (generatorCpu.user + generatorCpu.system) / 1000 };
    const checks = await finalChecks(lanes, target, 2000);
    for (const lane of lanes) lane.close();
    const after = treeRssKib(server.child.pid ?? 0);
    const workerPidsAfter = childPids(server.child.pid ?? 0);
    const primaryAlive = server.child.exitCode === null && server.child.signalCode === null;
    await stopServer(server.child);
    return {
      seed: options.seed,
      requests: options.requests,
      durationMs,
      ...traffic,
      deathEvents: server.deathEvents,
      errorEvents: server.errorEvents,
      errorSamples: server.errorSamples,
      primaryAlive,
      workerPidsBefore,
      workerPidsAfter,
      cpuMs,
      rssKib: { before: before.rss, after, peak: Math.max(peak, after) },
      dbBytes: { before: before.db, after: sqliteBytes(dataDir) },
      finalChecks: checks,
    };
  } finally {
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface SpawnedServer {
  readonly child: ChildProcess;
  readonly port: number;
  readonly deathEvents: Map<string, number>;
  readonly errorEvents: Map<string, number>;
  readonly errorSamples: string[];
}

function spawnServer(dataDir: string, options: HostileRunOptions, secrets: { appSecret: string; adminToken: string; verifyToken: string }, bodyLimitBytes: number): Promise<SpawnedServer> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATABASE_URL: undefined,
    FLOWLINE_DATABASE_SCHEMA: undefined,
    PORT: '0',
    HOST: '127.0.0.1',
    FLOWLINE_DATA_DIR: dataDir,
    FLOWLINE_WORKERS: String(options.workers),
    FLOWLINE_CRYPTO_THREADS: String(options.cryptoThreads),
    FLOWLINE_APP_SECRET: secrets.appSecret,
    FLOWLINE_ADMIN_TOKEN: secrets.adminToken,
    FLOWLINE_WEBHOOK_VERIFY_TOKEN: secrets.verifyToken,
    FLOWLINE_KEY_PASSPHRASE: randomBytes(24).toString('hex'),
    FLOWLINE_BODY_LIMIT_BYTES: String(bodyLimitBytes),
  };
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CHILD], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const deathEvents = new Map<string, number>();
  const errorEvents = new Map<string, number>();
  const errorSamples: string[] = [];
  let partial = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    // A line may be large (a logged field); only its level and event are read.
    for (const line of lines) {
      const event = /"event":"([^"]+)"/.exec(line.slice(0, 200))?.[1];
      if (event === undefined) continue;
      const error = line.startsWith('{"time"') && line.slice(0, 80).includes('"level":"error"');
      if ((DEATH_EVENTS as readonly string[]).includes(event)) deathEvents.set(event, (deathEvents.get(event) ?? 0) + 1);
      else if (error) errorEvents.set(event, (errorEvents.get(event) ?? 0) + 1);
      if (error && errorSamples.length < 10) errorSamples.push(line.slice(0, 400));
    }
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (text: string) => {
      out += text;
      const line = out.split('\n').find((l) => l.startsWith('{"ready"'));
      if (line !== undefined) resolve({ child, port: (JSON.parse(line) as { port: number }).port, deathEvents, errorEvents, errorSamples });
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code} before listening`)));
    child.once('error', reject);
  });
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Sends the generated requests over the lanes, each lane one request at a time. */
async function sendHostile(lanes: readonly RawLane[], next: () => HostileRequest, options: HostileRunOptions): Promise<Pick<HostileRunReport, 'categories' | 'statuses' | 'undocumented5xx' | 'unanswered' | 'refused' | 'offences'>> {
  const categories = new Map<string, CategoryFigures>(hostileCategories().map((c) => [c.name, { surface: c.surface, count: 0, statuses: new Map() }]));
  const statuses = new Map<number, number>();
  const offences: Offence[] = [];
  let undocumented5xx = 0;
  let unanswered = 0;
  let refused = 0;
  let sent = 0;
  const step = Math.max(1, Math.floor(options.requests / 10));
  const lane = async (connection: RawLane): Promise<void> => {
    while (sent < options.requests) {
      sent++;
      if (sent % step === 0) options.progress?.(`${sent} / ${options.requests}`);
      const request = next();
      const answer = await connection.exchange(request);
      const figures = categories.get(request.category);
      if (figures !== undefined) {
        figures.count++;
        figures.statuses.set(answer.status, (figures.statuses.get(answer.status) ?? 0) + 1);
      }
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      if (answer.refused) refused++;
      const body = answer.body.toString('utf8', 0, Math.min(answer.body.length, 300));
      if (answer.status >= 500 && !isDocumented5xx(request.surface, answer.status, body)) {
        undocumented5xx++;
        if (offences.length < 30) offences.push({ category: request.category, status: answer.status, detail: `${firstLine(request.head)} → ${body}` });
      } else if (answer.status === 0 && request.mayDrop !== true && request.holdMs === undefined) {
        unanswered++;
        if (offences.length < 30) offences.push({ category: request.category, status: 0, detail: `${firstLine(request.head)} → ${answer.refused ? 'connection refused' : answer.timedOut ? 'no answer in time' : 'connection closed without an answer'}` });
      }
    }
  };
  await Promise.all(lanes.map(lane));
  return { categories, statuses, undocumented5xx, unanswered, refused, offences };
}

/** Valid signed requests (pings and a data_exchange) on several lanes: each must decrypt to its expected reply. */
async function finalChecks(lanes: readonly RawLane[], target: HostileTarget, from: number): Promise<{ ok: boolean; detail: string }[]> {
  const checks = lanes.slice(0, 4).map(async (lane, i) => {
    const results: { ok: boolean; detail: string }[] = [];
    for (const n of [from + i * 2, from + i * 2 + 1]) {
      const request = validEndpointRequest(target, n);
      const answer = await lane.exchange({ head: request.wire });
      let detail = `status ${answer.status}`;
      let ok = false;
      if (answer.status === 200) {
        try {
          const reply = decryptResponse(answer.body.toString('utf8'), request.aesKey, request.iv);
          ok = JSON.stringify(reply) === JSON.stringify(request.expected);
          detail = ok ? 'answered correctly' : `unexpected reply ${JSON.stringify(reply)}`;
        } catch (error) {
          detail = `answer does not decrypt: ${error instanceof Error ? error.message : String(error)}`;
        }
      }
      results.push({ ok, detail });
    }
    return results;
  });
  return (await Promise.all(checks)).flat();
}

function firstLine(bytes: Buffer): string {
  const end = bytes.indexOf('\r\n');
  const line = bytes.toString('latin1', 0, end === -1 ? Math.min(bytes.length, 120) : Math.min(end, 120));
  return line.replace(/[^\x20-\x7e]/g, '?');
}

/** The process ids of a process's children (the cluster workers of the server's primary). */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(name));
    } catch {
      // The process ended while we read /proc.
    }
  }
  return out.sort((a, b) => a - b);
}

/** VmRSS (KiB) of a process and its children, from /proc/<pid>/status; 0 for a process that is gone. */
export function treeRssKib(pid: number): number {
  return [pid, ...childPids(pid)].reduce((sum, p) => sum + rssKib(p), 0);
}

function rssKib(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? 0 : Number(match[1]);
  } catch {
    return 0;
  }
}

/** Bytes of the SQLite database with its WAL and shared-memory files. */
export function sqliteBytes(dataDir: string): number {
  return readdirSync(dataDir)
    .filter((name) => name.startsWith('flowline.db'))
    .reduce((sum, name) => sum + statSync(join(dataDir, name)).size, 0);
}
