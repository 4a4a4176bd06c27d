// Benchmark: JSON with positions on the 2.7 MB corpus document, against JSON.parse of the same text.
// Run: node --conditions=source --import tsx packages/core/src/json/locate-pointer.bench.ts
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { locatePointer } from './locate-pointer.js';
import { parseJsonWithPositions } from './parse-json-with-positions.js';

const file = path.join(process.env.FLOWLINE_REPO_ROOT ?? process.cwd(), '..', 'shared', 'corpus', 'flows', 'metadocs-usecase__health_insurance_quote.json');
const text = readFileSync(file, 'utf8');
const doc: unknown = JSON.parse(text);
const screens = typeof doc === 'object' && doc !== null && 'screens' in doc && Array.isArray(doc.screens) ? doc.screens.length : 0;
const lastPointer = `/screens/${screens - 1}/layout/children/0`;
const ROUNDS = 9;
let sink = 0;

const now = (): bigint => process.hrtime.bigint();

/** Times each operation once per round, interleaved so machine noise falls on all alike. */
function round(): { parse: number; positions: number; locate: number; locate10: number } {
  const t0 = now();
  sink += JSON.stringify(JSON.parse(text)).length > 0 ? 1 : 0;
  const t1 = now();
  const parsed = parseJsonWithPositions(text);
  const t2 = now();
  sink += locatePointer(text, lastPointer)?.line ?? 0;
  const t3 = now();
  for (let i = 0; i < 10; i++) sink += locatePointer(text, `/screens/${i % screens}/id`)?.line ?? 0;
  const t4 = now();
  sink += parsed.ok ? 1 : 0;
  return { parse: Number(t1 - t0), positions: Number(t2 - t1), locate: Number(t3 - t2), locate10: Number(t4 - t3) };
}

/** JSON.parse alone (the baseline); the stringify above is excluded by timing it separately. */
function parseOnly(): number {
  const t0 = now();
  sink += JSON.parse(text) === null ? 0 : 1;
  return Number(now() - t0);
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

round();
const rounds = Array.from({ length: ROUNDS }, () => ({ ...round(), parse: parseOnly() }));
const base = median(rounds.map((r) => r.parse));
const ms = (ns: number): string => (ns / 1e6).toFixed(2);
const rows: [string, number][] = [
  ['`JSON.parse` (baseline)', base],
  ['`parseJsonWithPositions` (value + every node position)', median(rounds.map((r) => r.positions))],
  ['`locatePointer` of the last screen\'s first component', median(rounds.map((r) => r.locate))],
  ['`locatePointer` × 10 screen ids', median(rounds.map((r) => r.locate10))],
];
const locateRatio = (rows[2]?.[1] ?? 0) / base;

console.log(`## JSON with positions (2.7 MB document)

Command: \`node --conditions=source --import tsx packages/core/src/json/locate-pointer.bench.ts\`

Document: \`metadocs-usecase__health_insurance_quote.json\` (${(text.length / 1e6).toFixed(2)} M characters, ${screens} screens). Median of ${ROUNDS} interleaved rounds.

| operation | ms | × JSON.parse |
|---|---:|---:|
${rows.map(([name, ns]) => `| ${name} | ${ms(ns)} | ${(ns / base).toFixed(2)} |`).join('\n')}

Targets: the validator's fast path is \`JSON.parse\` + rules, positions only when problems exist;
locating one problem costs ≤ 1× \`JSON.parse\`: ${locateRatio <= 1 ? 'met' : 'not met'} (${locateRatio.toFixed(2)}×).
`);
if (sink < 0) console.log(sink);
