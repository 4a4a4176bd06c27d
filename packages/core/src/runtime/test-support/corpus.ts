import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The shared corpus folder (see corpus/README.md). */
export const CORPUS_DIR = path.join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus');

/** A corpus Flow with its file name. */
export interface CorpusFlow {
  readonly file: string;
  readonly doc: Record<string, unknown>;
  /** Static: no `data_api_version` and no `data_exchange` action anywhere. */
  readonly isStatic: boolean;
}

/** Loads every Flow of corpus/flows. */
export function loadCorpusFlows(): CorpusFlow[] {
  const dir = path.join(CORPUS_DIR, 'flows');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const doc = JSON.parse(text) as Record<string, unknown>;
      const isStatic = doc['data_api_version'] === undefined && !text.includes('"data_exchange"');
      return { file, doc, isStatic };
    });
}
