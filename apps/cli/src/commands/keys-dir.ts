import { join, resolve } from 'node:path';
import type { ParsedArgs } from '../args/parse-args.js';
import { stringFlag } from '../args/parse-args.js';
import type { CliIo } from '../cli-io.js';

/** The key folder: `--dir`, else `<FLOWLINE_DATA_DIR or ./data>/keys`, resolved against the working directory. */
export function keysDir(args: ParsedArgs, io: CliIo): string {
  const dir = stringFlag(args, 'dir');
  if (dir !== undefined) return resolve(io.cwd, dir);
  const dataDir = io.env['FLOWLINE_DATA_DIR'];
  return resolve(io.cwd, join(dataDir === undefined || dataDir === '' ? 'data' : dataDir, 'keys'));
}
