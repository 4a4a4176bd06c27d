import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** A file to validate: the path as shown to the user and its absolute path. */
export interface FlowFile {
  readonly display: string;
  readonly path: string;
}

/** A `.json` file found in a folder that is not a Flow, and why. */
export interface SkippedFile {
  readonly display: string;
  readonly reason: string;
}

/** The files found (and those skipped), or the first input that does not exist. */
export type CollectResult = { ok: true; files: FlowFile[]; skipped: SkippedFile[] } | { ok: false; missing: string };

/** A file larger than this found in a folder is not opened to see whether it is a Flow (Meta's Flow JSON limit is 10 MB). */
const MAX_SNIFF_BYTES = 10 * 1024 * 1024;

/** Whether a `.json` name found while walking a folder may be a Flow (scenarios and corpus expectations are not). */
export function isFlowFileName(name: string): boolean {
  return name.endsWith('.json') && !name.endsWith('.scenario.json') && name !== 'expected.json';
}

/**
 * Why a JSON text found in a folder is not a Flow, or undefined when it is one: a Flow JSON document is
 * an object with `screens` (a Flow that lacks `version` is still a Flow, and is reported as invalid). A
 * file named `*.flow.json` is always a Flow (so a broken one is reported, not skipped).
 */
export function notAFlowReason(name: string, text: string): string | undefined {
  if (name.endsWith('.flow.json')) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return 'not valid JSON (name it *.flow.json to have it validated)';
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return 'not a JSON object';
  return 'screens' in doc ? undefined : 'no "screens"';
}

async function walk(dir: string, display: string, out: FlowFile[], skipped: SkippedFile[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    const shown = join(display, entry.name);
    if (entry.isDirectory()) await walk(path, shown, out, skipped);
    else if (entry.isFile() && isFlowFileName(entry.name)) {
      const reason = await sniff(path, entry.name);
      if (reason === undefined) out.push({ display: shown, path });
      else skipped.push({ display: shown, reason });
    }
  }
}

async function sniff(path: string, name: string): Promise<string | undefined> {
  if (name.endsWith('.flow.json')) return undefined;
  const info = await stat(path).catch(() => undefined);
  if (info !== undefined && info.size > MAX_SNIFF_BYTES) return `larger than ${MAX_SNIFF_BYTES / 1024 / 1024} MB`;
  const text = await readFile(path, 'utf8').catch(() => undefined);
  // An unreadable file is kept: reading it again reports the error.
  return text === undefined ? undefined : notAFlowReason(name, text);
}

/**
 * Expands the command-line inputs: files are taken as given (whatever their name or content); folders
 * are searched recursively for Flow files — `*.flow.json`, and other `*.json` holding an object with
 * `screens` — skipping `*.scenario.json`, `expected.json`, dot-folders and node_modules.
 * The other `.json` files of a folder are listed as skipped, with the reason.
 */
export async function collectFlowFiles(inputs: readonly string[], cwd: string): Promise<CollectResult> {
  const files: FlowFile[] = [];
  const skipped: SkippedFile[] = [];
  for (const input of inputs) {
    const path = resolve(cwd, input);
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) return { ok: false, missing: input };
    if (info.isDirectory()) await walk(path, input, files, skipped);
    else files.push({ display: input, path });
  }
  return { ok: true, files, skipped };
}
