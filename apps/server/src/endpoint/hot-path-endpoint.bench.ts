// In-process hot-path benchmark: the endpoint's whole request handling (handleEndpointRequest on the
// real storage-backed runtime of createServer) against RSA-OAEP unwrapping alone, in the same process
// and interleaved, so machine load hits both alike. No HTTP: this is the ceiling the listener can reach.
// Run: node --conditions=source --import tsx apps/server/src/endpoint/hot-path-endpoint.bench.ts
import { constants, createPrivateKey, privateDecrypt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { encryptRequest } from '@flowline/protocol';
import { parseServerConfig } from '../config/parse-server-config.js';
import { createServer } from '../create-server.js';
import { createMemoryTraceSink } from './trace/trace-record.js';
import { handleEndpointRequest } from './handle-endpoint-request.js';
import { silentLogger } from '../logging/logger.js';

const ROUNDS = 7;
const PER_ROUND = 400;
const TOKENS = 256;

interface Rate { readonly wallPerSec: number; readonly cpuPerSec: number }

/** Runs `work` `count` times; rates per wall second and per CPU second (all threads of the process). */
async function rate(count: number, work: (i: number) => unknown): Promise<Rate> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < count; i++) await work(i);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallPerSec: (count / wall) * 1000, cpuPerSec: count / ((cpu.user + cpu.system) / 1e6) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

const dataDir = mkdtempSync(join(tmpdir(), 'flowline-hot-path-'));
const parsed = parseServerConfig({ FLOWLINE_DATA_DIR: dataDir, FLOWLINE_KEY_PASSPHRASE: 'bench-pass', FLOWLINE_WORKER: 'off', FLOWLINE_CRYPTO_THREADS: '0' });
if (!parsed.ok) throw new Error(parsed.errors.join('; '));
const server = await createServer(parsed.config, silentLogger);
const runtime = server.runtime;
const key = createPrivateKey({ key: readFileSync(join(dataDir, 'keys', 'private.pem'), 'utf8'), passphrase: 'bench-pass' });
const encrypt = (payload: unknown) => Buffer.from(JSON.stringify(encryptRequest(payload, server.publicKeyPem).envelope));
// data_exchange of the seeded support-triage Flow (declarative handler, static data source), and encrypted pings.
const bodies = Array.from({ length: TOKENS }, (_, i) => encrypt({ version: '3.0', action: 'data_exchange', screen: 'TOPIC', flow_token: `hot-${i}`, data: { topic: `topic-${i % 8}` } }));
const pings = Array.from({ length: TOKENS }, () => encrypt({ version: '3.0', action: 'ping' }));
const wrapped = bodies.map((body) => Buffer.from((JSON.parse(body.toString()) as { encrypted_aes_key: string }).encrypted_aes_key, 'base64'));
// The same runtime with the trace kept in memory only: the difference is what durable trace rows and events cost.
const memoryTraceRuntime = { ...runtime, trace: createMemoryTraceSink() };
const handle = async (target: typeof runtime, body: Buffer) => {
  const answer = await handleEndpointRequest(target, 'support-triage', body, undefined);
  if (answer.status !== 200) throw new Error(`unexpected status ${answer.status}: ${answer.body}`);
};
const endpoint = (i: number) => handle(runtime, bodies[i % TOKENS] ?? Buffer.alloc(0));
const ping = (i: number) => handle(runtime, pings[i % TOKENS] ?? Buffer.alloc(0));
const endpointMemoryTrace = (i: number) => handle(memoryTraceRuntime, bodies[i % TOKENS] ?? Buffer.alloc(0));
const rsa = (i: number) => privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, wrapped[i % TOKENS] ?? Buffer.alloc(0));

const loadBefore = loadavg()[0] ?? 0;
// Warm-up: every token gets its session (first sight reads storage once), JIT settles.
await rate(TOKENS * 2, endpoint);
await rate(PER_ROUND, rsa);
const wallRatios: number[] = [];
const cpuRatios: number[] = [];
const memoryCpuRatios: number[] = [];
const pingCpuRatios: number[] = [];
const endpointRates: number[] = [];
const rsaRates: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const r = await rate(PER_ROUND, rsa);
  const e = await rate(PER_ROUND, endpoint);
  rsaRates.push(r.wallPerSec);
  endpointRates.push(e.wallPerSec);
  wallRatios.push(e.wallPerSec / r.wallPerSec);
  cpuRatios.push(e.cpuPerSec / r.cpuPerSec);
  // Let the write-behind thread commit what this round buffered before the next measurement.
  await runtime.trace.flush();
  const m = await rate(PER_ROUND, endpointMemoryTrace);
  memoryCpuRatios.push(m.cpuPerSec / r.cpuPerSec);
  const p = await rate(PER_ROUND, ping);
  pingCpuRatios.push(p.cpuPerSec / r.cpuPerSec);
}
await server.close();
rmSync(dataDir, { recursive: true, force: true });
const loadAfter = loadavg()[0] ?? 0;

const f = (n: number) => n.toFixed(0);
const lines = [
  '## Data endpoint hot path (in process, no HTTP)',
  '',
  '`node --conditions=source --import tsx apps/server/src/endpoint/hot-path-endpoint.bench.ts`',
  '',
  `\`handleEndpointRequest\` on the storage-backed runtime of \`createServer\` (SQLite, write-behind thread, ${TOKENS} known flow tokens, seeded \`lead-qualification\` data_exchange) against RSA-OAEP-SHA256 unwrapping alone, interleaved in ${ROUNDS} rounds of ${PER_ROUND}; medians. CPU rates count every thread of the process (the write-behind thread included).`,
  '',
  '| measure | endpoint req/s | RSA decrypts/s | endpoint ÷ RSA |',
  '|---|---|---|---|',
  `| data_exchange, wall clock | ${f(median(endpointRates))} | ${f(median(rsaRates))} | ${median(wallRatios).toFixed(3)} |`,
  `| data_exchange, CPU time (all threads) | | | ${median(cpuRatios).toFixed(3)} |`,
  `| ping, CPU time (all threads) | | | ${median(pingCpuRatios).toFixed(3)} |`,
  `| data_exchange, CPU time, trace in memory only (no trace rows or events written) | | | ${median(memoryCpuRatios).toFixed(3)} |`,
  '',
  `Reported, no target: 1.00 would mean the endpoint costs nothing besides RSA; AES-GCM both ways and JSON, which any endpoint needs, already cost a few per cent. Over HTTP, compare (a) with the floor (e) in the load benchmark. Load average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after.`,
  '',
];
process.stdout.write(`${lines.join('\n')}\n`);
