import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The shared test corpus folder (see /work/shared/corpus/README.md). */
export const CORPUS_DIR = join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus');

/** Every JSON document in a corpus subfolder, by file name. */
export function readCorpus(folder: 'flows' | 'invalid'): { file: string; text: string }[] {
  const dir = join(CORPUS_DIR, folder);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'expected.json')
    .sort()
    .map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') }));
}

/** The expected Meta code of each invalid corpus document. */
export function readExpectedCodes(): Record<string, string> {
  const raw: unknown = JSON.parse(readFileSync(join(CORPUS_DIR, 'invalid', 'expected.json'), 'utf8'));
  const out: Record<string, string> = {};
  if (typeof raw === 'object' && raw !== null) {
    for (const [file, entry] of Object.entries(raw)) {
      const code: unknown = typeof entry === 'object' && entry !== null ? (entry as { code?: unknown }).code : undefined;
      if (typeof code === 'string') out[file] = code;
    }
  }
  return out;
}
