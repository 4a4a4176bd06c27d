#!/usr/bin/env node
// Runs the benchmarks (*.bench.ts) and writes their Markdown sections into docs/benchmarks.md.
// Usage: node scripts/run-bench.mjs [substring filter…]
// Each bench prints one Markdown section to stdout. Sections of benches not run this time are kept,
// so `npm run bench:endpoint` refreshes only its own figures. A bench whose section marker
// (`<!-- bench:<path> -->`) sits in another docs/*.md file (docs/security.md) is written there instead.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filters = process.argv.slice(2);
const outFile = join(root, 'docs', 'benchmarks.md');

function collect(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) collect(full, out);
    else if (entry.endsWith('.bench.ts')) out.push(relative(root, full));
  }
  return out;
}

const benches = [...collect(join(root, 'packages')), ...collect(join(root, 'apps'))]
  .sort()
  .filter((b) => filters.length === 0 || filters.some((f) => b.includes(f)));
if (benches.length === 0) {
  console.error('no benchmarks matched', filters.join(' '));
  process.exit(2);
}

const SECTION = /<!-- bench:(\S+) -->\n([\s\S]*?)<!-- \/bench -->/g;
const existing = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
const sections = new Map();
for (const m of existing.matchAll(SECTION)) sections.set(m[1], m[2]);
// Benches whose section lives in another doc: bench path → that doc.
const elsewhere = new Map();
for (const doc of readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md') && name !== 'benchmarks.md')) {
  for (const m of readFileSync(join(root, 'docs', doc), 'utf8').matchAll(SECTION)) elsewhere.set(m[1], join(root, 'docs', doc));
}

let failed = 0;
let ranForBenchmarksMd = false;
for (const bench of benches) {
  console.error(`== ${bench}`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', bench], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, FLOWLINE_REPO_ROOT: root, NODE_ENV: 'production' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    failed++;
    console.error(`   failed with exit ${r.status}`);
    continue;
  }
  process.stdout.write(r.stdout);
  const stamp = `_Run ${new Date().toISOString()} in ${((Date.now() - started) / 1000).toFixed(1)} s: \`node --conditions=source --import tsx ${bench}\`_\n`;
  const section = `${r.stdout.trim()}\n\n${stamp}\n`;
  const doc = elsewhere.get(bench);
  if (doc === undefined) {
    sections.set(bench, section);
    ranForBenchmarksMd = true;
    continue;
  }
  const text = readFileSync(doc, 'utf8');
  writeFileSync(doc, text.replace(SECTION, (whole, name) => (name === bench ? `<!-- bench:${name} -->\n${section}<!-- /bench -->` : whole)));
  console.error(`wrote ${relative(root, doc)}`);
}

const cpu = cpus();
const header = [
  '# Benchmarks',
  '',
  'Figures from `npm run bench` (all) or `npm run bench -- <filter>`; each section names the command that',
  'reproduces it. Comparisons are ratios measured in the same run (ours vs a baseline on the same machine),',
  'since the machines here are noisy.',
  '',
  `Machine of the last run: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()} ${release()}, Node ${process.version}.`,
  '',
].join('\n');
// Hand-written notes between the header and the first section (a before/after comparison) are kept as they are.
const firstSection = existing.indexOf('<!-- bench:');
const preamble = firstSection < 0 ? '' : existing.slice(0, firstSection);
const machineLine = preamble.search(/^Machine of the last run: .*$/m);
const notes = machineLine < 0 ? '' : preamble.slice(machineLine).replace(/^Machine of the last run: .*\n/, '').trim();
const body = [...sections.entries()]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([name, text]) => `<!-- bench:${name} -->\n${text}<!-- /bench -->\n`)
  .join('\n');
// Only when one of its benches ran: its header names the machine of the last run.
if (ranForBenchmarksMd) {
  writeFileSync(outFile, `${header}\n${notes === '' ? '' : `${notes}\n\n`}${body}`);
  console.error(`wrote ${relative(root, outFile)}`);
}
process.exit(failed > 0 ? 1 : 0);
