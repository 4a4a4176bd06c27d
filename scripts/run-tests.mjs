#!/usr/bin/env node
// Runs every *.test.ts under the given roots (default: all packages and apps) with Node's
// test runner. Sources are loaded directly through tsx and the "source" export condition,
// so tests never depend on a stale build.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith('--'));
const roots = filters.length > 0 ? filters.map((f) => resolve(f)) : ['packages', 'apps'].map((d) => join(repoRoot, d));

/** Collects test files under a directory, skipping build output and dependencies. */
function collect(dir, out) {
  if (!existsSync(dir)) return;
  if (statSync(dir).isFile()) {
    if (dir.endsWith('.test.ts')) out.push(dir);
    return;
  }
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) collect(full, out);
    else if (entry.endsWith('.test.ts') && !entry.endsWith('.browser.test.ts')) out.push(full);
  }
}

const files = [];
for (const root of roots) collect(root, files);
files.sort();
if (files.length === 0) {
  console.error('no test files found under', roots.map((r) => relative(repoRoot, r)).join(', '));
  process.exit(1);
}
// A test that never settles fails after TEST_TIMEOUT_MS instead of holding CI until its deadline, and
// --test-force-exit ends a test file once its tests are done even if a failed test left a server or
// a pool open (a failing assertion before a close() otherwise kept the file's process alive forever).
const TEST_TIMEOUT_MS = Number(process.env.FLOWLINE_TEST_TIMEOUT_MS ?? 600_000);
// Test files at once. Node's default is cores - 1 (one file at a time on a 2-core machine), but most files
// wait on servers, child processes and PostgreSQL rather than compute (docs/deploy.md, "CI").
const CONCURRENCY = Number(process.env.FLOWLINE_TEST_CONCURRENCY ?? 3);
const result = spawnSync(
  process.execPath,
  ['--conditions=source', '--import', 'tsx', '--test', '--test-reporter=spec', `--test-timeout=${TEST_TIMEOUT_MS}`, `--test-concurrency=${CONCURRENCY}`, '--test-force-exit', ...files],
  { stdio: 'inherit', cwd: repoRoot, env: { ...process.env, FLOWLINE_REPO_ROOT: repoRoot } },
);
process.exit(result.status ?? 1);
