import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { SCENARIO_SUFFIXES } from '../scenario/parse-scenario-text.js';
import { globToRegExp, isGlob } from './glob-to-regexp.js';

/** Scenario files found for `flowline test`, or the first argument that matched nothing. */
export type CollectScenariosResult = { ok: true; files: string[] } | { ok: false; missing: string };


async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(path, out);
    else if (entry.isFile()) out.push(path);
  }
}

/** The folder a glob is rooted at: its leading segments without wildcards. */
function globBase(pattern: string): string {
  const segments = pattern.split('/');
  const fixed: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (isGlob(segment)) break;
    fixed.push(segment);
  }
  return fixed.join('/');
}

/**
 * Expands `flowline test` arguments to absolute paths: files as given, folders searched for
 * `*.scenario.json`, `*.scenario.yaml` and `*.scenario.yml`, globs (`*`, `**`, `?`) matched against
 * paths relative to `cwd`. No argument means every scenario file under `cwd`. Dot-folders and node_modules are skipped.
 */
export async function collectScenarioFiles(inputs: readonly string[], cwd: string): Promise<CollectScenariosResult> {
  const found = new Set<string>();
  const patterns = inputs.length === 0 ? ['.'] : inputs;
  for (const input of patterns) {
    if (isGlob(input)) {
      const normalized = input.split(sep).join('/');
      const base = globBase(normalized);
      const matcher = globToRegExp(normalized.replace(/^\.\//, ''));
      const all: string[] = [];
      await walk(resolve(cwd, base === '' ? '.' : base), all);
      const matched = all.filter((p) => matcher.test(relative(cwd, p).split(sep).join('/')));
      if (matched.length === 0) return { ok: false, missing: input };
      for (const p of matched) found.add(p);
      continue;
    }
    const path = resolve(cwd, input);
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) return { ok: false, missing: input };
    if (info.isDirectory()) {
      const all: string[] = [];
      await walk(path, all);
      for (const p of all) if (SCENARIO_SUFFIXES.some((suffix) => p.endsWith(suffix))) found.add(p);
    } else found.add(path);
  }
  return { ok: true, files: [...found].sort() };
}
