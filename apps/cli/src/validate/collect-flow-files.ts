import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** A file to validate: the path as shown to the user and its absolute path. */
export interface FlowFile {
  readonly display: string;
  readonly path: string;
}

/** The files found, or the first input that does not exist. */
export type CollectResult = { ok: true; files: FlowFile[] } | { ok: false; missing: string };

/** Whether a `.json` file found while walking a folder is a Flow to validate (scenarios and corpus expectations are not). */
export function isFlowFileName(name: string): boolean {
  return name.endsWith('.json') && !name.endsWith('.scenario.json') && name !== 'expected.json';
}

async function walk(dir: string, display: string, out: FlowFile[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    const shown = join(display, entry.name);
    if (entry.isDirectory()) await walk(path, shown, out);
    else if (entry.isFile() && isFlowFileName(entry.name)) out.push({ display: shown, path });
  }
}

/**
 * Expands the command-line inputs: files are taken as given (whatever their name), folders are
 * searched recursively for `*.json`, skipping `*.scenario.json`, `expected.json`, dot-folders and node_modules.
 */
export async function collectFlowFiles(inputs: readonly string[], cwd: string): Promise<CollectResult> {
  const files: FlowFile[] = [];
  for (const input of inputs) {
    const path = resolve(cwd, input);
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) return { ok: false, missing: input };
    if (info.isDirectory()) await walk(path, input, files);
    else files.push({ display: input, path });
  }
  return { ok: true, files };
}
