#!/usr/bin/env node
// Summarises V8 CPU profiles (`node --cpu-prof`, *.cpuprofile) as the top frames by self time: the
// text form of a flame graph's widest leaves. Frames are grouped by function name and source position;
// paths are shortened to the part after node_modules/ or the repository root.
// Usage: node scripts/cpu-profile-top.mjs [--top N] [--markdown] [--inclusive name,name,…] <file.cpuprofile>...
// Several files are summed (e.g. the main thread and the worker threads of one server).
// --inclusive also prints the total (inclusive) time of the named functions: the share of busy
// samples with that function anywhere on the stack (a flame graph's width of that frame).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
if (args.length === 0 || args.includes('--help')) {
  console.log('Usage: node scripts/cpu-profile-top.mjs [--top N] [--markdown] [--inclusive name,name,…] <file.cpuprofile>...\nPrints the frames with the most self time (summed over the files), with their share of the busy samples.');
  process.exit(args.length === 0 ? 2 : 0);
}
let top = 20;
let markdown = false;
let inclusiveNames = [];
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--top') top = Number(args[++i]);
  else if (args[i] === '--inclusive') inclusiveNames = String(args[++i] ?? '').split(',').filter((name) => name !== '');
  else if (args[i] === '--markdown') markdown = true;
  else files.push(args[i]);
}
if (!Number.isInteger(top) || top <= 0) {
  console.error('--top takes a positive whole number');
  process.exit(2);
}

const self = new Map();
const inclusive = new Map(inclusiveNames.map((name) => [name, 0]));
let totalUs = 0;
for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  // Self time of a node: the sum of the time deltas of the samples that landed on it.
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const us = deltas[i + 1] ?? 0;
    // Idle time is not work: left out, so shares are of the time the thread was busy.
    if (node === undefined || node.callFrame.functionName === '(idle)') continue;
    totalUs += us;
    const key = frameName(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + us);
    if (inclusive.size === 0) continue;
    const onStack = new Set();
    for (let id = node.id; id !== undefined; id = parent.get(id)) {
      const name = byId.get(id)?.callFrame.functionName;
      if (name !== undefined && inclusive.has(name)) onStack.add(name);
    }
    for (const name of onStack) inclusive.set(name, inclusive.get(name) + us);
  }
}

function frameName(frame) {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  let url = frame.url.replace(/^file:\/\//, '');
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) url = url.slice(modules + 'node_modules/'.length);
  else if (url.startsWith(root)) url = url.slice(root.length);
  return `${name} ${url}:${frame.lineNumber + 1}`;
}

const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
const pct = (us) => ((us / Math.max(1, totalUs)) * 100).toFixed(1);
if (markdown) {
  console.log('| self % | self ms | frame |');
  console.log('|---:|---:|---|');
  for (const [name, us] of rows) console.log(`| ${pct(us)} | ${(us / 1000).toFixed(0)} | \`${name}\` |`);
} else {
  for (const [name, us] of rows) console.log(`${pct(us).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`);
}
if (inclusive.size > 0) {
  if (markdown) console.log('\n| inclusive % | inclusive ms | function (with everything it calls) |\n|---:|---:|---|');
  else console.log('-- inclusive');
  for (const [name, us] of inclusive) console.log(markdown ? `| ${pct(us)} | ${(us / 1000).toFixed(0)} | \`${name}\` |` : `${pct(us).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`);
}
console.log(`${markdown ? '\n' : ''}busy ${(totalUs / 1000).toFixed(0)} ms sampled (idle left out) over ${files.length} profile(s)`);
