// Benchmark: validateFlow on every corpus document, as a ratio to JSON.parse of the same text.
// Run: node --conditions=source --import tsx packages/core/src/validator/validate-flow.bench.ts
import { performance } from 'node:perf_hooks';
import { readCorpus } from './test-support/corpus.js';
import { validateFlow } from './validate-flow.js';

const SMALL = 20_000;
const LARGE_FILE = 'metadocs-usecase__health_insurance_quote.json';

/** Median time in ms of `fn` over repeated batches sized to take about 20 ms. */
function measure(fn: () => void): number {
  const start = performance.now();
  let iterations = 0;
  while (performance.now() - start < 20) {
    fn();
    iterations += 1;
  }
  const batch = Math.max(1, iterations);
  const samples: number[] = [];
  for (let s = 0; s < 15; s += 1) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i += 1) fn();
    samples.push((performance.now() - t0) / batch);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? 0;
}

const docs = readCorpus('flows');
const rows: string[] = [];
let worstSmall = 0;
let worstSmallFile = '';
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
  const ratio = validate / parse;
  if (text.length < SMALL && validate > worstSmall) {
    worstSmall = validate;
    worstSmallFile = file;
  }
  if (file === LARGE_FILE) {
    largeRatio = ratio;
    largeMs = validate;
  }
  rows.push(`| ${file} | ${(text.length / 1024).toFixed(1)} | ${parse.toFixed(4)} | ${validate.toFixed(4)} | ${ratio.toFixed(2)} |`);
}
if (sink === -1) console.log('unreachable');

const lines = [
  '## Validator: validateFlow vs JSON.parse',
  '',
  'Command: `node --conditions=source --import tsx packages/core/src/validator/validate-flow.bench.ts`',
  '',
  'Median per-call times over repeated batches, measured in the same run (the machine is noisy: ratios matter).',
  '',
  '| target | figure | met |',
  '|---|---|---|',
  `| 2.7 MB document ≤ 3× JSON.parse | ${largeRatio.toFixed(2)}× (${largeMs.toFixed(2)} ms) | ${largeRatio <= 3 ? 'yes' : 'no'} |`,
  `| each document < 20 KB ≤ 1 ms | worst ${worstSmall.toFixed(3)} ms (${worstSmallFile}) | ${worstSmall <= 1 ? 'yes' : 'no'} |`,
  '',
  '| document | KB | JSON.parse ms | validateFlow ms | ratio |',
  '|---|---|---|---|---|',
  ...rows,
  '',
];
console.log(lines.join('\n'));
