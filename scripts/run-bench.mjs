#!/usr/bin/env node
// Runs the benchmarks (*.bench.ts) and writes their Markdown sections into docs/benchmarks.md.
// Usage: node scripts/run-bench.mjs [substring filter…]
// Each bench prints one Markdown section to stdout. Sections of benches not run this time are kept,
// so `npm run bench:endpoint` refreshes only its own figures.
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

const existing = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
const sections = new Map();
for (const m of existing.matchAll(/<!-- bench:(\S+) -->\n([\s\S]*?)<!-- \/bench -->/g)) sections.set(m[1], m[2]);

let failed = 0;
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
  sections.set(bench, `${r.stdout.trim()}\n\n${stamp}\n`);
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
const body = [...sections.entries()]
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([name, text]) => `<!-- bench:${name} -->\n${text}<!-- /bench -->\n`)
  .join('\n');
writeFileSync(outFile, `${header}\n${body}`);
console.error(`wrote ${relative(root, outFile)}`);
process.exit(failed > 0 ? 1 : 0);
