// Benchmark: the schema rules' share of validation, per corpus document, as a ratio to JSON.parse.
// Run: node --conditions=source --import tsx packages/core/src/validator/schema/schema-rules.bench.ts
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { isFlowJsonVersion } from '../../model/index.js';
import { schemaRules } from './index.js';

const corpus = path.join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus', 'flows');
const LARGE_FILE = 'metadocs-usecase__health_insurance_quote.json';

/** Median time in ms of `fn` over 15 batches sized to take about 20 ms each. */
function measure(fn: () => void): number {
  const start = performance.now();
  let batch = 0;
  while (performance.now() - start < 20) {
    fn();
    batch += 1;
  }
  const samples: number[] = [];
  for (let s = 0; s < 15; s += 1) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i += 1) fn();
    samples.push((performance.now() - t0) / batch);
  }
  samples.sort((a, b) => a - b);
  return samples[7] ?? 0;
}

let problems = 0;
let worstSmall = 0;
let worstFile = '';
let large = { parse: 0, schema: 0 };
const rows: string[] = [];
for (const file of readdirSync(corpus).filter((f) => f.endsWith('.json')).sort()) {
  const text = readFileSync(path.join(corpus, file), 'utf8');
  const doc: unknown = JSON.parse(text);
  const raw = (doc as { version?: unknown }).version;
  const version = typeof raw === 'string' && isFlowJsonVersion(raw) ? raw : undefined;
  const parse = measure(() => void JSON.parse(text));
  const schema = measure(() => {
    for (const rule of schemaRules) rule({ doc, version, report: () => (problems += 1) });
  });
  if (file === LARGE_FILE) large = { parse, schema };
  if (text.length < 20_000 && schema > worstSmall) [worstSmall, worstFile] = [schema, file];
  rows.push(`| ${file} | ${(text.length / 1024).toFixed(1)} | ${parse.toFixed(4)} | ${schema.toFixed(4)} | ${(schema / parse).toFixed(2)} |`);
}

const largeRatio = large.schema / large.parse;
console.log(
  [
    '## Schema rules: one registry walk vs JSON.parse',
    '',
    'Command: `node --conditions=source --import tsx packages/core/src/validator/schema/schema-rules.bench.ts`',
    '',
    'The schema rules alone on an already parsed document (their share of `validateFlow`), median per call, same run.',
    '',
    '| target | figure | met |',
    '|---|---|---|',
    `| 2.7 MB document ≤ 0.5× JSON.parse (leaves the rest of the 3× budget to the other rules) | ${largeRatio.toFixed(2)}× (${large.schema.toFixed(2)} ms) | ${largeRatio <= 0.5 ? 'yes' : 'no'} |`,
    `| each document < 20 KB ≤ 0.3 ms | worst ${worstSmall.toFixed(3)} ms (${worstFile}) | ${worstSmall <= 0.3 ? 'yes' : 'no'} |`,
    `| no problem on the valid corpus | ${problems} reported | ${problems === 0 ? 'yes' : 'no'} |`,
    '',
    '| document | KB | JSON.parse ms | schema rules ms | ratio |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n'),
);
