#!/usr/bin/env node
// Enforces ARCHITECTURE.md's import rules: who may import whom.
// Scans every non-test source file of each package and app and fails on a forbidden import.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * For each workspace: the @flowline packages it may import, and whether Node built-ins
 * (I/O) and third-party packages are allowed in its non-test sources.
 */
const RULES = {
  'packages/core': { workspaces: [], nodeBuiltins: false, thirdParty: [] },
  'packages/api-contract': { workspaces: ['core'], nodeBuiltins: false, thirdParty: [] },
  'packages/protocol': { workspaces: ['core'], nodeBuiltins: true, thirdParty: null },
  'packages/storage': { workspaces: ['core'], nodeBuiltins: true, thirdParty: null, forbiddenThirdParty: ['hono', '@hono/node-server', 'undici'] },
  'apps/worker': { workspaces: ['core', 'protocol', 'storage'], nodeBuiltins: true, thirdParty: null, forbiddenThirdParty: ['hono', '@hono/node-server'] },
  'apps/server': { workspaces: ['api-contract', 'core', 'protocol', 'storage', 'worker'], nodeBuiltins: true, thirdParty: null },
  'apps/cli': { workspaces: ['api-contract', 'core', 'protocol', 'storage', 'server', 'worker'], nodeBuiltins: true, thirdParty: null },
  'apps/web': { workspaces: ['api-contract', 'core'], nodeBuiltins: false, thirdParty: null },
};

const importRe = /(?:^|\n)\s*(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

function sources(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (entry === 'test-support') continue;
      sources(full, out);
    } else if (/\.(ts|tsx)$/.test(entry) && !/\.(test|bench|browser\.test)\.tsx?$/.test(entry) && !entry.endsWith('.d.ts')) {
      out.push(full);
    }
  }
  return out;
}

const problems = [];
for (const [ws, rule] of Object.entries(RULES)) {
  for (const file of sources(join(root, ws, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(importRe)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (!spec || spec.startsWith('.')) continue;
      const where = relative(root, file);
      if (spec.startsWith('@flowline/')) {
        const target = spec.slice('@flowline/'.length).split('/')[0];
        if (!rule.workspaces.includes(target)) problems.push(`${where}: ${ws} may not import ${spec}`);
      } else if (spec.startsWith('node:') || ['fs', 'path', 'http', 'https', 'crypto', 'net', 'child_process', 'os', 'url'].includes(spec)) {
        if (!rule.nodeBuiltins) problems.push(`${where}: ${ws} must not use Node built-in ${spec} (no I/O here)`);
      } else {
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (rule.thirdParty && !rule.thirdParty.includes(pkg)) problems.push(`${where}: ${ws} may not depend on ${pkg}`);
        if (rule.forbiddenThirdParty?.includes(pkg)) problems.push(`${where}: ${ws} may not import ${pkg}`);
      }
    }
  }
}
// The server's three wings (ARCHITECTURE.md): the data endpoint stands alone, messaging may use the endpoint,
// admin may use both; what sits beside them at the top of src/ (config, http, logging, metrics, create-server)
// is shared or wires the wings together.
const SERVER_SRC = join(root, 'apps/server/src');
const WINGS = { endpoint: [], messaging: ['endpoint'], admin: ['endpoint', 'messaging'] };
const wingOf = (file) => {
  const first = relative(SERVER_SRC, file).split('/')[0];
  return Object.hasOwn(WINGS, first) && first !== relative(SERVER_SRC, file) ? first : undefined;
};
for (const file of sources(SERVER_SRC)) {
  const wing = wingOf(file);
  if (wing === undefined) continue;
  for (const m of readFileSync(file, 'utf8').matchAll(importRe)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec || !spec.startsWith('.')) continue;
    const target = wingOf(join(file, '..', spec));
    if (target !== undefined && target !== wing && !WINGS[wing].includes(target)) {
      problems.push(`${relative(root, file)}: the ${wing} wing may not import the ${target} wing (${spec})`);
    }
  }
}

if (problems.length > 0) {
  console.error(`import boundaries: ${problems.length} violation(s)`);
  for (const p of problems) console.error('  ' + p);
  process.exit(1);
}
console.log('import boundaries: ok');
