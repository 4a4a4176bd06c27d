// Benchmark: validateFlow on every corpus document, as a ratio to JSON.parse of the same text.
// Run: node --conditions=source --import tsx packages/core/src/validator/validate-flow.bench.ts
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { readCorpus } from './test-support/corpus.js';
import { validateFlow } from './validate-flow.js';

const SMALL = 20_000;
const LARGE_FILE = 'metadocs-usecase__health_insurance_quote.json';

/** Medians in ms per call of `fn`: wall-clock and this process's CPU time (user + system). */
interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] ?? 0;
}

/**
 * Times `fn` over 21 batches sized to take about 10 ms each, after a warm-up of the same length.
 * CPU time is reported beside wall time because the machine is shared: other processes' load
 * inflates wall time but not the CPU time this process spends.
 */
function measure(fn: () => void): Timing {
  const start = performance.now();
  let iterations = 0;
  while (performance.now() - start < 10) {
    fn();
    iterations += 1;
  }
  const batch = Math.max(1, iterations);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let s = 0; s < 21; s += 1) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < batch; i += 1) fn();
    const elapsed = performance.now() - t0;
    const used = process.cpuUsage(c0);
    wall.push(elapsed / batch);
    cpu.push((used.user + used.system) / 1000 / batch);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

const docs = readCorpus('flows');
const rows: string[] = [];
let worstSmall = 0;
let worstSmallFile = '';
let worstSmallWall = 0;
let largeRatio = 0;
let largeMs = 0;
let sink = 0;
for (const { file, text } of docs) {
  const parse = measure(() => {
    sink += JSON.parse(text) === null ? 0 : 1;
  });
  const validate = measure(() => {
    sink += validateFlow(text).valid ? 1 : 0;
  });
  const ratio = validate.cpu / parse.cpu;
  if (text.length < SMALL && validate.cpu > worstSmall) {
    worstSmall = validate.cpu;
    worstSmallWall = validate.wall;
    worstSmallFile = file;
  }
  if (file === LARGE_FILE) {
    largeRatio = ratio;
    largeMs = validate.cpu;
  }
  rows.push(
    `| ${file} | ${(text.length / 1024).toFixed(1)} | ${parse.cpu.toFixed(4)} | ${validate.cpu.toFixed(4)} | ${validate.wall.toFixed(4)} | ${ratio.toFixed(2)} |`,
  );
}
if (sink === -1) console.log('unreachable');

const lines = [
  '## Validator: validateFlow vs JSON.parse',
  '',
  'Command: `node --conditions=source --import tsx packages/core/src/validator/validate-flow.bench.ts`',
  '',
  `Median per-call times over 21 batches after warm-up, measured in the same run; CPU time of this process (wall time beside it: the machine is shared, load average ${os.loadavg()[0]?.toFixed(1) ?? '?'} on ${os.cpus().length} cores at the end of the run). Ratios use CPU time.`,
  '',
  '| target | figure | met |',
  '|---|---|---|',
  `| 2.7 MB document ≤ 3× JSON.parse | ${largeRatio.toFixed(2)}× (${largeMs.toFixed(2)} ms CPU) | ${largeRatio <= 3 ? 'yes' : 'no'} |`,
  `| each document < 20 KB ≤ 1 ms | worst ${worstSmall.toFixed(3)} ms CPU, ${worstSmallWall.toFixed(3)} ms wall (${worstSmallFile}) | ${worstSmall <= 1 ? 'yes' : 'no'} |`,
  '',
  '| document | KB | JSON.parse ms (CPU) | validateFlow ms (CPU) | validateFlow ms (wall) | ratio (CPU) |',
  '|---|---|---|---|---|---|',
  ...rows,
  '',
];
console.log(lines.join('\n'));
